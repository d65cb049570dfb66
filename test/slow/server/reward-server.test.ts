import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRewardSpec } from "../../../src/rewards/reward-spec.js";
import { type RewardServer, startRewardServer } from "../../../src/server/app.js";
import { serverConfig } from "../../../src/server/server-config.js";

// A real server on 127.0.0.1 with two verification workers and a short item budget, so the
// timeout test runs fast. The math verifier is used through its interface only: boxed answers.
const ITEM_TIMEOUT_MS = 1500;
const TIMEOUT_REWARD = -0.25;
const logLines: Record<string, unknown>[] = [];
let server: RewardServer;

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim() !== "") logLines.push(JSON.parse(line));
      done();
    },
  });
  server = await startRewardServer(
    serverConfig({
      port: 0,
      threads: 2,
      itemTimeoutMs: ITEM_TIMEOUT_MS,
      timeoutReward: TIMEOUT_REWARD,
      maxItems: 64,
      bodyLimitBytes: 256 * 1024,
      reward: parseRewardSpec({ accuracy: {}, format: { weight: 0.5 } }),
    }),
    pino(sink),
  );
});

afterAll(async () => {
  await server?.close();
});

const THINK = "<think>\nadd two and two\n</think>\n";

describe("POST /v1/rewards", () => {
  it("scores a batch in item order", async () => {
    const { status, json } = await post("/v1/rewards", {
      items: [
        { prompt: "2+2?", completion: `${THINK}The answer is \\boxed{4}.`, reference: "4" },
        { prompt: "2+2?", completion: "It is \\boxed{5}.", reference: "4", verifier: "math" },
        { prompt: "2+2?", completion: "I do not know.", reference: "4" },
      ],
    });
    expect(status).toBe(200);
    expect(json.rewards).toEqual([1.5, 0, 0]);

    const items = json.items as { components: object; verdict: { reason: string }; timeout: boolean }[];
    expect(items.map((item) => item.verdict.reason)).toEqual(["match", "mismatch", "no-answer"]);
    expect(items[0]!.components).toEqual({ accuracy: 1, format: 1 });
    expect(items.every((item) => item.timeout === false)).toBe(true);
  });

  it("answers an empty batch with empty lists", async () => {
    const { status, json } = await post("/v1/rewards", { items: [] });
    expect(status).toBe(200);
    expect(json).toEqual({ rewards: [], items: [] });
  });

  it("takes the composite reward from the request", async () => {
    const { json } = await post("/v1/rewards", {
      items: [{ completion: "\\boxed{4}", reference: "4", completion_tokens: 18432 }],
      reward: { accuracy: { weight: 2 }, overlong: {} },
    });
    // 2 × 1 for the answer, plus DAPO's (16384 − 18432)/4096 = −0.5 for the length.
    expect(json.rewards).toEqual([1.5]);
  });

  it("takes the verifier from a suite", async () => {
    const { status, json } = await post("/v1/rewards", {
      items: [{ completion: "So \\boxed{72}.", reference: "72", suite: "gsm8k" }],
    });
    expect(status).toBe(200);
    expect(json.rewards).toEqual([1]);
  });

  it("gives identical answers to identical requests", async () => {
    const body = {
      items: [
        { completion: `${THINK}\\boxed{\\frac{1}{2}}`, reference: "0.5" },
        { completion: "\\boxed{3}", reference: "4" },
      ],
    };
    const first = await post("/v1/rewards", body);
    const second = await post("/v1/rewards", body);
    expect(JSON.stringify(second.json)).toBe(JSON.stringify(first.json));
  });

  it("answers concurrent requests each with its own items", async () => {
    const requests = Array.from({ length: 40 }, (_, index) =>
      post("/v1/rewards", {
        items: [
          { completion: `\\boxed{${index}}`, reference: String(index) },
          { completion: `\\boxed{${index + 1}}`, reference: String(index) },
        ],
      }),
    );
    const responses = await Promise.all(requests);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.json.rewards).toEqual([1, 0]);
    }
  });

  it("gives a slow item the timeout reward without failing the batch", async () => {
    // An endless loop, run by the code verifier in its JavaScript isolate with its own limits
    // raised to 60 s, so the server's 1.5 s budget is what stops it.
    const slow = {
      verifier: "code",
      completion: "```javascript\nfunction f() { while (true) {} }\n```",
      reference: { entry_point: "f", calls: [{ args: [], expected: 1 }], language: "javascript" },
      options: { timeoutMs: 60_000, cpuTimeMs: 60_000 },
    };
    const started = performance.now();
    const { status, json } = await post("/v1/rewards", {
      items: [slow, { completion: "\\boxed{4}", reference: "4" }],
    });
    const elapsed = performance.now() - started;

    expect(status).toBe(200);
    const items = json.items as { reward: number; timeout: boolean; verdict: { reason: string } }[];
    expect(items[0]).toMatchObject({ reward: TIMEOUT_REWARD, timeout: true, verdict: { reason: "timeout" } });
    expect(items[1]).toMatchObject({ reward: 1, timeout: false });
    expect(elapsed).toBeLessThan(ITEM_TIMEOUT_MS + 5000);

    // The pool replaced the stopped worker and keeps serving.
    const after = await post("/v1/rewards", { items: [{ completion: "\\boxed{4}", reference: "4" }] });
    expect(after.json.rewards).toEqual([1]);
  });
});

