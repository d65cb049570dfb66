import { Transform } from "node:stream";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import { type Logger, pino } from "pino";
import { loadVerifier, UnknownVerifierError, VERIFIER_NAMES } from "../../verifiers/registry.js";
import { InvalidOptionsError } from "../../verifiers/verifier.js";
import { InvalidRewardSpecError, parseRewardSpec, type RewardSpec } from "../rewards/reward-spec.js";
import { listSuites } from "../suites/load-suite.js";
import { createServerMetrics, type ServerMetrics } from "./metrics.js";
import { completionFromQuery } from "./openrlhf.js";
import { openRlhfBodySchema, parseBody, RequestFieldError, rewardsBodySchema } from "./request-schemas.js";
import { ItemFailedError, type ItemResult, RewardService } from "./reward-service.js";
import type { ServerConfig } from "./server-config.js";
import { VerificationPool } from "./verification-pool.js";

const ROUTES = ["POST /v1/rewards", "POST /get_reward", "GET /health", "GET /metrics"];

declare module "fastify" {
  interface FastifyRequest {
    /** Number of items in the request, for the request log line. */
    itemCount: number;
    /** Body bytes read from the client, for the request log line. */
    bodyBytes: number;
  }
}

/** A running reward server. */
export interface RewardServer {
  app: FastifyInstance;
  metrics: ServerMetrics;
  /** Base URL once listening, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** Stops accepting requests, waits for open ones, then stops the workers. */
  close(): Promise<void>;
}

/** Invalid server configuration; the message names the setting and the reason. */
export class ServerConfigError extends Error {
  override name = "ServerConfigError";

  constructor(
    /** The setting at fault: "verifier" or "verifierOptions". */
    readonly setting: "verifier" | "verifierOptions",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Loads the default verifier in this thread and parses the default options, so that a wrong name
 * or option stops the server before it listens instead of failing every request.
 */
export async function checkDefaultVerifier(config: ServerConfig): Promise<void> {
  let verifier: Awaited<ReturnType<typeof loadVerifier>>;
  try {
    verifier = await loadVerifier(config.verifier);
  } catch (error) {
    if (error instanceof UnknownVerifierError) throw new ServerConfigError("verifier", error.message);
    throw error;
  }
  try {
    verifier.parseOptions(config.verifierOptions);
  } catch (error) {
    if (error instanceof InvalidOptionsError) {
      throw new ServerConfigError("verifierOptions", error.message);
    }
    throw error;
  }
}

/**
 * Builds the reward server and starts listening on `config.host:config.port`. Throws
 * `ServerConfigError` before listening when the default verifier or its options are invalid.
 */
export async function startRewardServer(config: ServerConfig, logger?: Logger): Promise<RewardServer> {
  await checkDefaultVerifier(config);
  const metrics = createServerMetrics();
  const pool = new VerificationPool({
    threads: config.threads,
    itemTimeoutMs: config.itemTimeoutMs,
    preloadVerifiers: [config.verifier],
  });
  const service = new RewardService(pool, metrics, {
    defaultVerifier: config.verifier,
    defaultOptions: config.verifierOptions,
    timeoutReward: config.timeoutReward,
  });

  // Typed as the default instance: a pino logger has more members than FastifyBaseLogger needs,
  // which makes the inferred instance type incompatible with plain FastifyInstance parameters.
  const app = Fastify({
    loggerInstance: logger ?? pino(),
    // One line per request comes from the onResponse hook below instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
  }) as unknown as FastifyInstance;
  app.decorateRequest("itemCount", 0);
  app.decorateRequest("bodyBytes", 0);
  // Only JSON bodies: without the built-in text/plain parser, other content types get 415.
  app.removeContentTypeParser("text/plain");
  // Counts the body as it is read, which works for chunked bodies without a Content-Length too.
  app.addHook("preParsing", async (request, _reply, payload) => {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        request.bodyBytes += chunk.length;
        done(null, chunk);
      },
    });
    payload.on("error", (error) => counter.destroy(error));
    return payload.pipe(counter);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: "not-found",
      field: "url",
      message: `No route ${request.method} ${request.url}. Routes: ${ROUTES.join(", ")}.`,
    });
  });
  app.addHook("onClose", () => pool.close());
  app.addHook("onResponse", (request, reply, done) => {
    logRequest(request, reply, metrics);
    done();
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));

  registerRoutes(app, service, metrics, config);
  const address = await app.listen({ host: config.host, port: config.port });
  return { app, metrics, url: address, close: () => app.close() };
}

