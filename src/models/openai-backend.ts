import pLimit, { type LimitFunction } from "p-limit";
import { z } from "zod";
import {
  type Completion,
  type FinishReason,
  type GenerationRequest,
  type ModelBackend,
  type Prompt,
  type SamplingParameters,
  sampleSeed,
} from "./model-backend.js";
import { ModelServerError } from "./model-errors.js";

/** Options of the OpenAI-compatible backend (vLLM, SGLang, llama.cpp's server, Ollama, TGI). */
export interface OpenAiBackendOptions {
  /** Server address, with or without the trailing `/v1`, for example `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** Model name under which the server serves the model (the `model` field of each request). */
  model: string;
  /** Environment variable holding the API key, sent as a bearer token. Default `OPENAI_API_KEY`; unset means no key. */
  apiKeyEnv?: string;
  /** Requests in flight at once. Default 64. */
  concurrency?: number;
  /** Most samples asked for in one request through the `n` field; 1 sends one request per sample. Default 16. */
  maxSamplesPerRequest?: number;
  /** Retries after a 429, a 5xx, a connection error or a timeout. Default 5. */
  maxRetries?: number;
  /** First backoff delay in milliseconds; it doubles per retry, with jitter, up to 30 s. Default 500. */
  initialBackoffMs?: number;
  /** Time limit of one HTTP request in milliseconds. Default 600 000 (10 minutes, for long reasoning samples). */
  requestTimeoutMs?: number;
  /** Called before each retry, for logging. */
  onRetry?: (event: RetryEvent) => void;
}

/** A failed request attempt that will be retried. */
export interface RetryEvent {
  url: string;
  attempt: number;
  delayMs: number;
  /** HTTP status, or the connection error's message. */
  reason: string;
}

const maxBackoffMs = 30_000;

const usageSchema = z
  .object({
    completion_tokens: z.number().int().nonnegative(),
    completion_tokens_details: z
      .object({ reasoning_tokens: z.number().int().nonnegative().nullish() })
      .nullish(),
  })
  .nullish();

