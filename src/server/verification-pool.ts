import pLimit, { type LimitFunction } from "p-limit";
import { Piscina } from "piscina";
import type { VerifyOutcome, VerifyTask } from "./verify-task.js";

/** Settings of the verification pool. */
export interface VerificationPoolOptions {
  /** Worker threads. */
  threads: number;
  /** Time budget per item in milliseconds, counted from when a worker takes the item. */
  itemTimeoutMs: number;
  /**
   * Extra time after the budget before the worker thread is stopped, so that a verifier that
   * watches its abort signal can clean up (stop a sandbox) and return its own verdict. Default 250 ms.
   */
  graceMs?: number;
}

/** The outcome of one item: a worker's outcome, or "timeout" when the worker had to be stopped. */
export type PoolOutcome = VerifyOutcome | { kind: "timeout" };

// Tests and tsx run this file as TypeScript, through a worker entry that registers tsx; the
// compiled package runs the .js worker next to it.
const WORKER_URL = import.meta.url.endsWith(".ts")
  ? new URL("./verify-worker-tsx.mjs", import.meta.url)
  : new URL("./verify-worker.js", import.meta.url);

/**
 * Runs verifications on worker threads with a time budget per item. Items wait in this process
 * until a worker is free, so an item's budget starts when it starts running and a slow item
 * delays only the items queued behind it on one thread. An item that overruns its budget and grace
 * time has its worker stopped (Piscina starts a fresh one) and comes back as "timeout".
 *
 * NOTE: a fresh worker loads its verifiers on first use, and the math verifier starts its symbolic
 * worker lazily (about 1 to 4 s on a 2-core machine, measured from the compiled package), so the
 * first symbolic items after start-up or after a replaced worker can use up most of a short budget.
 */
export class VerificationPool {
  readonly threads: number;
  private readonly pool: Piscina;
  private readonly limit: LimitFunction;
  private readonly hardLimitMs: number;

  constructor(private readonly options: VerificationPoolOptions) {
    this.threads = options.threads;
    this.hardLimitMs = options.itemTimeoutMs + (options.graceMs ?? 250);
    this.limit = pLimit(options.threads);
    this.pool = new Piscina({
      filename: WORKER_URL.href,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      execArgv: [],
    });
  }

  /** Verifies one item; resolves with a timeout outcome instead of rejecting when it overruns. */
  run(task: Omit<VerifyTask, "budgetMs">): Promise<PoolOutcome> {
    return this.limit(() => this.runNow({ ...task, budgetMs: this.options.itemTimeoutMs }));
  }

  private async runNow(task: VerifyTask): Promise<PoolOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.hardLimitMs);
    try {
      return (await this.pool.run(task, { signal: controller.signal })) as VerifyOutcome;
    } catch (error) {
      if (controller.signal.aborted) return { kind: "timeout" };
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every worker. Pending items reject. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
