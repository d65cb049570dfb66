import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestKey, SampleCache } from "../../src/eval/sample-cache.js";
import { SampleCacheLockedError } from "../../src/eval/sample-cache-lock.js";
import type { Completion, SamplingParameters } from "../../src/models/model-backend.js";

const sampling: SamplingParameters = {
  temperature: 0.6,
  topP: 0.95,
  topK: 0,
  minP: 0,
  maxTokens: 64,
  stop: [],
  seed: 0,
};
const prompt = { text: "What is 2+2?" };

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "verdict-cache-"));
  path = join(dir, "generations.jsonl");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function completion(
  index: number,
  text = `sample ${index}`,
  finishReason: Completion["finishReason"] = "stop",
): Completion {
  return { index, text, tokens: 3, finishReason };
}

describe("requestKey", () => {
  const base = requestKey("gguf:abc", prompt, sampling);

  it.each([
    ["model", requestKey("gguf:abd", prompt, sampling)],
    ["prompt", requestKey("gguf:abc", { text: "What is 2+3?" }, sampling)],
    [
      "prompt format",
      requestKey("gguf:abc", { messages: [{ role: "user", content: "What is 2+2?" }] }, sampling),
    ],
    ["temperature", requestKey("gguf:abc", prompt, { ...sampling, temperature: 0.7 })],
    ["top-p", requestKey("gguf:abc", prompt, { ...sampling, topP: 0.9 })],
    ["top-k", requestKey("gguf:abc", prompt, { ...sampling, topK: 20 })],
    ["min-p", requestKey("gguf:abc", prompt, { ...sampling, minP: 0.05 })],
    ["max tokens", requestKey("gguf:abc", prompt, { ...sampling, maxTokens: 65 })],
    ["stop strings", requestKey("gguf:abc", prompt, { ...sampling, stop: ["\n"] })],
    ["seed", requestKey("gguf:abc", prompt, { ...sampling, seed: 1 })],
  ])("changes with the %s", (_field, key) => {
    expect(key).not.toBe(base);
  });

  it("ignores the order of sampling fields", () => {
    const reordered = { seed: 0, stop: [], maxTokens: 64, minP: 0, topK: 0, topP: 0.95, temperature: 0.6 };
    expect(requestKey("gguf:abc", prompt, reordered)).toBe(base);
  });
});

describe("SampleCache", () => {
  it("stores each sample index separately and reads them back", async () => {
    const cache = await SampleCache.open(path);
    cache.add("k", "p1", completion(0));
    cache.add("k", "p1", completion(1));
    await cache.close();

    const reopened = await SampleCache.open(path);
    expect(reopened.size).toBe(2);
    expect(reopened.get("k", 0)?.text).toBe("sample 0");
    expect(reopened.get("k", 1)?.text).toBe("sample 1");
    expect(reopened.get("k", 2)).toBeUndefined();
    await reopened.close();
  });

  it("does not store failed samples, so a rerun retries them", async () => {
    const cache = await SampleCache.open(path);
    cache.add("k", "p1", { ...completion(0, ""), finishReason: "error", error: "prompt too long" });
    await cache.close();

    expect(await readFile(path, "utf8")).toBe("");
  });

  it("writes a sample index once even if added twice", async () => {
    const cache = await SampleCache.open(path);
    cache.add("k", "p1", completion(0, "first"));
    cache.add("k", "p1", completion(0, "second"));
    await cache.close();

    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "{}").text).toBe("first");
  });

  it("drops a cut-off last line", async () => {
    const good = JSON.stringify({
      key: "k",
      problemId: "p1",
      index: 0,
      text: "kept",
      tokens: 1,
      finishReason: "stop",
    });
    await writeFile(path, `${good}\n{"key":"k","problemId":"p1","index":1,"te`);

    const cache = await SampleCache.open(path);
    expect(cache.size).toBe(1);
    expect(cache.droppedLines).toBe(1);
    cache.add("k", "p1", completion(1, "regenerated"));
    await cache.close();

    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).text)).toEqual(["kept", "regenerated"]);
  });

  it("drops a complete last line that lacks its newline", async () => {
    const line = JSON.stringify({
      key: "k",
      problemId: "p1",
      index: 0,
      text: "maybe cut",
      tokens: 1,
      finishReason: "stop",
    });
    await writeFile(path, line);

    const cache = await SampleCache.open(path);
    expect(cache.size).toBe(0);
    await cache.close();
    expect(await readFile(path, "utf8")).toBe("");
  });

  it("skips lines of the wrong shape", async () => {
    const good = JSON.stringify({
      key: "k",
      problemId: "p1",
      index: 0,
      text: "ok",
      tokens: 1,
      finishReason: "stop",
    });
    const wrong = JSON.stringify({
      key: "k",
      problemId: "p1",
      index: 1,
      text: "bad",
      tokens: 1,
      finishReason: "error",
    });
    await writeFile(path, `${wrong}\n${good}\n`);

    const cache = await SampleCache.open(path);
    expect(cache.size).toBe(1);
    expect(cache.droppedLines).toBe(1);
    await cache.close();
  });

  it("rejects a second writer while the first is open", async () => {
    const first = await SampleCache.open(path);
    await expect(SampleCache.open(path)).rejects.toThrow(SampleCacheLockedError);
    await expect(SampleCache.open(path)).rejects.toThrow(/is in use by another verdict run \(process \d+\)/);
    await first.close();

    const second = await SampleCache.open(path);
    await second.close();
  });

  it("takes over a lock left by a dead process", async () => {
    const exited = spawnSync(process.execPath, ["-e", ""]);
    await writeFile(`${path}.lock`, String(exited.pid));

    const cache = await SampleCache.open(path);
    cache.add("k", "p1", completion(0));
    await cache.close();
    expect(cache.size).toBe(1);
  });
});