const chatResponseSchema = z.object({
  choices: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      message: z.object({
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema,
});

const completionResponseSchema = z.object({
  choices: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      text: z.string(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema,
});

interface ParsedChoice {
  index: number;
  text: string;
  finishReason: FinishReason;
}

/** A backend that sends requests to an OpenAI-compatible HTTP server. */
export class OpenAiBackend implements ModelBackend {
  readonly kind = "openai";
  readonly modelId: string;
  readonly concurrency: number;
  private readonly apiBase: string;
  private readonly limit: LimitFunction;
  private readonly settings: Required<Omit<OpenAiBackendOptions, "onRetry" | "apiKeyEnv">> & {
    apiKeyEnv: string;
  };

  constructor(private readonly options: OpenAiBackendOptions) {
    this.apiBase = apiBaseOf(options.baseUrl);
    this.settings = {
      baseUrl: options.baseUrl,
      model: options.model,
      apiKeyEnv: options.apiKeyEnv ?? "OPENAI_API_KEY",
      concurrency: options.concurrency ?? 64,
      maxSamplesPerRequest: options.maxSamplesPerRequest ?? 16,
      maxRetries: options.maxRetries ?? 5,
      initialBackoffMs: options.initialBackoffMs ?? 500,
      requestTimeoutMs: options.requestTimeoutMs ?? 600_000,
    };
    if (this.settings.concurrency < 1)
      throw new RangeError(`concurrency must be at least 1, got ${this.settings.concurrency}`);
    if (this.settings.maxSamplesPerRequest < 1) {
      throw new RangeError(
        `maxSamplesPerRequest must be at least 1, got ${this.settings.maxSamplesPerRequest}`,
      );
    }
    this.concurrency = this.settings.concurrency;
    this.modelId = `openai:${options.model}@${this.apiBase}`;
    this.limit = pLimit(this.settings.concurrency);
  }

  describe(): Record<string, unknown> {
    return {
      backend: this.kind,
      baseUrl: this.apiBase,
      model: this.settings.model,
      concurrency: this.settings.concurrency,
      maxSamplesPerRequest: this.settings.maxSamplesPerRequest,
      maxRetries: this.settings.maxRetries,
      requestTimeoutMs: this.settings.requestTimeoutMs,
    };
  }

  async generate(
    request: GenerationRequest,
    onCompletion?: (completion: Completion) => void,
  ): Promise<Completion[]> {
    const groups = chunk(request.sampleIndices, this.settings.maxSamplesPerRequest);
    const results = await Promise.all(
      groups.map((indices) =>
        this.limit(async () => {
          const completions = await this.requestSamples(request, indices);
          for (const completion of completions) onCompletion?.(completion);
          return completions;
        }),
      ),
    );
    return results.flat();
  }

  /** Sends one request for `indices.length` samples; its seed is the first sample's seed. */
  private async requestSamples(request: GenerationRequest, indices: number[]): Promise<Completion[]> {
    const chat = "messages" in request.prompt;
    const url = `${this.apiBase}/${chat ? "chat/completions" : "completions"}`;
    const firstIndex = indices[0] ?? 0;
    const body = requestBody(
      this.settings.model,
      request.prompt,
      request.sampling,
      indices.length,
      sampleSeed(request.sampling.seed, firstIndex),
    );
    const json = await this.postWithRetries(url, body, request.signal);
    return toCompletions(json, url, chat, indices, request.sampling.maxTokens);
  }

  private async postWithRetries(
    url: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.post(url, body, signal);
      if (outcome.kind === "ok") return outcome.json;
      if (outcome.kind === "fatal" || attempt >= this.settings.maxRetries) {
        const retries = attempt === 0 ? "" : ` after ${attempt} retries`;
        throw new ModelServerError(`request to ${url} failed${retries}: ${outcome.reason}`, outcome.status);
      }

      const delayMs = outcome.retryAfterMs ?? backoffDelay(this.settings.initialBackoffMs, attempt);
      this.options.onRetry?.({ url, attempt: attempt + 1, delayMs, reason: outcome.reason });
      await sleep(delayMs, signal);
    }
  }

  private async post(url: string, body: unknown, signal: AbortSignal | undefined): Promise<PostOutcome> {
    const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs);
    const headers: Record<string, string> = { "content-type": "application/json" };
    const apiKey = process.env[this.settings.apiKeyEnv];
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted)
        return { kind: "retry", reason: `timed out after ${this.settings.requestTimeoutMs} ms` };
      return { kind: "retry", reason: connectionErrorMessage(error) };
    }

    if (response.ok) return parseJsonBody(text, url);
    const reason = `HTTP ${response.status}: ${text.slice(0, 300)}`;
    if (response.status === 429 || response.status >= 500) {
      return {
        kind: "retry",
        reason,
        status: response.status,
        retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
      };
    }
    return { kind: "fatal", reason, status: response.status };
  }

  /** Nothing to release: requests use Node's global HTTP client. */
  async close(): Promise<void> {}
}

type PostOutcome =
  | { kind: "ok"; json: unknown }
  | { kind: "retry"; reason: string; status?: number; retryAfterMs?: number }
  | { kind: "fatal"; reason: string; status?: number };

/** Normalises a base URL so that it ends in `/v1` without a trailing slash. */
export function apiBaseOf(baseUrl: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(baseUrl);
  } catch {
    parsed = undefined;
  }
  // "localhost:8000" parses as a URL whose scheme is "localhost:", so the scheme is checked too.
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new RangeError(
      `invalid base URL ${JSON.stringify(baseUrl)}; expected something like http://127.0.0.1:8000/v1`,
    );
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = path.endsWith("/v1") ? path : `${path}/v1`;
  return parsed.toString().replace(/\/+$/, "");
}

function requestBody(
  model: string,
  prompt: Prompt,
  sampling: SamplingParameters,
  n: number,
  seed: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    ...("messages" in prompt ? { messages: prompt.messages } : { prompt: prompt.text }),
    n,
    temperature: sampling.temperature,
    top_p: sampling.topP,
    max_tokens: sampling.maxTokens,
    seed,
  };
  if (sampling.stop.length > 0) body.stop = sampling.stop;
  // top_k and min_p are not in OpenAI's schema. vLLM, SGLang and llama.cpp's server accept
  // them as extra fields, and they are sent only when set so that strict servers keep working.
  if (sampling.topK > 0) body.top_k = sampling.topK;
  if (sampling.minP > 0) body.min_p = sampling.minP;
  return body;
}

function parseJsonBody(text: string, url: string): PostOutcome {
  try {
    return { kind: "ok", json: JSON.parse(text) };
  } catch {
    return {
      kind: "fatal",
      reason: `response body from ${url} is not JSON: ${text.slice(0, 200)}; check --base-url`,
    };
  }
}

