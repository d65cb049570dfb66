/**
 * Runs isolated-vm tasks on worker threads (piscina), so that an isolate that crashes its thread
 * takes down only that worker, which piscina replaces, and never the process that verifies.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { IsolateTask, IsolateTaskResult } from "./isolate-worker.js";

export class IsolatePool {
  private readonly pool: Piscina<IsolateTask, IsolateTaskResult>;

  /** `threads`: worker threads. Default: the number of CPU cores. */
  constructor(threads = availableParallelism()) {
    const url = new URL(
      import.meta.url.endsWith(".ts") ? "./isolate-worker.ts" : "./isolate-worker.js",
      import.meta.url,
    );
    this.pool = new Piscina({
      filename: fileURLToPath(url),
      minThreads: 1,
      maxThreads: threads,
      execArgv: import.meta.url.endsWith(".ts") ? ["--import", "tsx"] : [],
    });
  }

  run(task: IsolateTask, signal?: AbortSignal): Promise<IsolateTaskResult> {
    return this.pool.run(task, signal ? { signal } : {});
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
