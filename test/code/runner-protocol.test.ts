import { describe, expect, it } from "vitest";
import { sameValue } from "../../verifiers/code/harness/isolate-harness.js";
import { parseRunnerOutput, promptModules } from "../../verifiers/code/harness/python-harness.js";
import { fromPiston, fromSandboxFusion } from "../../verifiers/code/sandbox/remote.js";

const marker = "0f".repeat(16);

describe("parseRunnerOutput", () => {
  it("reads plan, tests and done", () => {
    const stdout = `noise\n${marker} plan 2\nprogram print\n${marker} test 0 1\n${marker} test 1 0 AssertionError: \n${marker} done 2\n`;
    const parsed = parseRunnerOutput(stdout, marker);

    expect(parsed.planned).toBe(2);
    expect(parsed.done).toBe(true);
    expect(parsed.results.get(0)).toEqual({ passed: true });
    expect(parsed.results.get(1)?.passed).toBe(false);
  });

  it("ignores lines under another marker", () => {
    const stdout = `${"ab".repeat(16)} test 0 1\n${"ab".repeat(16)} done 1\n`;
    const parsed = parseRunnerOutput(stdout, marker);

    expect(parsed.done).toBe(false);
    expect(parsed.results.size).toBe(0);
  });

  it("keeps the first report of a test", () => {
    const parsed = parseRunnerOutput(`${marker} test 0 0 failed\n${marker} test 0 1\n`, marker);

    expect(parsed.results.get(0)?.passed).toBe(false);
  });

  it("reads the load error on the done line", () => {
    const parsed = parseRunnerOutput(
      `${marker} done 1 the program failed to load: SyntaxError: bad\n`,
      marker,
    );

    expect(parsed.loadError).toBe("the program failed to load: SyntaxError: bad");
  });
});

describe("promptModules", () => {
  it("lists top-level imported modules", () => {
    const prompt = "from typing import List\nimport math, re\nimport os.path\n\ndef f():\n    import json\n";

    expect(promptModules(prompt)).toEqual(["typing", "math", "re", "os"]);
  });
});

describe("remote response mapping", () => {
  it.each([
    [
      "finished with status 0",
      {
        status: "Success",
        run_result: { status: "Finished", return_code: 0, stdout: "1\n", stderr: "", execution_time: 0.5 },
      },
      200,
      "ok",
    ],
    [
      "finished with status 1",
      { status: "Failed", run_result: { status: "Finished", return_code: 1, stdout: "", stderr: "boom" } },
      200,
      "runtime-error",
    ],
    [
      "time limit",
      { status: "Failed", run_result: { status: "TimeLimitExceeded", return_code: null } },
      200,
      "timeout",
    ],
    [
      "memory error",
      { status: "Failed", run_result: { status: "Finished", return_code: 1, stderr: "MemoryError" } },
      200,
      "memory-limit",
    ],
    ["sandbox error", { status: "SandboxError", message: "pod lost" }, 200, "sandbox-error"],
    ["unknown run status", { status: "Success", run_result: { status: "Weird" } }, 200, "sandbox-error"],
    ["http 400", { message: "bad" }, 400, "sandbox-error"],
  ])("SandboxFusion %s", (_trap, body, http, status) => {
    expect(fromSandboxFusion(body, http).status).toBe(status);
  });

  it.each([
    ["exit 0", { run: { code: 0, signal: null, stdout: "1\n", stderr: "" } }, 200, "ok"],
    ["exit 1", { run: { code: 1, signal: null, stdout: "", stderr: "" } }, 200, "runtime-error"],
    ["killed by a signal", { run: { code: null, signal: "SIGKILL" } }, 200, "runtime-error"],
    ["timeout status", { run: { code: null, signal: "SIGKILL", status: "TO" } }, 200, "timeout"],
    ["output limit status", { run: { code: null, signal: "SIGKILL", status: "OL" } }, 200, "output-limit"],
    ["internal error", { run: { status: "XX", message: "oops" } }, 200, "sandbox-error"],
    ["bad request", { message: "runtime unknown" }, 400, "sandbox-error"],
    ["missing run", {}, 200, "sandbox-error"],
  ])("Piston %s", (_trap, body, http, status) => {
    expect(fromPiston(body, http).status).toBe(status);
  });
});

describe("sameValue", () => {
  it.each([
    ["equal numbers", 3, 3, true],
    ["float within tolerance", 0.30000000000000004, 0.3, true],
    ["nested arrays", [[1, 2], [3]], [[1, 2], [3]], true],
    ["array against object", { 0: 1, length: 1 }, [1], false],
    ["extra key", { a: 1, b: 2 }, { a: 1 }, false],
    ["string against number", "3", 3, false],
    ["NaN equals NaN", Number.NaN, Number.NaN, true],
    ["null against undefined", null, undefined, false],
  ])("%s", (_trap, actual, expected, same) => {
    expect(sameValue(actual, expected, 1e-9)).toBe(same);
  });
});