function toCompletions(
  json: unknown,
  url: string,
  chat: boolean,
  indices: number[],
  maxTokens: number,
): Completion[] {
  const parsed = chat ? parseChatChoices(json) : parseTextChoices(json);
  if (!parsed.success) {
    throw new ModelServerError(`response from ${url} does not match the OpenAI schema: ${parsed.error}`);
  }
  const { choices, usage } = parsed;
  if (choices.length !== indices.length) {
    throw new ModelServerError(
      `response from ${url} has ${choices.length} choices for n=${indices.length}; pass --samples-per-request 1 if the server ignores n`,
    );
  }

  const tokens = splitCompletionTokens(choices, usage?.completion_tokens, maxTokens);
  const reasoningTokens = usage?.completion_tokens_details?.reasoning_tokens;
  return choices.map((choice, position) => ({
    index: indices[position] ?? position,
    text: choice.text,
    tokens: tokens.counts[position] ?? 0,
    ...(tokens.approximate ? { tokensApproximate: true } : {}),
    ...(choices.length === 1 && reasoningTokens != null ? { thinkTokens: reasoningTokens } : {}),
    finishReason: choice.finishReason,
  }));
}

type ParseResult =
  | { success: true; choices: ParsedChoice[]; usage: z.infer<typeof usageSchema> }
  | { success: false; error: string };

function parseChatChoices(json: unknown): ParseResult {
  const result = chatResponseSchema.safeParse(json);
  if (!result.success) return { success: false, error: z.prettifyError(result.error) };
  const choices = [...result.data.choices].sort((a, b) => a.index - b.index);
  return {
    success: true,
    usage: result.data.usage,
    choices: choices.map((choice) => {
      // Servers with a reasoning parser (vLLM, SGLang) return the reasoning apart from the
      // answer; verdict keeps it in the completion, inside <think> tags, as the model wrote it.
      const reasoning = choice.message.reasoning_content ?? choice.message.reasoning;
      const content = choice.message.content ?? "";
      const text = reasoning ? `<think>${reasoning}</think>${content}` : content;
      return { index: choice.index, text, finishReason: finishReasonOf(choice.finish_reason) };
    }),
  };
}

function parseTextChoices(json: unknown): ParseResult {
  const result = completionResponseSchema.safeParse(json);
  if (!result.success) return { success: false, error: z.prettifyError(result.error) };
  const choices = [...result.data.choices].sort((a, b) => a.index - b.index);
  return {
    success: true,
    usage: result.data.usage,
    choices: choices.map((choice) => ({
      index: choice.index,
      text: choice.text,
      finishReason: finishReasonOf(choice.finish_reason),
    })),
  };
}

/**
 * Splits a response's total completion tokens over its choices. With one choice the count is
 * exact. A `length` choice used exactly `maxTokens`. The rest of the total is shared by the
 * other choices in proportion to their text length, and those counts are marked approximate.
 */
function splitCompletionTokens(
  choices: ParsedChoice[],
  total: number | undefined,
  maxTokens: number,
): { counts: number[]; approximate: boolean } {
  if (total === undefined) return { counts: choices.map(() => 0), approximate: true };
  if (choices.length === 1) return { counts: [total], approximate: false };

  const stopped = choices.filter((choice) => choice.finishReason !== "length");
  const remaining = Math.max(0, total - (choices.length - stopped.length) * maxTokens);
  const characters = stopped.reduce((sum, choice) => sum + choice.text.length, 0);
  const counts = choices.map((choice) => {
    if (choice.finishReason === "length") return maxTokens;
    return characters === 0 ? 0 : Math.round((remaining * choice.text.length) / characters);
  });
  return { counts, approximate: stopped.length > 1 };
}

function finishReasonOf(reason: string | null | undefined): FinishReason {
  if (reason === "length") return "length";
  if (reason === "error" || reason === "abort") return "error";
  return "stop";
}

function backoffDelay(initialMs: number, attempt: number): number {
  const base = Math.min(maxBackoffMs, initialMs * 2 ** attempt);
  return Math.round(base * (0.5 + Math.random() / 2));
}

/** Reads a `Retry-After` header given in seconds; HTTP dates are ignored in favour of the backoff. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(maxBackoffMs, seconds * 1000) : undefined;
}

function connectionErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function chunk<Item>(items: Item[], size: number): Item[][] {
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
