import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyGguf } from "../../fixtures-gen/tiny-gguf.js";
import { runCli } from "../../helpers/run-cli.js";
import { startOpenAiStandIn } from "./openai-stand-in.js";
import { additionProblems, sumInPrompt, writeAdditionSuite } from "./run-fixtures.js";

let dir: string;
let suitePath: string;
let modelPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "verdict-run-"));
  suitePath = await writeAdditionSuite(join(dir, "suite"), additionProblems, {
    temperature: 0.8,
    maxTokens: 16,
  });
  modelPath = join(dir, "tiny.gguf");
  await writeTinyGguf(modelPath);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readJsonLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("verdict run on the tiny GGUF model", () => {
  it("generates, scores and writes results.json", async () => {
    const out = join(dir, "local");
    const result = await runCli([
      "run",
      "--suite",
      suitePath,
      "--model",
      modelPath,
      "--gpu",
      "cpu",
      "-n",
      "4",
      "--out",
      out,
    ]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);

    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(results.summary.problems).toBe(3);
    expect(results.summary.samples).toBe(12);
    expect(results.summary.metrics["pass@1"]).toEqual({ value: 0, stderr: 0 });
    expect(results.run.model).toMatchObject({ backend: "llama-cpp", gpu: "cpu", parallelSequences: 8 });
    expect(results.run.sampling).toMatchObject({ temperature: 0.8, maxTokens: 16, n: 4, seed: 0 });
    expect(results.run.generation).toMatchObject({
      generated: 12,
      reusedFromCache: 0,
      completionTokens: 12 * 16,
    });
    expect(results.run.generation.finishReasons).toEqual({ stop: 0, length: 12, error: 0 });

    const samples = await readJsonLines(join(out, "samples.jsonl"));
    expect(samples).toHaveLength(12);
    expect(result.stdout).toMatch(/generated 12 samples \(0 from the cache\)/);
    expect(result.stderr).toMatch(/^generating 12 samples$/m);
    expect(result.stderr).toMatch(/^generated 12\/12 samples, \d+ tokens\/s, 0s left$/m);
  });

  it("scores only the first problems with --limit", async () => {
    const out = join(dir, "limit");
    const result = await runCli([
      "run",
      "--suite",
      suitePath,
      "--model",
      modelPath,
      "--gpu",
      "cpu",
      "--limit",
      "2",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);

    const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
    expect(results.summary.problems).toBe(2);
    expect(results.unanswered).toBe(1);
  });

  it("reuses the cache and generates only new sample indices when n grows", async () => {
    const out = join(dir, "grow");
    const args = ["run", "--suite", suitePath, "--model", modelPath, "--gpu", "cpu", "--out", out];
    await runCli([...args, "-n", "2"]);
    const first = await readJsonLines(join(out, "generations.jsonl"));
    const result = await runCli([...args, "-n", "3"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/generated 3 samples \(6 from the cache\)/);
    const all = await readJsonLines(join(out, "generations.jsonl"));
    expect(all).toHaveLength(9);
    expect(all.slice(0, 6)).toEqual(first);
  });

  it.each([
    ["an unavailable explicit GPU", ["--gpu", "vulkan"], /--gpu vulkan is not available/],
    ["a file that is not GGUF", ["--model", "package.json"], /is not a GGUF file/],
    ["a missing model", ["--model", "missing.gguf"], /not found or unreadable/],
    ["an invalid top-p", ["--top-p", "2"], /top-p must be in \(0, 1\]/],
    ["a limit of 0", ["--limit", "0"], /--limit must be a positive integer, got 0/],
    ["an unknown suite", ["--suite", "no-such-suite"], /Unknown suite "no-such-suite"/],
  ])("fails with a clear message on %s", async (_name, extra, message) => {
    const flags = new Map([
      ["--suite", suitePath],
      ["--model", modelPath],
      ["--out", join(dir, "errors")],
    ]);
    for (let i = 0; i < extra.length; i += 2) flags.set(extra[i] ?? "", extra[i + 1] ?? "");
    const result = await runCli(["run", ...[...flags].flat()]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a cache in use by a live process", async () => {
    const out = join(dir, "locked");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "generations.jsonl.lock"), String(process.pid));
    const result = await runCli([
      "run",
      "--suite",
      suitePath,
      "--model",
      modelPath,
      "--gpu",
      "cpu",
      "--out",
      out,
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`is in use by another verdict run \\(process ${process.pid}\\)`),
    );
  });

  it("rejects a flag given twice", async () => {
    const result = await runCli(["run", "--suite", suitePath, "--model", modelPath, "--model", modelPath]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--model given 2 times; give it once/);
  });
});

describe("verdict run against the OpenAI-compatible stand-in server", () => {
  it("generates, scores and writes results.json", async () => {
    // Even-numbered choices give the right sum and odd ones a wrong sum, so pass@1 is exactly 0.5.
    const server = await startOpenAiStandIn({
      respond: ({ prompt, choiceIndex }) => {
        const sum = sumInPrompt(prompt) ?? 0;
        return `<think>add the numbers</think> The answer is \\boxed{${choiceIndex % 2 === 0 ? sum : sum + 1}}.`;
      },
    });
    try {
      const out = join(dir, "openai");
      const args = [
        "run",
        "--suite",
        suitePath,
        "--backend",
        "openai",
        "--base-url",
        server.url,
        "--model",
        "stand-in-model",
      ];
      const result = await runCli([...args, "-n", "4", "--max-tokens", "64", "--out", out]);
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.code).toBe(0);

      const results = JSON.parse(await readFile(join(out, "results.json"), "utf8"));
      expect(results.summary.metrics["pass@1"].value).toBeCloseTo(0.5, 10);
      expect(results.summary.metrics["pass@4"].value).toBe(1);
      expect(results.run.model).toMatchObject({
        backend: "openai",
        model: "stand-in-model",
        baseUrl: server.url,
      });
      expect(results.run.generation.finishReasons).toEqual({ stop: 12, length: 0, error: 0 });
      expect(server.requests).toHaveLength(3);
      expect(server.requests.every((request) => request.body.n === 4 && request.body.max_tokens === 64)).toBe(
        true,
      );

      const rerun = await runCli([...args, "-n", "4", "--max-tokens", "64", "--out", out]);
      expect(rerun.stdout).toMatch(/generated 0 samples \(12 from the cache\)/);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("logs a retry after a 503 and finishes", async () => {
    const server = await startOpenAiStandIn({ faults: [{ kind: "status", status: 503 }] });
    try {
      const args = [
        "run",
        "--suite",
        suitePath,
        "--backend",
        "openai",
        "--base-url",
        server.url,
        "--model",
        "stand-in-model",
      ];
      const result = await runCli([...args, "--concurrency", "1", "--out", join(dir, "retry")]);

      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /retrying http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions in \d+ ms \(1× so far\): HTTP 503/,
      );
      expect(server.requests).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it("fails with the server's message when the model is unknown", async () => {
    const server = await startOpenAiStandIn();
    try {
      const args = [
        "run",
        "--suite",
        suitePath,
        "--backend",
        "openai",
        "--base-url",
        server.url,
        "--model",
        "nope",
      ];
      const result = await runCli([...args, "--out", join(dir, "unknown-model")]);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/HTTP 404.*The model `nope` does not exist/);
    } finally {
      await server.close();
    }
  });

  it("asks for --base-url with the openai backend", async () => {
    const result = await runCli([
      "run",
      "--suite",
      suitePath,
      "--backend",
      "openai",
      "--model",
      "m",
      "--out",
      join(dir, "no-url"),
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--backend openai needs --base-url/);
  });
});
