/**
 * Spreads remote sandbox requests over several endpoints, each with its own concurrency limit,
 * and retries a request on another endpoint only when the transport or the sandbox failed
 * (connection error, HTTP 5xx, a sandbox-error status), never because the program failed.
 */
import type { SandboxResult } from "./sandbox.js";
import { sandboxError } from "./sandbox.js";

export interface EndpointPoolOptions {
  endpoints: string[];
  /** Requests in flight per endpoint. Default: 8. */
  concurrencyPerEndpoint?: number;
  /** Further tries after a transport or sandbox error. Default: 2. */
  retries?: number;
  /** Pause before a retry, in milliseconds, doubled each time. Default: 100. */
  retryDelayMs?: number;
}

interface Endpoint {
  url: string;
  active: number;
}

export class EndpointPool {
  private readonly endpoints: Endpoint[];
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(options: EndpointPoolOptions) {
    if (options.endpoints.length === 0) throw new Error("A remote sandbox needs at least one endpoint URL.");
    this.endpoints = options.endpoints.map((url) => ({ url: url.replace(/\/+$/, ""), active: 0 }));
    this.limit = options.concurrencyPerEndpoint ?? 8;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** Endpoint with the fewest requests in flight, waiting while all are full; avoids `avoid` when it can. */
  private async acquire(avoid?: Endpoint): Promise<Endpoint> {
    for (;;) {
      const open = this.endpoints.filter((endpoint) => endpoint.active < this.limit);
      const preferred = open.filter((endpoint) => endpoint !== avoid);
      const choices = preferred.length > 0 ? preferred : open;
      const best = choices.sort((a, b) => a.active - b.active)[0];
      if (best) {
        best.active++;
        return best;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(endpoint: Endpoint): void {
    endpoint.active--;
    this.waiting.shift()?.();
  }

  /**
   * Sends with `send(url)`; a result with status sandbox-error or a thrown error is retried.
   * Rejects with the signal's reason once `signal` aborts, without retrying.
   */
  async run(send: (url: string) => Promise<SandboxResult>, signal?: AbortSignal): Promise<SandboxResult> {
    let last: SandboxResult = sandboxError("no attempt made");
    let previous: Endpoint | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      signal?.throwIfAborted();
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
      const endpoint = await this.acquire(previous);
      previous = endpoint;
      try {
        last = await send(endpoint.url);
      } catch (error) {
        signal?.throwIfAborted();
        last = sandboxError(`${endpoint.url}: ${(error as Error).message}`);
      } finally {
        this.release(endpoint);
      }
      if (last.status !== "sandbox-error") return last;
    }
    return { ...last, message: `${last.message ?? "sandbox error"} (after ${this.retries + 1} attempts)` };
  }

  /** Requests in flight per endpoint, for tests and metrics. */
  inFlight(): Record<string, number> {
    return Object.fromEntries(this.endpoints.map((endpoint) => [endpoint.url, endpoint.active]));
  }
}
