// Public library surface of verdict: `import { rewards, advantages } from "verdict"`.

export { lastBoxed, type MathOptions, mathVerifier } from "../verifiers/math/index.js";
export { generateSamples } from "./eval/generate.js";
export { generateAndScore, resolveSampling } from "./eval/generate-run.js";
export { SampleCache } from "./eval/sample-cache.js";
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
