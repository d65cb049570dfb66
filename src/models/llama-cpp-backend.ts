import { availableParallelism } from "node:os";
import { resolve } from "node:path";
// Only types are imported statically: loading node-llama-cpp took about 2 s on a busy 2-core machine,
// and the rest of verdict (every other command, the reward library) must not pay for it.
import type {
  ChatHistoryItem,
  ChatWrapper,
  Llama,
  LlamaCompletionResponse,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  LlamaText,
} from "node-llama-cpp";
import { checkGgufFile, fingerprintModelFile } from "./gguf-file.js";
import {
  type ChatMessage,
  type Completion,
  countThinkTokens,
  type FinishReason,
  type GenerationRequest,
  type ModelBackend,
  type Prompt,
  type SamplingParameters,
  sampleSeed,
} from "./model-backend.js";
import { GpuUnavailableError, ModelLoadError } from "./model-errors.js";
import { SequencePool } from "./sequence-pool.js";

type NodeLlamaCpp = typeof import("node-llama-cpp");

export const gpuChoices = ["auto", "cuda", "vulkan", "metal", "cpu"] as const;
export type GpuChoice = (typeof gpuChoices)[number];

/** Options of the local GGUF backend. */
export interface LlamaCppBackendOptions {
  modelPath: string;
  /**
   * Compute backend. `auto` (the default) takes the best prebuilt binary that loads here, CPU
   * included; an explicit `cuda`, `vulkan` or `metal` that cannot load is an error.
   */
  gpu?: GpuChoice;
  /** Layers to offload to the GPU: a count, `max`, or `auto` (the default: as many as fit). */
  gpuLayers?: number | "auto" | "max";
  /** Context size per sequence in tokens (prompt plus completion). Default 4096, capped at the model's training context. */
  contextSize?: number;
  /** Sequences generated together in one context (one batch). Default 8. */
  parallelSequences?: number;
  /**
   * CPU threads for evaluation. Default: half the logical cores, at least 1. ggml's threads
   * spin while they wait, so using every core (or more threads than cores, the library's
   * default on small machines) collapses throughput as soon as anything else needs a core.
   */
  threads?: number;
}

/** Default thread count; see {@link LlamaCppBackendOptions.threads}. */
export function defaultThreadCount(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

/** Loads a GGUF model with node-llama-cpp and returns a backend that generates from it. */
export async function createLlamaCppBackend(options: LlamaCppBackendOptions): Promise<LlamaCppBackend> {
  const modelPath = resolve(options.modelPath);
  await checkGgufFile(modelPath);
  const threads = options.threads ?? defaultThreadCount();
  const llamaCpp = await import("node-llama-cpp");
  const llama = await loadLlama(llamaCpp, options.gpu ?? "auto", threads);

  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath, gpuLayers: options.gpuLayers ?? "auto" });
  } catch (error) {
    await llama.dispose();
    throw new ModelLoadError(
      `failed to load model ${modelPath}: ${errorMessage(error)}. The file may be truncated or corrupt; download or convert it again`,
      { cause: error },
    );
  }

  const parallelSequences = options.parallelSequences ?? 8;
  const contextSize = Math.min(options.contextSize ?? 4096, model.trainContextSize);
  let context: LlamaContext;
  try {
    context = await model.createContext({ sequences: parallelSequences, contextSize, threads });
  } catch (error) {
    await llama.dispose();
    throw new ModelLoadError(
      `failed to create a context of ${contextSize} tokens × ${parallelSequences} sequences for ${modelPath}: ${errorMessage(error)}. Lower --context-size or --parallel`,
      { cause: error },
    );
  }

  const fingerprint = await fingerprintModelFile(modelPath);
  const libraryVersion = await llamaCpp.getModuleVersion();
  return new LlamaCppBackend(llamaCpp, llama, model, context, {
    modelPath,
    fingerprint,
    threads,
    parallelSequences,
    libraryVersion,
  });
}

async function loadLlama(llamaCpp: NodeLlamaCpp, gpu: GpuChoice, threads: number): Promise<Llama> {
  const { getLlama, getLlamaGpuTypes } = llamaCpp;
  const common = { build: "never", logLevel: llamaCpp.LlamaLogLevel.error, maxThreads: threads } as const;
  if (gpu === "auto") return getLlama({ ...common, gpu: "auto" });
  if (gpu === "cpu") return getLlama({ ...common, gpu: false });

  try {
    return await getLlama({ ...common, gpu });
  } catch (error) {
    const supported = (await getLlamaGpuTypes("supported")).map((type) => (type === false ? "cpu" : type));
    throw new GpuUnavailableError(
      `--gpu ${gpu} is not available on this machine (${errorMessage(error)}); available here: ${supported.join(", ")}. Pass one of those or --gpu auto`,
      { cause: error },
    );
  }
}

/** A loaded local model with one context of `parallelSequences` sequences. */
export class LlamaCppBackend implements ModelBackend {
  readonly kind = "llama-cpp";
  readonly modelId: string;
  readonly concurrency: number;
  private readonly pool: SequencePool<LlamaContextSequence>;
  private readonly chatWrapper: ChatWrapper;
  private closed = false;

  constructor(
    private readonly llamaCpp: NodeLlamaCpp,
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly settings: {
      modelPath: string;
      fingerprint: string;
      threads: number;
      parallelSequences: number;
      libraryVersion: string;
    },
  ) {
    this.modelId = `gguf:${settings.fingerprint}`;
    this.concurrency = settings.parallelSequences;
    const sequences = Array.from({ length: settings.parallelSequences }, () => context.getSequence());
    this.pool = new SequencePool(sequences);
    this.chatWrapper = llamaCpp.resolveChatWrapper(model);
  }

