/** Function-call tests for JavaScript and TypeScript in isolated-vm, compared here with the expected values. */
import type { IsolatePool } from "../isolate/isolate-pool.js";
import type { Limits } from "./python-harness.js";
import type { TestOutcome, TestResult } from "./test-outcome.js";

export interface FunctionCallCase {
  args: unknown[];
  expected: unknown;
}

/** Deep equality of plain data; numbers within the relative tolerance; arrays only equal arrays. */
export function sameValue(actual: unknown, expected: unknown, tolerance: number): boolean {
  if (typeof actual === "number" && typeof expected === "number") {
    if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
    return actual === expected || Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => sameValue(actual[index], item, tolerance))
    );
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every(
        (key) =>
          Object.hasOwn(actual, key) &&
          sameValue(
            (actual as Record<string, unknown>)[key],
            (expected as Record<string, unknown>)[key],
            tolerance,
          ),
      )
    );
  }
  return Object.is(actual, expected) || actual === expected;
}

export async function runIsolateHarness(
  pool: IsolatePool,
  code: string,
  entryPoint: string,
  cases: FunctionCallCase[],
  tolerance: number,
  limits: Limits,
  signal?: AbortSignal,
): Promise<TestOutcome> {
  const result = await pool.run(
    {
      code,
      entryPoint,
      calls: cases.map((testCase) => ({ args: testCase.args })),
      memoryMb: limits.memoryMb,
      timeoutMs: limits.wallTimeMs,
    },
    signal,
  );
  const tests: TestResult[] = cases.map((testCase, index) => {
    const call = result.calls[index];
    if (!call)
      return {
        passed: false,
        message: result.loadError ? `did not load: ${result.loadError}` : "did not run",
      };
    // The same prefix as the Python runner's, marking an exception raised by the program.
    if (!call.ok) return { passed: false, message: `ProgramError: ${call.error}` };
    if (sameValue(call.value, testCase.expected, tolerance)) return { passed: true };
    return { passed: false, message: `returned ${JSON.stringify(call.value)?.slice(0, 200)}` };
  });
  let status: "timeout" | "memory-limit" | "ok" = "ok";
  if (result.timedOut) status = "timeout";
  else if (result.memoryExceeded) status = "memory-limit";
  return {
    harness: "function-call",
    tests,
    finished: !result.timedOut && !result.memoryExceeded && result.loadError === undefined,
    ...(result.loadError !== undefined ? { loadError: result.loadError } : {}),
    run: {
      status,
      exitCode: null,
      signal: null,
      stdout: "",
      stderr: "",
      stdoutTruncated: false,
      stderrTruncated: false,
      wallMs: result.wallMs,
      cpuMs: null,
    },
  };
}
