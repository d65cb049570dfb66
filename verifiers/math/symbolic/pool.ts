import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { MathOptions } from "../options.js";
import type { SymbolicSettings } from "./leaf.js";

/** The outcome of a symbolic comparison run off the main thread. `error` is a bug, never a pass. */
export type SymbolicDecision = "equal" | "different" | "timeout" | "too-large" | "error";

export interface SymbolicPool {
  compare(
    answer: string,
    reference: string,
    options: MathOptions,
    budgetMs: number,
  ): Promise<SymbolicDecision>;
  close(): Promise<void>;
}

export interface WorkerRequest {
  id: number;
  answer: string;
  reference: string;
  settings: SymbolicSettings;
}

export interface WorkerResponse {
  id: number;
  decision: SymbolicDecision;
  message?: string;
}

interface Task {
  request: WorkerRequest;
  budgetMs: number;
  resolve: (decision: SymbolicDecision) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

/** Heap limit of one symbolic worker, in MiB; a worker past it is stopped and replaced. */
const WORKER_HEAP_MB = 256;

function startWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./worker.js", import.meta.url), { resourceLimits });

  // Running from TypeScript source (tsx, vitest). On Node 20, `execArgv: ["--import", "tsx"]` does
  // not reach the worker's module loader, so the worker registers tsx itself before importing.
  const register = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./worker.ts", import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(register)}; register(); await import(${JSON.stringify(worker)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { resourceLimits });
}

/**
 * Worker threads that run symbolic comparisons. Each task gets its time budget from when a ready
 * worker takes it (worker start-up is not counted); a worker that overruns is terminated and
 * replaced, so a runaway expression never blocks the process or its event loop. Idle workers do not
 * keep the process alive.
 */
export class WorkerPool implements SymbolicPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  /** `size`: worker threads started at most. Default: one less than the cores, between 1 and 4. */
  constructor(readonly size = Math.min(4, Math.max(1, availableParallelism() - 1))) {}

  compare(
    answer: string,
    reference: string,
    options: MathOptions,
    budgetMs: number,
  ): Promise<SymbolicDecision> {
    const settings = { relativeTolerance: options.relativeTolerance, lenient: options.mode === "lenient" };
    const request = { id: this.#nextId++, answer, reference, settings };
    return new Promise((resolve) => {
      this.#queue.push({ request, budgetMs, resolve });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.resolve("timeout");
    const slots = this.#slots.splice(0);
    for (const slot of slots) this.#finish(slot, "timeout");
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    this.#closed = false;
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.ready && !candidate.task) ?? this.#grow();
      if (!slot?.ready || slot.task) return;
      const task = this.#queue.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.#replace(slot, "timeout"), Math.max(1, task.budgetMs));
      slot.worker.postMessage(task.request);
    }
  }

  #grow(): Slot | undefined {
    if (this.#closed || this.#slots.length >= this.size) return undefined;
    const slot: Slot = { worker: startWorker(), ready: false };
    slot.worker.on("message", (message: WorkerResponse | { ready: true }) => this.#onMessage(slot, message));
    slot.worker.on("error", () => this.#onExit(slot));
    slot.worker.on("exit", () => this.#onExit(slot));
    this.#slots.push(slot);
    return slot;
  }

  #onMessage(slot: Slot, message: WorkerResponse | { ready: true }): void {
    if ("ready" in message) {
      slot.ready = true;
      slot.worker.unref();
    } else if (slot.task?.request.id === message.id) {
      this.#finish(slot, message.decision);
    }
    this.#dispatch();
  }

  #finish(slot: Slot, decision: SymbolicDecision): void {
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = undefined;
    slot.worker.unref();
    task?.resolve(decision);
  }

  /**
   * A worker that dies before it is ready cannot start at all (a broken install): the queued tasks
   * fail with `error` instead of restarting workers in a loop.
   */
  #onExit(slot: Slot): void {
    if (slot.ready) {
      this.#replace(slot, "error");
      return;
    }
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    slot.worker.removeAllListeners();
    for (const task of this.#queue.splice(0)) task.resolve("error");
  }

  /** Stops a worker that overran or died and starts a fresh one for the queue. */
  #replace(slot: Slot, decision: SymbolicDecision): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    this.#finish(slot, decision);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.#dispatch();
  }
}