describe("malformed requests", () => {
  it.each([
    ["unparsable JSON", "{items: [", "body"],
    ["body not an object", "[1, 2]", "body"],
    ["items missing", {}, "items"],
    ["completion missing", { items: [{ reference: "4" }] }, "items[0].completion"],
    ["completion not a string", { items: [{ completion: 4, reference: "4" }] }, "items[0].completion"],
    ["reference missing", { items: [{ completion: "4" }] }, "items[0].reference"],
    [
      "misspelled field",
      { items: [{ completion: "4", reference: "4", completoin: "" }] },
      "items[0].completoin",
    ],
    [
      "negative token count",
      { items: [{ completion: "4", reference: "4", completion_tokens: -1 }] },
      "items[0].completion_tokens",
    ],
    [
      "unknown verifier",
      { items: [{ completion: "4", reference: "4", verifier: "chess" }] },
      "items[0].verifier",
    ],
    [
      "unknown suite",
      { items: [{ completion: "4", reference: "4", suite: "no-such-suite" }] },
      "items[0].suite",
    ],
    [
      "suite path from a request",
      { items: [{ completion: "4", reference: "4", suite: "/etc" }] },
      "items[0].suite",
    ],
    [
      "verifier and suite",
      { items: [{ completion: "4", reference: "4", verifier: "math", suite: "gsm8k" }] },
      "items[0].suite",
    ],
    [
      "invalid verifier options",
      { items: [{ completion: "4", reference: "4", options: { timeoutMs: "soon" } }] },
      "items[0].options",
    ],
    ["invalid reward weight", { items: [], reward: { format: { weight: "high" } } }, "reward.format.weight"],
    [
      "too many items",
      { items: Array.from({ length: 65 }, () => ({ completion: "", reference: "1" })) },
      "items",
    ],
  ])("%s → 400 naming the field", async (_case, body, field) => {
    const { status, json } = await post("/v1/rewards", body);
    expect(status).toBe(400);
    expect(json.field).toBe(field);
  });

  it("rejects a body over the size limit with 413", async () => {
    const { status, json } = await post("/v1/rewards", {
      items: [{ completion: "x".repeat(300_000), reference: "1" }],
    });
    expect(status).toBe(413);
    expect(json.field).toBe("body");
  });

  it.each([
    ["text/csv", "/v1/rewards"],
    ["text/plain", "/v1/rewards"],
    ["text/plain;charset=UTF-8", "/get_reward"],
  ])("rejects a %s body to %s with 415", async (type, path) => {
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      body: '{"items": []}',
      headers: { "content-type": type },
    });
    const json = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(415);
    expect(json).toMatchObject({ error: "unsupported-media-type", field: "content-type" });
    expect(json.message).toContain(type);
  });

  it.each([
    ["GET", "/nope"],
    ["POST", "/v1/reward"],
    ["GET", "/v1/rewards"],
  ])("answers %s %s with 404 in the server's error shape", async (method, path) => {
    const response = await fetch(`${server.url}${path}`, { method });
    const json = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(404);
    expect(json).toEqual({ error: "not-found", field: "url", message: expect.stringContaining(path) });
    expect(json.message).toContain("POST /v1/rewards");
  });
});

