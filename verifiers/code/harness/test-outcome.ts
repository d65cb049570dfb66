/** What a harness found out about one program, before it becomes a verdict. */
import type { SandboxResult } from "../sandbox/sandbox.js";

export interface TestResult {
  passed: boolean;
  /** Why the test failed, when it did. */
  message?: string;
}

export interface TestOutcome {
  harness: string;
  /** One entry per test, in order; tests that never ran count as failed. */
  tests: TestResult[];
  /** True when the harness saw every test run to its end: marker found and exit status 0. */
  finished: boolean;
  /** The program did not load (syntax error, exception at import time). */
  loadError?: string;
  /** The sandbox run behind the outcome; for stdin/stdout tests, the first failing one. */
  run: SandboxResult;
}
