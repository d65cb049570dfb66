import { describe, expect, it } from "vitest";
import { parseCodeOptions } from "../../verifiers/code/options.js";
import { parseCodeReference } from "../../verifiers/code/reference.js";
import { InvalidOptionsError, InvalidReferenceError } from "../../verifiers/verifier.js";

describe("parseCodeReference", () => {
  it.each([
    ["humaneval fields", { prompt: "def f():\n", test: "def check(c): pass", entry_point: "f" }, "humaneval"],
    ["assert list", { asserts: ["assert f(1) == 2"] }, "asserts"],
    ["mbpp field names", { test_list: ["assert f(1) == 2"], test_setup_code: "" }, "asserts"],
    ["stdin/stdout cases", { cases: [{ input: "1\n", output: "1\n" }] }, "stdio"],
    ["function calls", { entry_point: "f", calls: [{ args: [1], expected: 2 }] }, "function-call"],
    ["json string", JSON.stringify({ cases: [{ input: "", output: "x" }] }), "stdio"],
  ])("%s gives %s", (_trap, raw, kind) => {
    expect(parseCodeReference(raw).kind).toBe(kind);
  });

  it("forced harness wins over the shape", () => {
    const reference = {
      entry_point: "f",
      prompt: "",
      test: "def check(c): pass",
      calls: [{ args: [], expected: 1 }],
    };

    expect(parseCodeReference(reference, "function-call").kind).toBe("function-call");
  });

  it.each([
    ["plain number", 42, /must be an object/],
    ["text that is not json", "print(1)", /must be JSON/],
    ["unknown fields", { answer: 3 }, /Cannot tell the test harness/],
    ["empty case list", { cases: [] }, /cases/],
    [
      "entry point that is not an identifier",
      { entry_point: "f); evil(", calls: [{ args: [], expected: 1 }] },
      /identifier/,
    ],
    ["case without output", { cases: [{ input: "1" }] }, /cases\.0\.output/],
  ])("%s is rejected", (_trap, raw, message) => {
    expect(() => parseCodeReference(raw)).toThrow(InvalidReferenceError);
    expect(() => parseCodeReference(raw)).toThrow(message);
  });
});

describe("parseCodeOptions", () => {
  it("fills the defaults", () => {
    const options = parseCodeOptions({});

    expect(options.sandbox).toBe("bubblewrap");
    expect(options.timeoutMs).toBe(10_000);
    expect(options.memoryMb).toBe(1024);
  });

  it.each([
    ["unknown option", { timeout: 5 }, /Unrecognized key/],
    ["negative time limit", { timeoutMs: -1 }, /timeoutMs/],
    ["unknown sandbox", { sandbox: "docker" }, /sandbox/],
    ["remote sandbox without endpoints", { sandbox: "piston" }, /endpoints/],
  ])("%s is rejected", (_trap, raw, message) => {
    expect(() => parseCodeOptions(raw)).toThrow(InvalidOptionsError);
    expect(() => parseCodeOptions(raw)).toThrow(message);
  });
});
