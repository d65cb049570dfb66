import { basename, resolve } from "node:path";
import type { CommandModule } from "yargs";
import { InvalidOptionsError } from "../../../verifiers/verifier.js";
import { createGenerationProgress } from "../../eval/generate-progress.js";
import {
  generateAndScore,
  type PromptFormat,
  resolveSampling,
  type SamplingOverrides,
} from "../../eval/generate-run.js";
import { createLlamaCppBackend, type GpuChoice, gpuChoices } from "../../models/llama-cpp-backend.js";
import type { ModelBackend } from "../../models/model-backend.js";
import { GpuUnavailableError, ModelLoadError, ModelServerError } from "../../models/model-errors.js";
import { OpenAiBackend } from "../../models/openai-backend.js";
import { loadSuite, SuiteError } from "../../suites/load-suite.js";
import { DataFileError } from "../../suites/read-rows.js";
import type { Suite } from "../../suites/suite-definition.js";
import { UserError } from "../user-error.js";
import { formatSummary } from "./score.js";

interface RunArgs {
  suite: string;
  model: string;
  backend: "llama-cpp" | "openai";
  n?: number | undefined;
  temperature?: number | undefined;
  "top-p"?: number | undefined;
  "top-k"?: number | undefined;
  "min-p"?: number | undefined;
  "max-tokens"?: number | undefined;
  stop?: string[] | undefined;
  seed?: number | undefined;
  limit?: number | undefined;
  out?: string | undefined;
  cache?: string | undefined;
  "prompt-format": PromptFormat;
  system?: string | undefined;
  gpu: GpuChoice;
  "gpu-layers"?: string | undefined;
  "context-size"?: number | undefined;
  parallel?: number | undefined;
  threads?: number | undefined;
  "base-url"?: string | undefined;
  "api-key-env": string;
  concurrency?: number | undefined;
  "samples-per-request"?: number | undefined;
  "max-retries"?: number | undefined;
  "request-timeout"?: number | undefined;
}

/** Tokens of context kept for the prompt on top of `--max-tokens` when `--context-size` is not given. */
const promptAllowance = 2048;

