import pLimit, { type LimitFunction } from "p-limit";
import { Piscina } from "piscina";
import type { VerifyOutcome, VerifyTask } from "./verify-task.js";

/** Settings of the verification pool. */
export interface VerificationPoolOptions {
  /** Worker threads. */
  threads: number;
  /** Time budget per item in milliseconds, counted from when a worker starts verifying it. */
  itemTimeoutMs: number;
  /**
   * Extra time after the budget before the worker thread is stopped, so that a verifier that
   * watches its abort signal can clean up (stop a sandbox) and return its own verdict. Default 250 ms.
   */
  graceMs?: number;
  /** Verifiers each worker loads when it starts, so the first items do not wait for the import. */
  preloadVerifiers?: string[];
}

// Limit on how long an item may wait for a worker to start it (a worker being replaced loads its
// modules first). Past it the item is reported as timed out.
const START_TIMEOUT_MS = 60_000;

// Atomics.waitAsync exists since Node 16 but is typed only from TypeScript's ES2024 library.
type WaitAsyncResult =
  | { async: false; value: "not-equal" | "timed-out" }
  | { async: true; value: Promise<"ok" | "timed-out"> };
const waitAsync = (
  Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number): WaitAsyncResult }
).waitAsync;

/** The outcome of one item; "timeout" also when the worker had to be stopped. */
export type PoolOutcome = VerifyOutcome;

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
  /** One start flag per item in flight; at most `threads` items run at once. */
  private readonly startFlags: Int32Array;
  private readonly freeSlots: number[];

  constructor(private readonly options: VerificationPoolOptions) {
    this.threads = options.threads;
    this.hardLimitMs = options.itemTimeoutMs + (options.graceMs ?? 250);
    this.limit = pLimit(options.threads);
    this.startFlags = new Int32Array(new SharedArrayBuffer(4 * options.threads));
    this.freeSlots = Array.from({ length: options.threads }, (_, slot) => slot);
    this.pool = new Piscina({
      filename: WORKER_URL.href,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      execArgv: [],
      workerData: { preloadVerifiers: options.preloadVerifiers ?? [], startFlags: this.startFlags },
    });
  }

  /** Verifies one item; resolves with a timeout outcome instead of rejecting when it overruns. */
  run(task: Omit<VerifyTask, "budgetMs" | "startSlot">): Promise<PoolOutcome> {
    return this.limit(() => this.runNow(task));
  }

  private async runNow(task: Omit<VerifyTask, "budgetMs" | "startSlot">): Promise<PoolOutcome> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    let timer = setTimeout(abort, START_TIMEOUT_MS + this.hardLimitMs);
    let finished = false;

    // The worker sets this item's start flag when it begins verifying, and the hard limit counts
    // from there, so waiting for a worker that is being replaced does not use up the budget.
    // (A MessageChannel per item would do the same but leaked about 3 KB of native memory per item
    // on Node 20.)
    const slot = this.freeSlots.pop()!;
    Atomics.store(this.startFlags, slot, 0);
    const started = waitAsync(this.startFlags, slot, 0);
    if (typeof started.value !== "string") {
      started.value.then(() => {
        if (finished) return;
        clearTimeout(timer);
        timer = setTimeout(abort, this.hardLimitMs);
      });
    }

    try {
      const message: VerifyTask = { ...task, budgetMs: this.options.itemTimeoutMs, startSlot: slot };
      return (await this.pool.run(message, { signal: controller.signal })) as VerifyOutcome;
    } catch (error) {
      if (controller.signal.aborted) return { kind: "timeout" };
      throw error;
    } finally {
      finished = true;
      clearTimeout(timer);
      // Wakes the waiter if the worker never started this item, so it does not outlive the item.
      Atomics.notify(this.startFlags, slot);
      this.freeSlots.push(slot);
    }
  }

  /** Stops every worker. Pending items reject. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
