import pLimit from "p-limit";
import type {
  Completion,
  FinishReason,
  ModelBackend,
  Prompt,
  SamplingParameters,
} from "../models/model-backend.js";
import type { GenerationProgress } from "./generate-progress.js";
import { type CachedSample, requestKey, type SampleCache } from "./sample-cache.js";

/** A problem to generate for: its id and its rendered prompt. */
export interface GenerationTask {
  problemId: string;
  prompt: Prompt;
}

export interface GenerateOptions {
  backend: ModelBackend;
  tasks: GenerationTask[];
  /** Samples per problem. */
  n: number;
  sampling: SamplingParameters;
  /** Samples already stored are reused; new ones are appended as they finish. */
  cache: SampleCache;
  progress?: GenerationProgress;
  signal?: AbortSignal;
}

/** Result of one generation pass. */
export interface GenerationOutcome {
  /** Completions per problem id, in sample index order, n each; a failed sample has empty text. */
  completions: Map<string, Completion[]>;
  /** Samples generated in this pass. */
  generated: number;
  /** Samples taken from the cache. */
  reused: number;
  finishReasons: Record<FinishReason, number>;
  /** Generated tokens over all n samples of every problem, cached ones included. */
  completionTokens: number;
  /** Tokens inside `<think>…</think>`, over the samples that have such a part. */
  thinkTokens: number;
  /** Wall time of this pass in seconds. */
  seconds: number;
  /** Tokens generated in this pass divided by its wall time. */
  tokensPerSecond: number;
  /** Error messages of failed samples, counted by message. */
  errors: Record<string, number>;
}

/**
 * Generates the n samples of every task, skipping those already in the cache. Problems run
 * concurrently up to the backend's concurrency, so several problems share a batch when n is
 * smaller than the backend's parallel sequences.
 */
export async function generateSamples(options: GenerateOptions): Promise<GenerationOutcome> {
  const started = performance.now();
  const { backend, cache, sampling, n } = options;
  const outcome = emptyOutcome();
  const plans = options.tasks.map((task) => planTask(task, backend.modelId, sampling, n, cache));
  const missing = plans.reduce((sum, plan) => sum + plan.missing.length, 0);
  options.progress?.start(n * plans.length, n * plans.length - missing);

  let tokensThisPass = 0;
  const limit = pLimit(Math.max(1, backend.concurrency));
  await Promise.all(
    plans.map((plan) =>
      limit(async () => {
        if (plan.missing.length === 0) return;
        const request = {
          prompt: plan.task.prompt,
          sampling,
          sampleIndices: plan.missing,
          signal: options.signal,
        };
        await backend.generate(request, (completion) => {
          cache.add(plan.key, plan.task.problemId, completion);
          plan.completions[completion.index] = completion;
          tokensThisPass += completion.tokens;
          options.progress?.advance(completion.tokens);
        });
      }),
    ),
  );
  await cache.flush();
  options.progress?.stop();

  for (const plan of plans) record(outcome, plan, n);
  outcome.generated = missing;
  outcome.reused = n * plans.length - missing;
  outcome.seconds = (performance.now() - started) / 1000;
  outcome.tokensPerSecond = outcome.seconds > 0 ? tokensThisPass / outcome.seconds : 0;
  return outcome;
}

interface TaskPlan {
  task: GenerationTask;
  key: string;
  /** Sample slots, filled from the cache first and then by generation. */
  completions: (Completion | undefined)[];
  missing: number[];
}

function planTask(
  task: GenerationTask,
  modelId: string,
  sampling: SamplingParameters,
  n: number,
  cache: SampleCache,
): TaskPlan {
  const key = requestKey(modelId, task.prompt, sampling);
  const completions: (Completion | undefined)[] = Array.from({ length: n }, () => undefined);
  const missing: number[] = [];
  for (let index = 0; index < n; index++) {
    const cached = cache.get(key, index);
    if (cached === undefined) missing.push(index);
    else completions[index] = fromCache(cached);
  }
  return { task, key, completions, missing };
}

function fromCache(cached: CachedSample): Completion {
  const { index, text, tokens, tokensApproximate, thinkTokens, finishReason } = cached;
  return {
    index,
    text,
    tokens,
    finishReason,
    ...(tokensApproximate ? { tokensApproximate } : {}),
    ...(thinkTokens === undefined ? {} : { thinkTokens }),
  };
}

function record(outcome: GenerationOutcome, plan: TaskPlan, n: number): void {
  const samples: Completion[] = [];
  for (let index = 0; index < n; index++) {
    const completion = plan.completions[index] ?? {
      index,
      text: "",
      tokens: 0,
      finishReason: "error",
      error: "no result",
    };
    samples.push(completion);
    outcome.finishReasons[completion.finishReason]++;
    outcome.completionTokens += completion.tokens;
    outcome.thinkTokens += completion.thinkTokens ?? 0;
    if (completion.finishReason === "error") {
      const message = completion.error ?? "unknown error";
      outcome.errors[message] = (outcome.errors[message] ?? 0) + 1;
    }
  }
  outcome.completions.set(plan.task.problemId, samples);
}

function emptyOutcome(): GenerationOutcome {
  return {
    completions: new Map(),
    generated: 0,
    reused: 0,
    finishReasons: { stop: 0, length: 0, error: 0 },
    completionTokens: 0,
    thinkTokens: 0,
    seconds: 0,
    tokensPerSecond: 0,
    errors: {},
  };
}