  /** The compute backend in use: `cuda`, `vulkan`, `metal` or `cpu`. */
  get gpu(): string {
    return this.llama.gpu === false ? "cpu" : this.llama.gpu;
  }

  describe(): Record<string, unknown> {
    return {
      backend: this.kind,
      modelPath: this.settings.modelPath,
      modelFingerprint: this.settings.fingerprint,
      gpu: this.gpu,
      gpuLayers: this.model.gpuLayers,
      contextSize: this.context.contextSize,
      parallelSequences: this.settings.parallelSequences,
      threads: this.settings.threads,
      chatWrapper: this.chatWrapper.wrapperName,
      nodeLlamaCpp: this.settings.libraryVersion,
    };
  }

  /** Counts the tokens of a piece of generated text, special tokens such as `</think>` included. */
  countTokens(text: string): number {
    // "trimLeadingSpace": SPM tokenizers would otherwise prepend a space token to the piece.
    return this.model.tokenize(text, true, "trimLeadingSpace").length;
  }

  async generate(
    request: GenerationRequest,
    onCompletion?: (completion: Completion) => void,
  ): Promise<Completion[]> {
    const { input, stopTriggers } = this.renderPrompt(request.prompt);
    const tooLong = this.checkPromptLength(input);
    const generateOne = async (index: number): Promise<Completion> => {
      const completion: Completion = tooLong
        ? { index, text: "", tokens: 0, finishReason: "error", error: tooLong }
        : await this.pool.use((sequence) =>
            this.generateSample(sequence, input, stopTriggers, request.sampling, index, request.signal),
          );
      onCompletion?.(completion);
      return completion;
    };
    return Promise.all(request.sampleIndices.map(generateOne));
  }

  private renderPrompt(prompt: Prompt): { input: string | LlamaText; stopTriggers: (string | LlamaText)[] } {
    if ("text" in prompt) return { input: prompt.text, stopTriggers: [] };

    const chatHistory: ChatHistoryItem[] = prompt.messages.map(toChatHistoryItem);
    chatHistory.push({ type: "model", response: [] });
    const state = this.chatWrapper.generateContextState({ chatHistory });
    return { input: state.contextText, stopTriggers: state.stopGenerationTriggers };
  }

  /**
   * Returns an error message when the prompt leaves no room to generate in one sequence's
   * context. node-llama-cpp would otherwise drop the start of the prompt without a word.
   */
  private checkPromptLength(input: string | LlamaText): string | undefined {
    const promptTokens =
      typeof input === "string"
        ? this.model.tokenize(input, false).length + 1
        : input.tokenize(this.model.tokenizer).length;
    const contextSize = this.context.contextSize;
    if (promptTokens < contextSize) return undefined;
    return `the prompt is too long: ${promptTokens} tokens, but the context has room for ${contextSize} per sequence; raise --context-size`;
  }

  private async generateSample(
    sequence: LlamaContextSequence,
    input: string | LlamaText,
    stopTriggers: (string | LlamaText)[],
    sampling: SamplingParameters,
    index: number,
    signal: AbortSignal | undefined,
  ): Promise<Completion> {
    const completion = new this.llamaCpp.LlamaCompletion({ contextSequence: sequence });
    let streamedTokens = 0;
    try {
      const result = await completion.generateCompletionWithMeta(input, {
        maxTokens: sampling.maxTokens,
        temperature: sampling.temperature,
        topP: sampling.topP,
        topK: sampling.topK,
        minP: sampling.minP,
        seed: sampleSeed(sampling.seed, index),
        customStopTriggers: [...stopTriggers, ...sampling.stop],
        // The field's evaluation defaults: no repetition penalty, and no context shift, so a
        // sample that fills its context ends as `length` instead of silently losing its start.
        repeatPenalty: false,
        disableContextShift: true,
        onToken: (chunk) => {
          streamedTokens += chunk.length;
        },
        signal,
      });
      const finishReason = finishReasonOf(result.metadata.stopReason);
      // A sample stopped by `maxTokens` sampled exactly that many tokens, unless the context
      // filled first. The streamed count misses tokens the library was still holding back.
      const contextFull = sequence.nextTokenIndex >= sequence.contextSize - 1;
      const tokens = finishReason === "length" && !contextFull ? sampling.maxTokens : streamedTokens;
      const thinkTokens = countThinkTokens(result.response, (text) => this.countTokens(text));
      return {
        index,
        // NOTE: at the token limit node-llama-cpp 3.21.1 leaves out of the text the last few
        // tokens it was still holding back (an unfinished UTF-8 character or a partial stop
        // string). `tokens` still counts them.
        text: result.response,
        tokens,
        ...(thinkTokens === undefined ? {} : { thinkTokens }),
        finishReason,
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { index, text: "", tokens: streamedTokens, finishReason: "error", error: errorMessage(error) };
    } finally {
      completion.dispose({ disposeSequence: false });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }
}

function toChatHistoryItem(message: ChatMessage): ChatHistoryItem {
  if (message.role === "system") return { type: "system", text: message.content };
  if (message.role === "user") return { type: "user", text: message.content };
  return { type: "model", response: [message.content] };
}

function finishReasonOf(stopReason: LlamaCompletionResponse["metadata"]["stopReason"]): FinishReason {
  if (stopReason === "maxTokens") return "length";
  if (stopReason === "abort") return "error";
  return "stop";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
