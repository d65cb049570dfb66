import { createHash } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";

/**
 * A stand-in for an OpenAI-compatible model server (the protocol vLLM, SGLang and llama.cpp's
 * server speak), started by tests and benchmarks on 127.0.0.1. It checks request bodies as a
 * strict server would and responds to `/v1/chat/completions` and `/v1/completions` with
 * deterministic text, `n` choices per request, `length` finishes at `max_tokens` and usage
 * counts (one token per whitespace-separated word). Faults can be scripted per request.
 */

/** What the stand-in does with one incoming request, in arrival order. */
export type ScriptedFault =
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  | { kind: "drop" }
  | { kind: "delay"; ms: number }
  | { kind: "garbage" }
  | { kind: "wrong-shape" };

export interface StandInOptions {
  /** Model name the server accepts; others get a 404 as OpenAI's API returns. Default `stand-in-model`. */
  model?: string;
  /** Text of choice `choiceIndex` for a prompt; default: words derived from a hash of the inputs. */
  respond?: (input: { prompt: string; seed: number | undefined; choiceIndex: number }) => string;
  /** Faults applied to the first requests, one per request. */
  faults?: ScriptedFault[];
  /** Returns the reasoning apart from the answer in `reasoning_content`, as vLLM's reasoning parser does. */
  splitReasoning?: boolean;
  /** Delay before every response, in milliseconds. Default 0. */
  latencyMs?: number;
}

export interface ReceivedRequest {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface StandInServer {
  url: string;
  requests: ReceivedRequest[];
  /** Largest number of requests that were being handled at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startOpenAiStandIn(options: StandInOptions = {}): Promise<StandInServer> {
  const model = options.model ?? "stand-in-model";
  const faults = [...(options.faults ?? [])];
  const respond = options.respond ?? hashWords;
  const app: FastifyInstance = Fastify({ logger: false });
  const state: StandInServer = {
    url: "",
    requests: [],
    maxInFlight: 0,
    close: () => app.close(),
  };
  let inFlight = 0;

  const handle =
    (chat: boolean) =>
    async (request: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      try {
        const body = request.body as Record<string, unknown>;
        state.requests.push({ path: request.url, body, authorization: request.headers.authorization });

        const fault = faults.shift();
        if (fault?.kind === "drop") {
          request.raw.socket.destroy();
          return reply.hijack();
        }
        if (fault?.kind === "delay") await sleep(fault.ms);
        if (fault?.kind === "status") {
          if (fault.retryAfterSeconds !== undefined)
            reply.header("retry-after", String(fault.retryAfterSeconds));
          return reply.code(fault.status).send(errorBody(`scripted status ${fault.status}`, "server_error"));
        }
        if (fault?.kind === "garbage")
          return reply.code(200).type("text/html").send("<html>not an API</html>");
        if (fault?.kind === "wrong-shape") return reply.code(200).send({ result: "no choices here" });
        if (options.latencyMs) await sleep(options.latencyMs);

        const problem = validateBody(body, chat, model);
        if (problem)
          return reply.code(problem.status).send(errorBody(problem.message, "invalid_request_error"));
        return reply.send(answer(body, chat, respond, options.splitReasoning ?? false));
      } finally {
        inFlight--;
      }
    };

  app.post("/v1/chat/completions", handle(true));
  app.post("/v1/completions", handle(false));
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("stand-in server has no TCP address");
  state.url = `http://127.0.0.1:${address.port}/v1`;
  return state;
}

function validateBody(
  body: Record<string, unknown>,
  chat: boolean,
  model: string,
): { status: number; message: string } | undefined {
  if (body.model !== model)
    return { status: 404, message: `The model \`${String(body.model)}\` does not exist.` };
  if (chat) {
    const messages = body.messages;
    const valid =
      Array.isArray(messages) &&
      messages.length > 0 &&
      messages.every((m) => typeof m?.role === "string" && typeof m?.content === "string");
    if (!valid) return { status: 400, message: "'messages' must be a non-empty array of {role, content}" };
  } else if (typeof body.prompt !== "string") {
    return { status: 400, message: "'prompt' must be a string" };
  }
  for (const field of ["n", "max_tokens", "seed"]) {
    const value = body[field];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      return { status: 400, message: `'${field}' must be a non-negative integer` };
    }
  }
  if (body.n !== undefined && (body.n as number) < 1)
    return { status: 400, message: "'n' must be at least 1" };
  return undefined;
}

function answer(
  body: Record<string, unknown>,
  chat: boolean,
  respond: NonNullable<StandInOptions["respond"]>,
  splitReasoning: boolean,
): Record<string, unknown> {
  const prompt = chat
    ? (body.messages as { content: string }[]).map((m) => m.content).join("\n")
    : (body.prompt as string);
  const n = (body.n as number | undefined) ?? 1;
  const maxTokens = (body.max_tokens as number | undefined) ?? 16;
  const stop = typeof body.stop === "string" ? [body.stop] : ((body.stop as string[] | undefined) ?? []);
  const seed = body.seed as number | undefined;

  let completionTokens = 0;
  const choices = Array.from({ length: n }, (_, choiceIndex) => {
    const { text, finishReason, tokens } = limitText(respond({ prompt, seed, choiceIndex }), maxTokens, stop);
    completionTokens += tokens;
    if (!chat) return { index: choiceIndex, text, finish_reason: finishReason, logprobs: null };
    return {
      index: choiceIndex,
      message: assistantMessage(text, splitReasoning),
      finish_reason: finishReason,
      logprobs: null,
    };
  });

  return {
    id: `cmpl-${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 12)}`,
    object: chat ? "chat.completion" : "text_completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices,
    usage: {
      prompt_tokens: countWords(prompt),
      completion_tokens: completionTokens,
      total_tokens: countWords(prompt) + completionTokens,
    },
  };
}

function assistantMessage(text: string, splitReasoning: boolean): Record<string, unknown> {
  const match = /^<think>([\s\S]*?)<\/think>([\s\S]*)$/.exec(text);
  if (!splitReasoning || !match) return { role: "assistant", content: text };
  return { role: "assistant", reasoning_content: match[1], content: match[2] };
}

/** Cuts the text at the first stop string or after `maxTokens` words, as a server would. */
function limitText(
  text: string,
  maxTokens: number,
  stop: string[],
): { text: string; finishReason: string; tokens: number } {
  let cut = text;
  let finishReason = "stop";
  for (const stopString of stop) {
    const at = cut.indexOf(stopString);
    if (at !== -1) cut = cut.slice(0, at);
  }
  const words = cut.split(/(?<=\s)/);
  if (countWords(cut) > maxTokens) {
    cut = words
      .filter((word) => word.trim() !== "")
      .slice(0, maxTokens)
      .join("")
      .trimEnd();
    finishReason = "length";
  }
  return { text: cut, finishReason, tokens: countWords(cut) };
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function hashWords({
  prompt,
  seed,
  choiceIndex,
}: {
  prompt: string;
  seed: number | undefined;
  choiceIndex: number;
}): string {
  const digest = createHash("sha256").update(`${prompt}|${seed}|${choiceIndex}`).digest("hex");
  return `answer ${digest.slice(0, 8)} ${digest.slice(8, 16)} ${digest.slice(16, 24)}`;
}

function errorBody(message: string, type: string): Record<string, unknown> {
  return { error: { message, type, param: null, code: null } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
