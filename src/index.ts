// Public library surface of verdict: `import { rewards, advantages } from "verdict"`.

export { lastBoxed, type MathOptions, mathVerifier } from "../verifiers/math/index.js";
export { loadVerifier, VERIFIER_NAMES } from "../verifiers/registry.js";
export type { Verdict, VerdictReason, Verifier } from "../verifiers/verifier.js";
export { generateSamples } from "./eval/generate.js";
export { generateAndScore, resolveSampling } from "./eval/generate-run.js";
export { SampleCache } from "./eval/sample-cache.js";
export { type Results, scorePredictions } from "./eval/score.js";
export { VerifierSet } from "./eval/verifier-set.js";
export { verifyRows } from "./eval/verify-rows.js";
export { passAtK, reportedKs } from "./metrics/pass-at-k.js";
export { clusteredMean, meanWithError } from "./metrics/standard-error.js";
export { computeMetrics, type SuiteMetrics } from "./metrics/suite-metrics.js";
export { createLlamaCppBackend, LlamaCppBackend } from "./models/llama-cpp-backend.js";
export type {
  Completion,
  GenerationRequest,
  ModelBackend,
  Prompt,
  SamplingParameters,
} from "./models/model-backend.js";
export { GpuUnavailableError, ModelLoadError, ModelServerError } from "./models/model-errors.js";
export { OpenAiBackend } from "./models/openai-backend.js";
export * as advantages from "./rewards/advantages.js";
export * as rewards from "./rewards/index.js";
export { listSuites, loadSuite } from "./suites/load-suite.js";
export type { Problem, Suite, SuiteDefinition } from "./suites/suite-definition.js";
