/**
 * The contract between verdict's generation loop and a model: a local GGUF model through
 * node-llama-cpp or a remote OpenAI-compatible server. A request is one problem's prompt and
 * the sample indices still to generate; the backend reports each completion as it finishes.
 */

/** One message of a chat prompt, rendered with the model's chat template before generation. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** A prompt given as plain text (sent verbatim) or as chat messages. */
export type Prompt = { text: string } | { messages: ChatMessage[] };

/**
 * Sampling parameters of one run. The defaults follow reasoning-model evaluations rather than
 * chat-library defaults: no repetition penalty and no context shift, so a sample that reaches
 * its token limit ends with finish reason `length`.
 */
export interface SamplingParameters {
  /** 0 means greedy decoding. */
  temperature: number;
  /** Nucleus sampling threshold in (0, 1]; 1 disables it. */
  topP: number;
  /** 0 disables top-k. */
  topK: number;
  /** 0 disables min-p. */
  minP: number;
  /** Maximum number of generated tokens per sample. */
  maxTokens: number;
  /** Strings that end a sample when generated; the stop string itself is not kept. */
  stop: string[];
  /** Base seed; sample `i` uses {@link sampleSeed}(seed, i). */
  seed: number;
}

/** `stop`: the model ended or a stop string appeared; `length`: the token limit was reached. */
export type FinishReason = "stop" | "length" | "error";

/** One generated sample. */
export interface Completion {
  /** 0-based sample index within the problem, in [0, n). */
  index: number;
  /** The generated text, including any `<think>…</think>` reasoning part. */
  text: string;
  /** Number of generated tokens (the backend's count). */
  tokens: number;
  /** True when `tokens` is an estimate (a server that reports only a total for several samples). */
  tokensApproximate?: boolean;
  /** Tokens up to and including `</think>`, when the completion contains one. */
  thinkTokens?: number;
  finishReason: FinishReason;
  /** Why generation failed, when `finishReason` is `error`. */
  error?: string;
}

/** A request for some samples of one problem. */
export interface GenerationRequest {
  prompt: Prompt;
  sampling: SamplingParameters;
  /** Sample indices to generate; a resumed run asks only for the missing ones. */
  sampleIndices: number[];
  signal?: AbortSignal;
}

/** A model that generates completions. */
export interface ModelBackend {
  /** Backend kind, stored with the results. */
  readonly kind: "llama-cpp" | "openai";
  /** The model's identity for the sample cache: a file path with its size and time, or a served model name. */
  readonly modelId: string;
  /** How many requests the generation loop should keep in flight. */
  readonly concurrency: number;
  /** Settings to store with the results (backend, device, context size, threads, URL). */
  describe(): Record<string, unknown>;
  /**
   * Generates the requested samples, calling `onCompletion` as each finishes, and returns them
   * all. A failed sample comes back with finish reason `error` rather than as a thrown error,
   * unless the failure affects every request (such as an unreachable server after retries).
   */
  generate(
    request: GenerationRequest,
    onCompletion?: (completion: Completion) => void,
  ): Promise<Completion[]>;
  /** Releases the model, context or connections. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Returns the seed of sample `index`: distinct per sample, and the same for the same base seed
 * and index, so a resumed run draws each missing sample with the seed it would have had.
 */
export function sampleSeed(seed: number, index: number): number {
  return (seed + index * 1_000_003) % 2 ** 32;
}

/** Returns the number of tokens up to and including `</think>`, or undefined without one. */
export function countThinkTokens(text: string, tokenize: (text: string) => number): number | undefined {
  const end = text.indexOf("</think>");
  if (end === -1) return undefined;
  return tokenize(text.slice(0, end + "</think>".length));
}