function registerRoutes(
  app: FastifyInstance,
  service: RewardService,
  metrics: ServerMetrics,
  config: ServerConfig,
) {
  const rewardsBody = rewardsBodySchema(config.maxItems);
  const openRlhfBody = openRlhfBodySchema(config.maxItems);

  app.post("/v1/rewards", async (request) => {
    const body = parseBody(rewardsBody, request.body);
    request.itemCount = body.items.length;
    const spec = body.reward === undefined ? config.reward : rewardSpecFromRequest(body.reward);

    const items = body.items.map(({ completion_tokens, ...item }) => ({
      ...item,
      ...(completion_tokens === undefined ? {} : { completionTokens: completion_tokens }),
    }));
    const results = await service.score(items, spec);
    return { rewards: results.map((result) => result.reward), items: results };
  });

  app.post("/get_reward", async (request) => {
    const body = parseBody(openRlhfBody, request.body);
    request.itemCount = body.query.length;

    const extracted = body.query.map((query, index) => completionFromQuery(query, body.prompts[index]!));
    const missing = extracted.filter((entry) => !entry.promptFound).length;
    if (missing > 0)
      request.log.warn({ items: missing }, "prompt not found in query; scored the whole query");

    const items = extracted.map((entry, index) => ({
      prompt: body.prompts[index]!,
      completion: entry.completion,
      reference: body.labels[index],
    }));
    const results = await service.score(items, config.reward, "query");
    return openRlhfResponse(results);
  });

  const suites = listSuites();
  app.get("/health", async () => ({
    status: "ok",
    verifiers: VERIFIER_NAMES,
    suites: await suites,
    threads: config.threads,
  }));

  app.get("/metrics", async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

function rewardSpecFromRequest(raw: unknown): RewardSpec {
  try {
    return parseRewardSpec(raw);
  } catch (error) {
    if (error instanceof InvalidRewardSpecError)
      throw new RequestFieldError(error.field, error.message.slice(error.field.length + 2));
    throw error;
  }
}

/**
 * OpenRLHF reads `rewards` for the advantage, `scores` for its dynamic filtering (here the
 * verdict's score in [0, 1]) and logs the mean of each `extra_logs` list.
 */
function openRlhfResponse(results: ItemResult[]) {
  const names = [...new Set(results.flatMap((result) => Object.keys(result.components)))];
  const extraLogs: Record<string, number[]> = {};
  for (const name of names) extraLogs[name] = results.map((result) => result.components[name] ?? 0);
  extraLogs.timeout = results.map((result) => (result.timeout ? 1 : 0));

  return {
    rewards: results.map((result) => result.reward),
    scores: results.map((result) => result.verdict.score),
    extra_logs: extraLogs,
  };
}

function logRequest(request: FastifyRequest, reply: FastifyReply, metrics: ServerMetrics): void {
  const route = request.routeOptions.url ?? "unknown";
  const seconds = reply.elapsedTime / 1000;
  metrics.requests.inc({ route, status: String(reply.statusCode) });
  metrics.requestSeconds.observe({ route }, seconds);

  request.log.info(
    {
      method: request.method,
      route,
      status: reply.statusCode,
      // A body rejected before it was read (wrong content type, too large) counts by its header.
      bytes: Math.max(request.bodyBytes, Number(request.headers["content-length"] ?? 0) || 0),
      items: request.itemCount,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    },
    "request",
  );
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof RequestFieldError) {
    return reply.status(400).send({ error: "invalid-request", field: error.field, message: error.message });
  }

  const statusCode = (error as { statusCode?: number }).statusCode;
  if (statusCode === 415) {
    const type = request.headers["content-type"] ?? "none";
    const message = `Content-Type must be application/json, got ${type}; send the body as JSON`;
    return reply.status(415).send({ error: "unsupported-media-type", field: "content-type", message });
  }
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    // Fastify's own rejections: unparsable JSON, empty body, body too large, wrong content type.
    const message = (error as Error).message;
    return reply.status(statusCode).send({ error: "invalid-request", field: "body", message });
  }

  if (error instanceof ItemFailedError)
    request.log.error({ err: error, workerStack: error.workerStack }, "verifier failed");
  else request.log.error({ err: error }, "request failed");
  return reply.status(500).send({ error: "internal", message: (error as Error).message });
}
