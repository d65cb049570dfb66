import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/eval/generate-progress.js";
import { buildPrompt, defaultSampling, resolveSampling } from "../../src/eval/generate-run.js";
import { countThinkTokens, sampleSeed } from "../../src/models/model-backend.js";
import { apiBaseOf } from "../../src/models/openai-backend.js";
import { type Suite, suiteDefinitionSchema } from "../../src/suites/suite-definition.js";

function suiteWith(generation: Record<string, unknown>): Suite {
  const definition = suiteDefinitionSchema.parse({
    name: "tiny",
    version: "1",
    data: "data.jsonl",
    fields: { prompt: "question", reference: "answer" },
    verifier: "math",
    generation,
  });
  return { definition, dir: "/suites/tiny", dataPath: "/suites/tiny/data.jsonl", problems: [] };
}

describe("resolveSampling", () => {
  it("uses the built-in defaults when the suite sets nothing", () => {
    expect(resolveSampling(suiteWith({}), {})).toEqual(defaultSampling);
  });

  it("takes the suite's defaults over the built-in ones", () => {
    const sampling = resolveSampling(suiteWith({ temperature: 0, maxTokens: 512, n: 4 }), {});
    expect(sampling).toMatchObject({ temperature: 0, maxTokens: 512, n: 4, topP: 0.95 });
  });

  it("takes command-line values over the suite's", () => {
    const sampling = resolveSampling(suiteWith({ temperature: 0, n: 4 }), {
      temperature: 0.6,
      n: 16,
      topP: undefined,
    });
    expect(sampling).toMatchObject({ temperature: 0.6, n: 16, topP: 0.95 });
  });

  it.each([
    ["n of 0", { n: 0 }, /n must be a positive integer/],
    ["fractional max tokens", { maxTokens: 1.5 }, /max tokens must be a positive integer/],
    ["negative temperature", { temperature: -1 }, /temperature must be 0 or more/],
    ["top-p above 1", { topP: 1.5 }, /top-p must be in \(0, 1\]/],
    ["negative seed", { seed: -1 }, /seed must be a non-negative integer/],
    ["negative top-k", { topK: -1 }, /top-k must be a non-negative integer/],
    ["min-p above 1", { minP: 2 }, /min-p must be in \[0, 1\]/],
  ])("rejects %s", (_name, overrides, message) => {
    expect(() => resolveSampling(suiteWith({}), overrides)).toThrow(message);
  });
});

describe("buildPrompt", () => {
  it("wraps the problem in a user message for chat models", () => {
    expect(buildPrompt("2+2?", "chat")).toEqual({ messages: [{ role: "user", content: "2+2?" }] });
  });

  it("puts the system message first", () => {
    expect(buildPrompt("2+2?", "chat", "Be brief.")).toEqual({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "2+2?" },
      ],
    });
  });

  it("sends the text verbatim for the text format", () => {
    expect(buildPrompt("2+2?", "text")).toEqual({ text: "2+2?" });
  });
});

describe("sampleSeed", () => {
  it("gives every sample index of a run its own seed", () => {
    const seeds = Array.from({ length: 1000 }, (_, index) => sampleSeed(0, index));
    expect(new Set(seeds).size).toBe(1000);
  });

  it("keeps runs with neighbouring base seeds apart", () => {
    const first = new Set(Array.from({ length: 64 }, (_, index) => sampleSeed(1, index)));
    const second = Array.from({ length: 64 }, (_, index) => sampleSeed(2, index));
    expect(second.filter((seed) => first.has(seed))).toEqual([]);
  });

  it("stays a 32-bit unsigned integer", () => {
    const seed = sampleSeed(2 ** 32 - 1, 5000);
    expect(Number.isInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(2 ** 32);
  });
});

describe("countThinkTokens", () => {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

  it("counts up to and including the closing tag", () => {
    expect(countThinkTokens("<think> a b c </think> answer 4", words)).toBe(5);
  });

  it("counts a reasoning part whose opening tag was in the prompt", () => {
    expect(countThinkTokens("a b </think> 4", words)).toBe(3);
  });

  it("returns undefined without a closing tag", () => {
    expect(countThinkTokens("<think> still thinking", words)).toBeUndefined();
  });
});

describe("apiBaseOf", () => {
  it.each([
    ["http://127.0.0.1:8000", "http://127.0.0.1:8000/v1"],
    ["http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1"],
    ["http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"],
    ["http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1"],
    ["http://127.0.0.1:8000/proxy/v1", "http://127.0.0.1:8000/proxy/v1"],
  ])("normalises %s", (input, expected) => {
    expect(apiBaseOf(input)).toBe(expected);
  });

  it("rejects a value without an http scheme", () => {
    expect(() => apiBaseOf("localhost:8000")).toThrow(/invalid base URL/);
    expect(() => apiBaseOf("not a url")).toThrow(/invalid base URL/);
  });
});

describe("formatDuration", () => {
  it.each([
    [undefined, "?"],
    [12.4, "12s"],
    [185, "3m05s"],
    [3720, "1h02m"],
  ])("formats %s seconds as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
