import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLlamaGpuTypes } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlamaCppBackend, type LlamaCppBackend } from "../../../src/models/llama-cpp-backend.js";
import type { SamplingParameters } from "../../../src/models/model-backend.js";
import { GpuUnavailableError, ModelLoadError } from "../../../src/models/model-errors.js";
import { writeTinyGguf } from "../../fixtures-gen/tiny-gguf.js";

const sampling: SamplingParameters = {
  temperature: 0.8,
  topP: 0.95,
  topK: 0,
  minP: 0,
  maxTokens: 24,
  stop: [],
  seed: 3,
};
const prompt = { text: "the answer is" };
const eight = [0, 1, 2, 3, 4, 5, 6, 7];

let dir: string;
let modelPath: string;
let backend: LlamaCppBackend;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "verdict-llama-"));
  modelPath = join(dir, "tiny.gguf");
  await writeTinyGguf(modelPath);
  backend = await createLlamaCppBackend({ modelPath, gpu: "cpu", parallelSequences: 8, contextSize: 512 });
});

afterAll(async () => {
  await backend?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("local GGUF backend on the tiny model", () => {
  it("records the CPU backend and its settings", () => {
    const settings = backend.describe();
    expect(settings.gpu).toBe("cpu");
    expect(settings.parallelSequences).toBe(8);
    expect(settings.contextSize).toBe(512);
    expect(backend.modelId).toMatch(/^gguf:[0-9a-f]{16}$/);
  });

  it("draws n distinct samples in one batch", async () => {
    const completions = await backend.generate({ prompt, sampling, sampleIndices: eight });

    expect(completions.map((c) => c.index)).toEqual(eight);
    expect(new Set(completions.map((c) => c.text)).size).toBe(8);
  });

  it("ends every sample at the token limit as length", async () => {
    const completions = await backend.generate({ prompt, sampling, sampleIndices: eight });

    for (const completion of completions) {
      expect(completion.finishReason).toBe("length");
      expect(completion.tokens).toBe(sampling.maxTokens);
    }
  });

  it("reproduces a sample from its seed and index alone", async () => {
    const batch = await backend.generate({ prompt, sampling, sampleIndices: eight });
    const alone = await backend.generate({ prompt, sampling, sampleIndices: [5] });
    const reordered = await backend.generate({ prompt, sampling, sampleIndices: [6, 2] });

    expect(alone[0]?.text).toBe(batch[5]?.text);
    expect(reordered.map((c) => c.text)).toEqual([batch[6]?.text, batch[2]?.text]);
  });

  it("changes the samples when the base seed changes", async () => {
    const first = await backend.generate({ prompt, sampling, sampleIndices: [0, 1] });
    const reseeded = await backend.generate({
      prompt,
      sampling: { ...sampling, seed: 4 },
      sampleIndices: [0, 1],
    });

    expect(reseeded[0]?.text).not.toBe(first[0]?.text);
    expect(reseeded[1]?.text).not.toBe(first[1]?.text);
  });

  it("gives identical greedy samples at temperature 0", async () => {
    const completions = await backend.generate({
      prompt,
      sampling: { ...sampling, temperature: 0 },
      sampleIndices: [0, 1, 2],
    });

    expect(new Set(completions.map((c) => c.text)).size).toBe(1);
  });

  it("stops at a stop string and drops it", async () => {
    const greedy = { ...sampling, temperature: 0, maxTokens: 40 };
    const [full] = await backend.generate({ prompt: { text: "the" }, sampling: greedy, sampleIndices: [0] });
    const text = full?.text ?? "";
    // The stop string is a two-letter word found in the output after a space. Tokens of this
    // vocabulary carry their leading space ("▁is"), and the text is cut before the whole token
    // in which the stop string starts, so the space goes too.
    const at = text.slice(1).search(/ [a-z]{2}/) + 1;
    const stop = text.slice(at + 1, at + 3);
    const [stopped] = await backend.generate({
      prompt: { text: "the" },
      sampling: { ...greedy, stop: [stop] },
      sampleIndices: [0],
    });

    expect(stop).toMatch(/^[a-z]{2}$/);
    expect(stopped?.finishReason).toBe("stop");
    expect(stopped?.text).toBe(text.slice(0, at));
  });

  it("renders a chat prompt with the model's chat template", async () => {
    const messages = [
      { role: "system" as const, content: "Answer briefly." },
      { role: "user" as const, content: "what is the answer" },
    ];
    const [completion] = await backend.generate({ prompt: { messages }, sampling, sampleIndices: [0] });

    expect(completion?.finishReason).toBe("length");
    expect(completion?.text.length).toBeGreaterThan(0);
  });

  it("ends as length, not with a context shift, when the context fills", async () => {
    // llama.cpp rounds context sizes up to a multiple of 256, so 256 is the smallest there is.
    const small = await createLlamaCppBackend({
      modelPath,
      gpu: "cpu",
      parallelSequences: 1,
      contextSize: 256,
    });
    try {
      const [completion] = await small.generate({
        prompt,
        sampling: { ...sampling, maxTokens: 400 },
        sampleIndices: [0],
      });
      expect(small.describe().contextSize).toBe(256);
      expect(completion?.finishReason).toBe("length");
      expect(completion?.tokens).toBeGreaterThan(200);
      expect(completion?.tokens).toBeLessThan(256);
    } finally {
      await small.close();
    }
  });

  it("fails a prompt longer than the context", async () => {
    const small = await createLlamaCppBackend({
      modelPath,
      gpu: "cpu",
      parallelSequences: 1,
      contextSize: 256,
    });
    try {
      const long = { text: "the answer is ".repeat(200) };
      const [completion] = await small.generate({ prompt: long, sampling, sampleIndices: [0] });
      expect(completion?.finishReason).toBe("error");
      expect(completion?.error).toMatch(
        /the prompt is too long: \d+ tokens, but the context has room for 256 per sequence; raise --context-size/,
      );
    } finally {
      await small.close();
    }
  });

  it("counts think tokens with the model's tokenizer", () => {
    expect(backend.countTokens("a</think>")).toBe(2);
    expect(backend.countTokens("a b</think>")).toBe(3);
  });
});

describe("model loading errors", () => {
  it.each([
    ["a missing file", async () => join(dir, "missing.gguf"), /not found or unreadable/],
    ["a text file", async () => writeAt("notes.gguf", "not a model"), /is not a GGUF file/],
    [
      "a file cut in half",
      async () => writeAt("half.gguf", await halfOfModel()),
      /failed to load model .*truncated or corrupt/,
    ],
    [
      "a header only",
      async () => writeAt("header.gguf", (await readFile(modelPath)).subarray(0, 64)),
      /truncated or corrupt/,
    ],
  ])("rejects %s with a clear message", async (_name, makePath, message) => {
    const path = await makePath();
    const loading = createLlamaCppBackend({ modelPath: path, gpu: "cpu" });

    await expect(loading).rejects.toThrow(ModelLoadError);
    await expect(loading).rejects.toThrow(message);
  });

  it("rejects an explicit GPU backend that is not available", async () => {
    const supported = await getLlamaGpuTypes("supported");
    if (supported.includes("cuda")) return; // This machine has CUDA: nothing to reject.

    const loading = createLlamaCppBackend({ modelPath, gpu: "cuda" });
    await expect(loading).rejects.toThrow(GpuUnavailableError);
    await expect(loading).rejects.toThrow(/--gpu cuda is not available.*available here: cpu/);
  });
});

async function writeAt(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function halfOfModel(): Promise<Buffer> {
  const bytes = await readFile(modelPath);
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}
