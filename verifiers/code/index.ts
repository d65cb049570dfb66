/**
 * The code verifier: runs the program in a completion against the reference's tests in a sandbox
 * and scores the fraction of tests passed. `correct` means every test passed and the harness saw
 * the run through to its end; exits, crashes and imitated pass output never count as passes.
 */
import { InvalidReferenceError, type Verdict, type VerdictReason, type Verifier } from "../verifier.js";
import { extractProgram } from "./extract.js";
import { runIsolateHarness } from "./harness/isolate-harness.js";
import { type Limits, runPythonHarness } from "./harness/python-harness.js";
import { runStdioHarness } from "./harness/stdio-harness.js";
import type { TestOutcome } from "./harness/test-outcome.js";
import { toCommonJs } from "./harness/typescript.js";
import { IsolatePool } from "./isolate/isolate-pool.js";
import { type CodeOptions, DEFAULT_CODE_OPTIONS, parseCodeOptions } from "./options.js";
import { type CodeReference, parseCodeReference } from "./reference.js";
import { closeSandboxes, getSandbox } from "./sandbox/create-sandbox.js";

export type { CodeOptions } from "./options.js";
export type { CodeReference } from "./reference.js";

let isolatePool: IsolatePool | undefined;

function limitsOf(options: CodeOptions): Limits {
  return {
    wallTimeMs: options.timeoutMs,
    cpuTimeMs: options.cpuTimeMs,
    memoryMb: options.memoryMb,
    outputLimitBytes: options.outputLimitBytes,
  };
}

/** Builds the Python program to run; a HumanEval completion continues the prompt. */
function pythonProgram(completion: string, reference: CodeReference): string {
  const { code, source } = extractProgram(completion, "python");
  if (reference.kind !== "humaneval") return code;
  // A fenced block usually restates the whole function; the prompt still supplies imports and helpers.
  return source === "fenced" ? `${reference.prompt}\n${code}` : `${reference.prompt}${code}`;
}

async function runTests(
  completion: string,
  reference: CodeReference,
  options: CodeOptions,
  signal?: AbortSignal,
): Promise<{ program: string; outcome: TestOutcome }> {
  const language = reference.language ?? options.language;
  const limits = limitsOf(options);
  const tolerance = options.relativeTolerance;

  if (language === "python") {
    const program = pythonProgram(completion, reference);
    const sandbox = await getSandbox(options);
    if (reference.kind === "stdio") {
      const comparator = reference.comparator ?? options.comparator;
      const outcome = await runStdioHarness(
        sandbox,
        "python",
        program,
        reference.cases,
        comparator,
        options,
        limits,
        signal,
      );
      return { program, outcome };
    }
    const request =
      reference.kind === "humaneval"
        ? {
            kind: "humaneval" as const,
            prompt: reference.prompt,
            test: reference.test,
            entry_point: reference.entry_point,
          }
        : reference.kind === "asserts"
          ? {
              kind: "asserts" as const,
              tests: reference.asserts,
              ...(reference.setup ? { setup: reference.setup } : {}),
            }
          : {
              kind: "function-call" as const,
              entry_point: reference.entry_point,
              cases: reference.calls,
              tolerance,
            };
    return { program, outcome: await runPythonHarness(sandbox, program, request, limits, signal) };
  }

  const { code } = extractProgram(completion, language);
  const transpiled = toCommonJs(code, language);
  if (reference.kind === "stdio") {
    const sandbox = await getSandbox(options);
    const comparator = reference.comparator ?? options.comparator;
    const outcome = await runStdioHarness(
      sandbox,
      "javascript",
      transpiled.code,
      reference.cases,
      comparator,
      options,
      limits,
      signal,
    );
    return { program: code, outcome };
  }
  if (reference.kind === "function-call") {
    isolatePool ??= new IsolatePool();
    const outcome = await runIsolateHarness(
      isolatePool,
      transpiled.code,
      reference.entry_point,
      reference.calls,
      tolerance,
      limits,
      signal,
    );
    return { program: code, outcome };
  }
  throw new InvalidReferenceError(
    `The ${reference.kind} harness runs Python only; for ${language} use stdin/stdout cases or function calls.`,
  );
}

