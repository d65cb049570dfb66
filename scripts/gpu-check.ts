// GPU check of the local model runner. It loads a GGUF model with `--gpu cuda`, which fails when
// CUDA is not available rather than falling back to the CPU. Then it prints generated tokens per
// second for 1 and for 8 parallel sequences, as a Markdown table for BENCHMARKS.md.
//
// Run on a machine with an NVIDIA GPU:
//   node --import tsx scripts/gpu-check.ts [--model FILE.gguf] [--max-tokens 256] [--gpu cuda]
// Without --model it writes the tiny random-weight test model, which checks that CUDA loads and
// runs, but whose speed says little about real models; pass a real GGUF file for real figures.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLlamaCppBackend, type GpuChoice, gpuChoices } from "../src/models/llama-cpp-backend.js";
import type { SamplingParameters } from "../src/models/model-backend.js";
import { GpuUnavailableError, ModelLoadError } from "../src/models/model-errors.js";
import { writeTinyGguf } from "../test/fixtures-gen/tiny-gguf.js";

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    "max-tokens": { type: "string", default: "256" },
    gpu: { type: "string", default: "cuda" },
    rounds: { type: "string", default: "3" },
  },
});

const gpu = values.gpu as GpuChoice;
if (!gpuChoices.includes(gpu))
  throw new Error(`--gpu must be one of ${gpuChoices.join(", ")}, got ${values.gpu}`);
const maxTokens = Number(values["max-tokens"]);
const rounds = Number(values.rounds);

const scratch = await mkdtemp(join(tmpdir(), "verdict-gpu-check-"));
try {
  const modelPath = values.model ?? join(scratch, "tiny.gguf");
  if (values.model === undefined) await writeTinyGguf(modelPath);

  const backend = await createLlamaCppBackend({
    modelPath,
    gpu,
    gpuLayers: "max",
    parallelSequences: 8,
    contextSize: maxTokens + 256,
  });
  const settings = backend.describe();
  const sampling: SamplingParameters = {
    temperature: 0.6,
    topP: 0.95,
    topK: 0,
    minP: 0,
    maxTokens,
    stop: [],
    seed: 0,
  };
  const prompt = { text: "Question: what is the sum of the first ten positive integers?\nAnswer:" };

  const rows: string[] = [];
  try {
    await backend.generate({ prompt, sampling, sampleIndices: [0] }); // warm-up
    for (const sequences of [1, 8]) {
      const rates: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const indices = Array.from({ length: sequences }, (_, index) => round * 8 + index);
        const started = performance.now();
        const completions = await backend.generate({ prompt, sampling, sampleIndices: indices });
        const seconds = (performance.now() - started) / 1000;
        rates.push(completions.reduce((sum, completion) => sum + completion.tokens, 0) / seconds);
      }
      rates.sort((a, b) => a - b);
      rows.push(`| ${sequences} | ${(rates[Math.floor(rates.length / 2)] ?? 0).toFixed(0)} |`);
    }
  } finally {
    await backend.close();
  }

  console.log(`model: ${modelPath}`);
  console.log(
    `backend: ${settings.gpu}, GPU layers ${settings.gpuLayers}, context ${settings.contextSize} per sequence`,
  );
  console.log(`sampling: ${maxTokens} tokens per sample, temperature 0.6, median of ${rounds} rounds\n`);
  console.log("| parallel sequences | generated tokens/s |\n|---|---|");
  console.log(rows.join("\n"));
} catch (error) {
  if (!(error instanceof GpuUnavailableError || error instanceof ModelLoadError)) throw error;
  console.error(`gpu-check: ${error.message}`);
  process.exitCode = 1;
} finally {
  await rm(scratch, { recursive: true, force: true });
}
