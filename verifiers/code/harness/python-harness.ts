/**
 * Runs Python test harnesses (HumanEval, assert lists, function calls) through verdict's runner
 * (python-runner.py). The runner prints its progress on stdout after a random marker that only
 * its test process holds, so the program cannot imitate a pass; the outcome counts only when the
 * final `done` line is there and the sandbox exited with status 0.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Sandbox, SandboxRequest, SandboxResult } from "../sandbox/sandbox.js";
import type { TestOutcome, TestResult } from "./test-outcome.js";

export type PythonHarnessRequest =
  | { kind: "humaneval"; prompt: string; test: string; entry_point: string }
  | { kind: "asserts"; tests: string[]; setup?: string }
  | {
      kind: "function-call";
      entry_point: string;
      cases: { args: unknown[]; kwargs?: Record<string, unknown>; expected: unknown }[];
      tolerance: number;
    };

export type Limits = Pick<SandboxRequest, "wallTimeMs" | "cpuTimeMs" | "memoryMb" | "outputLimitBytes">;

let runnerSource: string | undefined;

/** Source of python-runner.py, found next to this module or, from dist/, in the source tree. */
export function pythonRunnerSource(): string {
  if (runnerSource !== undefined) return runnerSource;
  const here = fileURLToPath(new URL("./python-runner.py", import.meta.url));
  const candidates = [here, here.replace(/\/dist\/verifiers\//, "/verifiers/")];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`python-runner.py not found; looked in ${candidates.join(", ")}`);
  runnerSource = readFileSync(found, "utf8");
  return runnerSource;
}

const IMPORT_LINE = /^(?:from\s+([\w.]+)\s+import|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))/gm;

/** Top-level modules a prompt imports, loaded by the runner once before it splits in two. */
export function promptModules(prompt: string): string[] {
  const modules = new Set<string>();
  for (const match of prompt.matchAll(IMPORT_LINE)) {
    const names = match[1] ?? match[2] ?? "";
    for (const name of names.split(",")) {
      const top = name.trim().split(".")[0];
      if (top && /^\w+$/.test(top)) modules.add(top);
    }
  }
  return [...modules];
}

/** Reads the runner's marker lines into per-test results. */
export function parseRunnerOutput(
  stdout: string,
  marker: string,
): {
  planned: number | null;
  results: Map<number, TestResult>;
  done: boolean;
  loadError?: string;
} {
  const results = new Map<number, TestResult>();
  let planned: number | null = null;
  let done = false;
  let loadError: string | undefined;
  const prefix = `${marker} `;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const [word, first, second, ...rest] = line.slice(prefix.length).split(" ");
    if (word === "plan") planned = Number(first);
    if (word === "test" && !results.has(Number(first))) {
      const message = rest.join(" ");
      results.set(Number(first), { passed: second === "1", ...(message ? { message } : {}) });
    }
    if (word === "done") {
      done = true;
      const note = [second, ...rest].filter((part) => part !== undefined).join(" ");
      if (note) loadError = note;
    }
  }
  return { planned, results, done, ...(loadError ? { loadError } : {}) };
}

export async function runPythonHarness(
  sandbox: Sandbox,
  program: string,
  request: PythonHarnessRequest,
  limits: Limits,
  signal?: AbortSignal,
): Promise<TestOutcome> {
  const marker = randomBytes(16).toString("hex");
  const modules = request.kind === "humaneval" ? promptModules(request.prompt) : [];
  const run: SandboxResult = await sandbox.run(
    {
      language: "python",
      code: pythonRunnerSource(),
      files: { "solution.py": program },
      args: ["solution.py", ...modules],
      stdin: JSON.stringify({ ...request, marker }),
      ...limits,
    },
    signal,
  );

  const parsed = parseRunnerOutput(run.stdout, marker);
  const knownTotal =
    request.kind === "asserts"
      ? request.tests.length
      : request.kind === "function-call"
        ? request.cases.length
        : null;
  const total = knownTotal ?? parsed.planned ?? Math.max(1, parsed.results.size);
  const tests: TestResult[] = Array.from(
    { length: total },
    (_, index) => parsed.results.get(index) ?? { passed: false, message: "did not run" },
  );
  const finished = parsed.done && run.status === "ok" && parsed.results.size === total;
  return {
    harness: request.kind,
    tests,
    finished,
    ...(parsed.loadError ? { loadError: parsed.loadError } : {}),
    run,
  };
}
