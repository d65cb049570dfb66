import { join } from "node:path";
import type { ChatMessage, ModelBackend, Prompt, SamplingParameters } from "../models/model-backend.js";
import type { Suite } from "../suites/suite-definition.js";
import { type GenerationOutcome, generateSamples } from "./generate.js";
import type { GenerationProgress } from "./generate-progress.js";
import { SampleCache } from "./sample-cache.js";
import { type Results, scorePredictions } from "./score.js";

/**
 * Sampling settings used when neither the command line nor the suite sets them: DeepSeek-R1's
 * evaluation settings (temperature 0.6, top-p 0.95), one sample of at most 4096 tokens, seed 0.
 */
export const defaultSampling: SamplingParameters & { n: number } = {
  temperature: 0.6,
  topP: 0.95,
  topK: 0,
  minP: 0,
  maxTokens: 4096,
  stop: [],
  seed: 0,
  n: 1,
};

/** Settings given on the command line; each one overrides the suite's default. */
export type SamplingOverrides = Partial<SamplingParameters & { n: number }>;

/** Merges the built-in defaults, the suite's `generation` defaults and the overrides, in that order. */
export function resolveSampling(
  suite: Suite,
  overrides: SamplingOverrides,
): SamplingParameters & { n: number } {
  const merged = {
    ...defaultSampling,
    ...definedFields(suite.definition.generation),
    ...definedFields(overrides),
  };
  if (!Number.isInteger(merged.n) || merged.n < 1)
    throw new RangeError(`n must be a positive integer, got ${merged.n}`);
  if (!Number.isInteger(merged.maxTokens) || merged.maxTokens < 1) {
    throw new RangeError(`max tokens must be a positive integer, got ${merged.maxTokens}`);
  }
  if (!(merged.temperature >= 0))
    throw new RangeError(`temperature must be 0 or more, got ${merged.temperature}`);
  if (!(merged.topP > 0 && merged.topP <= 1))
    throw new RangeError(`top-p must be in (0, 1], got ${merged.topP}`);
  if (!Number.isInteger(merged.topK) || merged.topK < 0) {
    throw new RangeError(`top-k must be a non-negative integer, got ${merged.topK}`);
  }
  if (!(merged.minP >= 0 && merged.minP <= 1))
    throw new RangeError(`min-p must be in [0, 1], got ${merged.minP}`);
  if (!Number.isInteger(merged.seed) || merged.seed < 0)
    throw new RangeError(`seed must be a non-negative integer, got ${merged.seed}`);
  return merged;
}

function definedFields<Value extends object>(value: Value): Partial<Value> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<Value>;
}

/** Prompt format: chat messages rendered with the model's template, or plain text. */
export type PromptFormat = "chat" | "text";

/** Builds the model prompt of a problem: one user message (with an optional system message) or the raw text. */
export function buildPrompt(problemPrompt: string, format: PromptFormat, systemPrompt?: string): Prompt {
  if (format === "text") return { text: problemPrompt };
  const messages: ChatMessage[] = [];
  if (systemPrompt !== undefined) messages.push({ role: "system", content: systemPrompt });
  messages.push({ role: "user", content: problemPrompt });
  return { messages };
}

export interface GenerateAndScoreOptions {
  suite: Suite;
  backend: ModelBackend;
  sampling: SamplingParameters & { n: number };
  promptFormat: PromptFormat;
  systemPrompt?: string;
  /** Only the first `limit` problems of the suite. */
  limit?: number;
  outDir: string;
  /** Sample cache file. Default `<outDir>/generations.jsonl`. */
  cachePath?: string;
  progress?: GenerationProgress;
  /** Extra fields stored in `results.json` under `run` (the command line, for instance). */
  runInfo?: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * Generates n samples per problem (resuming from the cache), then scores them as
 * `verdict score` does and writes `results.json` and `samples.jsonl` to `outDir`.
 */
export async function generateAndScore(
  options: GenerateAndScoreOptions,
): Promise<{ results: Results; generation: GenerationOutcome }> {
  const { suite, backend, sampling } = options;
  const problems = options.limit === undefined ? suite.problems : suite.problems.slice(0, options.limit);
  const tasks = problems.map((problem) => ({
    problemId: problem.id,
    prompt: buildPrompt(problem.prompt, options.promptFormat, options.systemPrompt),
  }));

  const cachePath = options.cachePath ?? join(options.outDir, "generations.jsonl");
  const cache = await SampleCache.open(cachePath);
  let generation: GenerationOutcome;
  try {
    const { n, ...samplingParameters } = sampling;
    generation = await generateSamples({
      backend,
      tasks,
      n,
      sampling: samplingParameters,
      cache,
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await cache.close();
  }

  const predictions = new Map(
    [...generation.completions].map(([id, completions]) => [id, completions.map((c) => c.text)]),
  );
  const results = await scorePredictions({
    suite,
    predictions,
    outDir: options.outDir,
    run: runRecord(options, generation, cachePath, problems.length),
  });
  return { results, generation };
}

function runRecord(
  options: GenerateAndScoreOptions,
  generation: GenerationOutcome,
  cachePath: string,
  problemCount: number,
): Record<string, unknown> {
  return {
    ...options.runInfo,
    model: options.backend.describe(),
    modelId: options.backend.modelId,
    sampling: options.sampling,
    promptFormat: options.promptFormat,
    ...(options.systemPrompt === undefined ? {} : { systemPrompt: options.systemPrompt }),
    problems: problemCount,
    generation: {
      cache: cachePath,
      generated: generation.generated,
      reusedFromCache: generation.reused,
      finishReasons: generation.finishReasons,
      completionTokens: generation.completionTokens,
      thinkTokens: generation.thinkTokens,
      meanCompletionTokens: generation.completionTokens / Math.max(1, problemCount * options.sampling.n),
      seconds: generation.seconds,
      tokensPerSecond: generation.tokensPerSecond,
      errors: generation.errors,
      tokensPerSample: Object.fromEntries(
        [...generation.completions].map(([id, completions]) => [id, completions.map((c) => c.tokens)]),
      ),
    },
  };
}