describe("POST /get_reward", () => {
  const prompt = "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";

  it("scores the response after the prompt without special tokens", async () => {
    const { status, json } = await post("/get_reward", {
      query: [
        `<|endoftext|><|endoftext|>${prompt}${THINK}\\boxed{4}<|im_end|><|endoftext|>`,
        `${prompt}\\boxed{5}<|im_end|>`,
      ],
      prompts: [prompt, prompt],
      labels: ["4", "4"],
    });
    expect(status).toBe(200);
    // The first response has the think block and the right answer; the prompt's own text
    // (which has no think block) and the trailing special tokens must not break the format.
    expect(json.rewards).toEqual([1.5, 0]);
    expect(json.scores).toEqual([1, 0]);
    expect(json.extra_logs).toEqual({ accuracy: [1, 0], format: [1, 0], timeout: [0, 0] });
  });

  it("answers empty lists with empty lists", async () => {
    const { status, json } = await post("/get_reward", { query: [], prompts: [], labels: [] });
    expect(status).toBe(200);
    expect(json).toEqual({ rewards: [], scores: [], extra_logs: { timeout: [] } });
  });

  it.each([
    ["labels of another length", { query: ["a"], prompts: ["a"], labels: [] }, "labels"],
    ["prompts missing", { query: ["a"], labels: ["1"] }, "prompts"],
    ["query not a list", { query: "a", prompts: ["a"], labels: ["1"] }, "query"],
  ])("%s → 400 naming the field", async (_case, body, field) => {
    const { status, json } = await post("/get_reward", body);
    expect(status).toBe(400);
    expect(json.field).toBe(field);
  });
});

describe("GET /health and /metrics", () => {
  it("reports health", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(await response.json()).toMatchObject({ status: "ok", threads: 2 });
  });

  it("exports Prometheus counters for requests, verdicts and timeouts", async () => {
    const response = await fetch(`${server.url}/metrics`);
    const text = await response.text();
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(text).toMatch(/verdict_requests_total\{route="\/v1\/rewards",status="200"\} \d+/);
    expect(text).toMatch(/verdict_requests_total\{route="\/v1\/rewards",status="400"\} \d+/);
    expect(text).toMatch(/verdict_verdicts_total\{verifier="math",reason="match"\} \d+/);
    expect(text).toMatch(/verdict_item_timeouts_total\{verifier="code"\} [1-9]/);
    expect(text).toContain("verdict_request_duration_seconds_bucket");
    expect(text).toContain("process_resident_memory_bytes");
  });
});

describe("request log", () => {
  it("writes one line per request with its id, size and time", async () => {
    const before = logLines.length;
    await post("/v1/rewards", { items: [{ completion: "\\boxed{4}", reference: "4" }] });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const lines = logLines.slice(before).filter((line) => line.msg === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ route: "/v1/rewards", status: 200, items: 1 });
    expect(lines[0]!.reqId).toEqual(expect.any(String));
    expect(lines[0]!.bytes).toBeGreaterThan(0);
    expect(lines[0]!.ms).toEqual(expect.any(Number));
  });

  it.each([
    ["unparsable JSON", "{items: ["],
    ["an invalid field", '{"items": [{"completion": 4, "reference": "4"}]}'],
  ])("counts the bytes of a chunked body with %s", async (_case, text) => {
    const before = logLines.length;
    // A streamed body goes out chunked, without a Content-Length header.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/v1/rewards`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const lines = logLines.slice(before).filter((line) => line.msg === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: 400, bytes: Buffer.byteLength(text) });
  });
});
