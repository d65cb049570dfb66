/**
 * stdin/stdout tests (Codeforces and LiveCodeBench style): the program runs once per case with
 * the case's input on stdin and must exit with status 0 and print the expected output. Expected
 * outputs never enter the sandbox; they are compared here.
 */
import { type ComparatorName, type CompareOptions, compareOutput } from "../compare.js";
import type { Sandbox, SandboxLanguage, SandboxResult } from "../sandbox/sandbox.js";
import type { Limits } from "./python-harness.js";
import type { TestOutcome, TestResult } from "./test-outcome.js";

export interface StdioCase {
  input: string;
  output: string;
}

function judge(
  run: SandboxResult,
  expected: string,
  comparator: ComparatorName,
  options: CompareOptions,
): TestResult {
  if (run.status !== "ok") {
    return {
      passed: false,
      message: `${run.status}${run.exitCode !== null ? ` (exit status ${run.exitCode})` : ""}`,
    };
  }
  if (compareOutput(comparator, run.stdout, expected, options)) return { passed: true };
  return {
    passed: false,
    message: `expected ${JSON.stringify(expected.slice(0, 100))}, got ${JSON.stringify(run.stdout.slice(0, 100))}`,
  };
}

export async function runStdioHarness(
  sandbox: Sandbox,
  language: SandboxLanguage,
  program: string,
  cases: StdioCase[],
  comparator: ComparatorName,
  compareOptions: CompareOptions,
  limits: Limits,
  signal?: AbortSignal,
): Promise<TestOutcome> {
  const runs = await Promise.all(
    cases.map((testCase) =>
      sandbox.run({ language, code: program, stdin: testCase.input, ...limits }, signal),
    ),
  );
  const tests = runs.map((run, index) =>
    judge(run, (cases[index] as StdioCase).output, comparator, compareOptions),
  );
  const firstFailure = tests.findIndex((test) => !test.passed);
  const run = runs[firstFailure === -1 ? 0 : firstFailure] as SandboxResult;
  return { harness: "stdio", tests, finished: true, run };
}
