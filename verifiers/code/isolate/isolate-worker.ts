/**
 * Piscina worker that runs a pure JavaScript function in a fresh isolated-vm isolate per task,
 * with a heap limit and a time limit that covers loading and every call. Arguments go in and
 * results come out as structured-clone copies, so the host compares plain data, never the
 * program's objects. The isolate calls are asynchronous so that the thread stays free while the
 * program runs: a thread blocked in a synchronous call could not be terminated on abort before the
 * isolate's own time limit, and held up closing the pool (and `verdict serve`) until then.
 */
import ivm from "isolated-vm";

export interface IsolateTask {
  /** CommonJS JavaScript that defines the function. */
  code: string;
  entryPoint: string;
  calls: { args: unknown[] }[];
  memoryMb: number;
  timeoutMs: number;
}

export type IsolateCallResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface IsolateTaskResult {
  loadError?: string;
  timedOut: boolean;
  memoryExceeded: boolean;
  calls: IsolateCallResult[];
  wallMs: number;
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const isTimeout = (error: unknown) => /timed out/i.test(message(error));

export default async function runIsolateTask(task: IsolateTask): Promise<IsolateTaskResult> {
  const started = performance.now();
  const deadline = started + task.timeoutMs;
  const remaining = () => Math.max(1, Math.floor(deadline - performance.now()));
  const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, task.memoryMb) });
  const result: IsolateTaskResult = { timedOut: false, memoryExceeded: false, calls: [], wallMs: 0 };
  try {
    const context = await isolate.createContext();
    const wrapped = `var module = { exports: {} }; var exports = module.exports;\n${task.code}\n;globalThis.__verdictEntry = typeof ${task.entryPoint} === "function" ? ${task.entryPoint} : (module.exports.${task.entryPoint} ?? module.exports.default);`;
    try {
      await (await isolate.compileScript(wrapped, { filename: "main.js" })).run(context, {
        timeout: remaining(),
      });
    } catch (error) {
      result.timedOut = isTimeout(error);
      result.memoryExceeded = isolate.isDisposed;
      result.loadError = message(error);
      return result;
    }
    for (const call of task.calls) {
      if (result.timedOut || result.memoryExceeded) {
        result.calls.push({ ok: false, error: "did not run" });
        continue;
      }
      try {
        const value = await context.evalClosure(
          "if (typeof __verdictEntry !== 'function') throw new TypeError('the entry point is not a function'); return __verdictEntry(...$0);",
          [call.args],
          { arguments: { copy: true }, result: { copy: true }, timeout: remaining() },
        );
        result.calls.push({ ok: true, value });
      } catch (error) {
        result.timedOut = isTimeout(error);
        result.memoryExceeded = isolate.isDisposed && !result.timedOut;
        result.calls.push({ ok: false, error: message(error) });
      }
    }
    return result;
  } finally {
    result.wallMs = performance.now() - started;
    if (!isolate.isDisposed) isolate.dispose();
  }
}