function reasonFor(outcome: TestOutcome, correct: boolean): VerdictReason {
  if (correct) return "match";
  const status = outcome.run.status;
  if (
    status === "timeout" ||
    status === "memory-limit" ||
    status === "output-limit" ||
    status === "sandbox-error"
  )
    return status;
  if (outcome.loadError !== undefined) {
    return /\b(SyntaxError|IndentationError|TabError)\b/.test(outcome.loadError)
      ? "compile-error"
      : "runtime-error";
  }
  if (status === "runtime-error") return "runtime-error";
  const failures = outcome.tests.filter((test) => !test.passed).map((test) => test.message ?? "");
  if (failures.some((message) => /\bMemoryError\b/.test(message))) return "memory-limit";
  // The runner marks failures raised inside the program, as opposed to wrong values, this way.
  if (!outcome.finished || failures.some((message) => /^(ProgramError|program exited)/.test(message))) {
    return "runtime-error";
  }
  return "wrong-answer";
}

function toVerdict(program: string, outcome: TestOutcome, sandboxName: string): Verdict {
  const total = outcome.tests.length;
  const passed = outcome.tests.filter((test) => test.passed).length;
  const correct = outcome.finished && total > 0 && passed === total;
  return {
    correct,
    score: total > 0 ? passed / total : 0,
    extracted: program,
    reason: reasonFor(outcome, correct),
    details: {
      harness: outcome.harness,
      sandbox: sandboxName,
      passed,
      total,
      status: outcome.run.status,
      exitCode: outcome.run.exitCode,
      wallMs: Math.round(outcome.run.wallMs),
      cpuMs: outcome.run.cpuMs === null ? null : Math.round(outcome.run.cpuMs),
      ...(outcome.loadError !== undefined ? { loadError: outcome.loadError.slice(0, 500) } : {}),
      ...(outcome.run.message ? { message: outcome.run.message } : {}),
      tests: outcome.tests.slice(0, 50),
      stderr: outcome.run.stderr.slice(-500),
    },
  };
}

function abortedVerdict(options: CodeOptions): Verdict {
  return {
    correct: false,
    score: 0,
    reason: "timeout",
    details: { sandbox: options.sandbox, message: "stopped by the caller's time budget" },
  };
}

export const codeVerifier: Verifier<CodeOptions> = {
  name: "code",
  version: "1.0.0",
  description:
    "Runs the program in the completion against the reference's tests (HumanEval, assert lists, stdin/stdout, function calls) in a sandbox; score = fraction of tests passed.",
  defaults: DEFAULT_CODE_OPTIONS,
  parseOptions: parseCodeOptions,

  async verify(completion, reference, options, signal) {
    const parsed = parseCodeReference(reference, options.harness);
    let tested: { program: string; outcome: TestOutcome };
    try {
      tested = await runTests(completion, parsed, options, signal);
    } catch (error) {
      // Stopped by the caller's budget: a verdict like any other, as the math verifier gives.
      if (signal?.aborted) return abortedVerdict(options);
      throw error;
    }
    // A sandbox stopped by the signal reports "aborted", which is not a result of the program.
    if (signal?.aborted) return abortedVerdict(options);
    const { program, outcome } = tested;
    const sandboxName =
      outcome.harness === "function-call" && (parsed.language ?? options.language) !== "python"
        ? "isolated-vm"
        : options.sandbox;
    return toVerdict(program, outcome, sandboxName);
  },

  async close() {
    const pool = isolatePool;
    isolatePool = undefined;
    await Promise.all([closeSandboxes(), pool?.close()]);
  },
};