export const runCommand: CommandModule<object, RunArgs> = {
  command: "run",
  describe: "Generate samples with a model for a suite, then score them as `verdict score` does",
  builder: (yargs) =>
    yargs
      .option("suite", {
        alias: "s",
        type: "string",
        demandOption: true,
        describe: "Built-in suite name or path of a suite.json",
      })
      .option("model", {
        alias: "m",
        type: "string",
        demandOption: true,
        describe: "GGUF file (llama-cpp) or served model name (openai)",
      })
      .option("backend", {
        choices: ["llama-cpp", "openai"] as const,
        default: "llama-cpp" as const,
        describe: "Where samples come from",
      })
      .option("n", { type: "number", describe: "Samples per problem (default: the suite's, else 1)" })
      .option("temperature", {
        type: "number",
        describe: "Sampling temperature; 0 is greedy (default: the suite's, else 0.6)",
      })
      .option("top-p", {
        type: "number",
        describe: "Nucleus sampling threshold in (0, 1] (default: the suite's, else 0.95)",
      })
      .option("top-k", {
        type: "number",
        describe: "Top-k sampling; 0 disables it (default: the suite's, else 0)",
      })
      .option("min-p", {
        type: "number",
        describe: "Min-p sampling; 0 disables it (default: the suite's, else 0)",
      })
      .option("max-tokens", {
        type: "number",
        describe: "Maximum generated tokens per sample (default: the suite's, else 4096)",
      })
      .option("stop", {
        type: "string",
        array: true,
        describe: "Stop strings (default: the suite's, else none)",
      })
      .option("seed", {
        type: "number",
        describe: "Base seed; sample i uses a seed derived from it and i (default 0)",
      })
      .option("limit", { type: "number", describe: "Only the first K problems of the suite" })
      .option("out", {
        alias: "o",
        type: "string",
        describe: "Output folder (default: reports/run-<suite>-<model>)",
      })
      .option("cache", { type: "string", describe: "Sample cache file (default: <out>/generations.jsonl)" })
      .option("prompt-format", {
        choices: ["chat", "text"] as const,
        default: "chat" as const,
        describe:
          "chat: the prompt is a user message rendered with the model's chat template; text: sent verbatim",
      })
      .option("system", {
        type: "string",
        describe: "System message put before the prompt (chat format only)",
      })
      .group(["gpu", "gpu-layers", "context-size", "parallel", "threads"], "Local model (llama-cpp):")
      .option("gpu", {
        choices: gpuChoices,
        default: "auto" as const,
        describe: "Compute backend; an explicit one that is not available is an error",
      })
      .option("gpu-layers", {
        type: "string",
        describe: "Layers offloaded to the GPU: a number, max or auto (default auto)",
      })
      .option("context-size", {
        type: "number",
        describe: "Context tokens per sequence (default: max tokens + 2048)",
      })
      .option("parallel", {
        type: "number",
        describe: "Sequences generated together in one batch (default 8)",
      })
      .option("threads", { type: "number", describe: "CPU threads (default: half the logical cores)" })
      .group(
        ["base-url", "api-key-env", "concurrency", "samples-per-request", "max-retries", "request-timeout"],
        "OpenAI-compatible server (openai):",
      )
      .option("base-url", { type: "string", describe: "Server address, e.g. http://127.0.0.1:8000/v1" })
      .option("api-key-env", {
        type: "string",
        default: "OPENAI_API_KEY",
        describe: "Environment variable that holds the API key",
      })
      .option("concurrency", { type: "number", describe: "Requests in flight (default 64)" })
      .option("samples-per-request", {
        type: "number",
        describe: "Most samples asked for in one request with `n` (default 16; 1 for servers without n)",
      })
      .option("max-retries", {
        type: "number",
        describe: "Retries on 429, 5xx, connection errors and timeouts (default 5)",
      })
      .option("request-timeout", {
        type: "number",
        describe: "Seconds before one request is abandoned and retried (default 600)",
      })
      .example(
        "$0 run --suite aime24 --model ckpt.gguf -n 16",
        "16 samples per problem from a local GGUF model",
      )
      .example(
        "$0 run --suite gsm8k --backend openai --base-url http://127.0.0.1:8000/v1 --model Qwen/Qwen2.5-7B-Instruct",
        "Generate with a vLLM server",
      ),
  handler: async (args) => {
    rejectRepeatedFlags(args);
    const suite = await loadSuiteForRun(args.suite);
    const sampling = resolveSamplingForRun(suite, args);
    const outDir = resolve(args.out ?? defaultRunDir(suite.definition.name, args.model));
    const backend = await createBackend(args, sampling.maxTokens);

    try {
      const { results, generation } = await generateAndScore({
        suite,
        backend,
        sampling,
        promptFormat: args["prompt-format"],
        ...(args.system === undefined ? {} : { systemPrompt: args.system }),
        ...(args.limit === undefined ? {} : { limit: positiveInteger(args.limit, "--limit") }),
        outDir,
        ...(args.cache === undefined ? {} : { cachePath: resolve(args.cache) }),
        progress: createGenerationProgress(),
        runInfo: { command: "run", argv: process.argv.slice(2) },
      });

      console.log(formatSummary(results));
      const { finishReasons } = generation;
      console.log(
        `generated ${generation.generated} samples (${generation.reused} from the cache) in ${generation.seconds.toFixed(1)} s, ` +
          `${generation.tokensPerSecond.toFixed(0)} tokens/s; finish: stop ${finishReasons.stop}, length ${finishReasons.length}, error ${finishReasons.error}`,
      );
      if (finishReasons.error > 0) {
        console.error(
          `verdict: ${finishReasons.error} samples failed and were scored as empty; run the same command again to retry them:`,
        );
        for (const [message, count] of Object.entries(generation.errors))
          console.error(`  ${count} × ${message}`);
      }
      console.log(`\nwrote ${outDir}/results.json and ${outDir}/samples.jsonl`);
    } catch (error) {
      if (error instanceof ModelServerError || error instanceof InvalidOptionsError)
        throw new UserError(error.message);
      throw error;
    } finally {
      await backend.close();
    }
  },
};

