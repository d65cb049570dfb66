import { afterEach, describe, expect, it } from "vitest";
import { type SamplingParameters, sampleSeed } from "../../../src/models/model-backend.js";
import { ModelServerError } from "../../../src/models/model-errors.js";
import { OpenAiBackend, type OpenAiBackendOptions } from "../../../src/models/openai-backend.js";
import { type StandInOptions, type StandInServer, startOpenAiStandIn } from "./openai-stand-in.js";

const sampling: SamplingParameters = {
  temperature: 0.6,
  topP: 0.95,
  topK: 0,
  minP: 0,
  maxTokens: 32,
  stop: [],
  seed: 11,
};
const chatPrompt = { messages: [{ role: "user" as const, content: "What is 2+2?" }] };

let server: StandInServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(standIn: StandInOptions = {}, backend: Partial<OpenAiBackendOptions> = {}) {
  server = await startOpenAiStandIn(standIn);
  const client = new OpenAiBackend({
    baseUrl: server.url,
    model: "stand-in-model",
    initialBackoffMs: 1,
    ...backend,
  });
  return { server, client };
}

describe("OpenAI-compatible backend against the stand-in server", () => {
  it("asks for n samples in one chat request", async () => {
    const { server, client } = await setUp();
    const completions = await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0, 1, 2, 3] });

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe("/v1/chat/completions");
    expect(server.requests[0]?.body.n).toBe(4);
    expect(server.requests[0]?.body.seed).toBe(sampleSeed(11, 0));
    expect(completions.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(new Set(completions.map((c) => c.text)).size).toBe(4);
  });

  it("sends text prompts to /v1/completions", async () => {
    const { server, client } = await setUp();
    const [completion] = await client.generate({ prompt: { text: "2+2=" }, sampling, sampleIndices: [0] });

    expect(server.requests[0]?.path).toBe("/v1/completions");
    expect(server.requests[0]?.body.prompt).toBe("2+2=");
    expect(completion?.text).toMatch(/^answer /);
    expect(completion?.tokens).toBe(4);
    expect(completion?.finishReason).toBe("stop");
  });

  it("splits samples over requests with a distinct seed each", async () => {
    const { server, client } = await setUp({}, { maxSamplesPerRequest: 1 });
    await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [2, 5, 7] });

    const seeds = server.requests.map((request) => request.body.seed).sort();
    expect(seeds).toEqual([sampleSeed(11, 2), sampleSeed(11, 5), sampleSeed(11, 7)].sort());
    expect(server.requests.every((request) => request.body.n === 1)).toBe(true);
  });

  it("marks a sample cut at max_tokens as length", async () => {
    const { client } = await setUp({ respond: () => "one two three four five six" });
    const [completion] = await client.generate({
      prompt: chatPrompt,
      sampling: { ...sampling, maxTokens: 3 },
      sampleIndices: [0],
    });

    expect(completion?.finishReason).toBe("length");
    expect(completion?.tokens).toBe(3);
    expect(completion?.text).toBe("one two three");
  });

  it("sends top_k, min_p and stop only when set", async () => {
    const { server, client } = await setUp();
    await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });
    await client.generate({
      prompt: chatPrompt,
      sampling: { ...sampling, topK: 20, minP: 0.05, stop: ["</answer>"] },
      sampleIndices: [0],
    });

    const [plain, tuned] = server.requests.map((request) => request.body);
    expect(plain).not.toHaveProperty("top_k");
    expect(plain).not.toHaveProperty("min_p");
    expect(plain).not.toHaveProperty("stop");
    expect(tuned).toMatchObject({ top_k: 20, min_p: 0.05, stop: ["</answer>"] });
  });

  it("keeps split reasoning inside think tags", async () => {
    const { client } = await setUp({
      splitReasoning: true,
      respond: () => "<think>2 and 2 make 4</think> The answer is 4",
    });
    const [completion] = await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });

    expect(completion?.text).toBe("<think>2 and 2 make 4</think> The answer is 4");
  });

  it.each([
    [
      "503 then 429 with Retry-After",
      [
        { kind: "status", status: 503 },
        { kind: "status", status: 429, retryAfterSeconds: 0 },
      ],
    ],
    ["a dropped connection", [{ kind: "drop" }]],
    ["a 500", [{ kind: "status", status: 500 }]],
  ] as const)("retries after %s", async (_name, faults) => {
    const retries: string[] = [];
    const { server, client } = await setUp(
      { faults: [...faults] },
      { onRetry: (event) => retries.push(event.reason) },
    );
    const [completion] = await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });

    expect(completion?.finishReason).toBe("stop");
    expect(server.requests).toHaveLength(faults.length + 1);
    expect(retries).toHaveLength(faults.length);
  });

  it("gives up after the retry limit", async () => {
    const faults = Array.from({ length: 5 }, () => ({ kind: "status", status: 503 }) as const);
    const { server, client } = await setUp({ faults }, { maxRetries: 2 });
    const request = client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });

    await expect(request).rejects.toThrow(/after 2 retries: HTTP 503/);
    expect(server.requests).toHaveLength(3);
  });

  it("times out a slow request and retries it", async () => {
    const { server, client } = await setUp(
      { faults: [{ kind: "delay", ms: 1000 }] },
      { requestTimeoutMs: 200 },
    );
    const [completion] = await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });

    expect(completion?.finishReason).toBe("stop");
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ["an unknown model (404)", { model: "other-model" }, /HTTP 404.*does not exist/],
    ["a bad request (400)", { faults: [{ kind: "status", status: 400 }] as const }, /HTTP 400/],
    ["an HTML body", { faults: [{ kind: "garbage" }] as const }, /not JSON.*check --base-url/],
    [
      "JSON without choices",
      { faults: [{ kind: "wrong-shape" }] as const },
      /does not match the OpenAI schema/,
    ],
  ])("fails without retrying on %s", async (_name, standIn, message) => {
    const { server, client } = await setUp({
      ...standIn,
      faults: "faults" in standIn ? [...standIn.faults] : [],
    });
    const request = client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });

    await expect(request).rejects.toThrow(ModelServerError);
    await expect(request).rejects.toThrow(message);
    expect(server.requests).toHaveLength(1);
  });

  it("reads the API key from the named environment variable", async () => {
    process.env.VERDICT_TEST_KEY = "sk-test-123";
    try {
      const { server, client } = await setUp({}, { apiKeyEnv: "VERDICT_TEST_KEY" });
      await client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });
      expect(server.requests[0]?.authorization).toBe("Bearer sk-test-123");
    } finally {
      delete process.env.VERDICT_TEST_KEY;
    }
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const { server, client } = await setUp({ latencyMs: 50 }, { concurrency: 3, maxSamplesPerRequest: 1 });
    const completions = await client.generate({
      prompt: chatPrompt,
      sampling,
      sampleIndices: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    });

    expect(completions).toHaveLength(9);
    expect(server.maxInFlight).toBe(3);
  });

  it("fails clearly when the server is not listening", async () => {
    const { server, client } = await setUp({}, { maxRetries: 1 });
    await server.close();
    const request = client.generate({ prompt: chatPrompt, sampling, sampleIndices: [0] });

    await expect(request).rejects.toThrow(/after 1 retries: fetch failed/);
  });
});