/** yargs turns a flag given twice into an array; every flag of `run` except `--stop` takes one value. */
function rejectRepeatedFlags(args: RunArgs): void {
  for (const [flag, value] of Object.entries(args)) {
    if (flag === "stop" || flag === "_" || !Array.isArray(value)) continue;
    const name = flag.length === 1 ? `-${flag}` : `--${flag}`;
    throw new UserError(`${name} given ${value.length} times; give it once`);
  }
}

async function loadSuiteForRun(nameOrPath: string): Promise<Suite> {
  try {
    return await loadSuite(nameOrPath);
  } catch (error) {
    if (error instanceof SuiteError || error instanceof DataFileError) throw new UserError(error.message);
    throw error;
  }
}

function resolveSamplingForRun(suite: Suite, args: RunArgs): ReturnType<typeof resolveSampling> {
  const overrides: SamplingOverrides = {
    n: args.n,
    temperature: args.temperature,
    topP: args["top-p"],
    topK: args["top-k"],
    minP: args["min-p"],
    maxTokens: args["max-tokens"],
    stop: args.stop,
    seed: args.seed,
  };
  try {
    return resolveSampling(suite, overrides);
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(error.message);
    throw error;
  }
}

async function createBackend(args: RunArgs, maxTokens: number): Promise<ModelBackend> {
  if (args.backend === "openai") return createOpenAiBackend(args);

  try {
    return await createLlamaCppBackend({
      modelPath: args.model,
      gpu: args.gpu,
      gpuLayers: parseGpuLayers(args["gpu-layers"]),
      contextSize: args["context-size"] ?? maxTokens + promptAllowance,
      ...(args.parallel === undefined
        ? {}
        : { parallelSequences: positiveInteger(args.parallel, "--parallel") }),
      ...(args.threads === undefined ? {} : { threads: positiveInteger(args.threads, "--threads") }),
    });
  } catch (error) {
    if (error instanceof ModelLoadError || error instanceof GpuUnavailableError)
      throw new UserError(error.message);
    throw error;
  }
}

function createOpenAiBackend(args: RunArgs): ModelBackend {
  if (args["base-url"] === undefined)
    throw new UserError("--backend openai needs --base-url, e.g. --base-url http://127.0.0.1:8000/v1");
  const retries = new Map<string, number>();
  try {
    return new OpenAiBackend({
      baseUrl: args["base-url"],
      model: args.model,
      apiKeyEnv: args["api-key-env"],
      ...(args.concurrency === undefined
        ? {}
        : { concurrency: positiveInteger(args.concurrency, "--concurrency") }),
      ...(args["samples-per-request"] === undefined
        ? {}
        : { maxSamplesPerRequest: positiveInteger(args["samples-per-request"], "--samples-per-request") }),
      ...(args["max-retries"] === undefined ? {} : { maxRetries: args["max-retries"] }),
      ...(args["request-timeout"] === undefined ? {} : { requestTimeoutMs: args["request-timeout"] * 1000 }),
      onRetry: (event) => {
        // One line for the first retry of each kind of failure, then every 100th, with counts.
        const count = (retries.get(event.reason) ?? 0) + 1;
        retries.set(event.reason, count);
        if (count === 1 || count % 100 === 0) {
          console.error(
            `verdict: retrying ${event.url} in ${event.delayMs} ms (${count}× so far): ${event.reason}`,
          );
        }
      },
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(error.message);
    throw error;
  }
}

function parseGpuLayers(value: string | undefined): number | "auto" | "max" {
  if (value === undefined || value === "auto" || value === "max") return value ?? "auto";
  const layers = Number(value);
  if (!Number.isInteger(layers) || layers < 0)
    throw new UserError(`--gpu-layers must be a non-negative integer, max or auto, got ${value}`);
  return layers;
}

function positiveInteger(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`${flag} must be a positive integer, got ${value}`);
  return value;
}

/** `reports/run-<suite>-<model>`: stable for the same suite and model, so a rerun resumes. */
function defaultRunDir(suiteName: string, model: string): string {
  const modelName = basename(model)
    .replace(/\.gguf$/i, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_");
  return `reports/run-${suiteName}-${modelName}`;
}
