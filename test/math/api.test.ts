import { afterAll, describe, expect, it } from "vitest";
import { lastBoxed, mathVerifier } from "../../verifiers/math/index.js";
import { loadVerifier } from "../../verifiers/registry.js";
import { InvalidOptionsError, InvalidReferenceError } from "../../verifiers/verifier.js";

const R = String.raw;

afterAll(async () => {
  await mathVerifier.close?.();
});

describe("lastBoxed", () => {
  it.each([
    ["single box", R`so \boxed{5}`, "5"],
    ["last of two boxes", R`\boxed{1} and \boxed{2}`, "2"],
    ["nested braces", R`\boxed{\frac{1}{\sqrt{2}}}`, R`\frac{1}{\sqrt{2}}`],
    ["escaped set braces", R`\boxed{\{1,2\}}`, R`\{1,2\}`],
    ["fbox", R`\fbox{7}`, "7"],
    ["unbraced argument", R`\boxed 9`, "9"],
    ["box nested in a box is content", R`\boxed{\boxed{3}}`, R`\boxed{3}`],
  ])("%s", (_name, text, expected) => {
    expect(lastBoxed(text)).toBe(expected);
  });

  it.each([
    ["no box", "the answer is 5"],
    ["unclosed box", R`\boxed{5`],
    ["boxed as part of a longer command", R`\boxedtext{5}`],
    ["braces nested past the budget", `\\boxed{${"{".repeat(500)}1${"}".repeat(500)}}`],
  ])("%s gives undefined", (_name, text) => {
    expect(lastBoxed(text)).toBeUndefined();
  });
});

describe("math verifier options", () => {
  it("defaults to strict mode and a 500 ms budget", () => {
    const options = mathVerifier.parseOptions(undefined);
    expect(options.mode).toBe("strict");
    expect(options.timeoutMs).toBe(500);
    expect(options.lastNumberFallback).toBe(false);
  });

  it.each([
    ["unknown mode", { mode: "loose" }, "mode"],
    ["negative tolerance", { relativeTolerance: -1 }, "relativeTolerance"],
    ["phrases not a list", { answerPhrases: "A:" }, "answerPhrases"],
    ["unknown option", { tolerance: 1e-3 }, "(options)"],
  ])("rejects %s naming the field", (_name, raw, field) => {
    expect(() => mathVerifier.parseOptions(raw)).toThrow(InvalidOptionsError);
    expect(() => mathVerifier.parseOptions(raw)).toThrow(field);
  });
});

describe("math verifier references", () => {
  const options = mathVerifier.parseOptions({});

  it.each([
    ["null", null],
    ["object", { answer: 5 }],
    ["empty string", "  "],
    ["NaN", Number.NaN],
  ])("rejects a %s reference", async (_name, reference) => {
    await expect(mathVerifier.verify(R`\boxed{5}`, reference, options)).rejects.toThrow(
      InvalidReferenceError,
    );
  });

  it("reports what was extracted and expected", async () => {
    const verdict = await mathVerifier.verify(R`\boxed{\dfrac{1}{2}}`, "0.5", options);
    expect(verdict).toMatchObject({
      correct: true,
      score: 1,
      reason: "match",
      extracted: R`\frac{1}{2}`,
      expected: "0.5",
    });
  });
});

describe("math verifier equivalence for maj@k", () => {
  const options = mathVerifier.parseOptions({ timeoutMs: 10_000 });

  it.each([
    ["fraction and decimal", R`\frac12`, "0.5", true],
    ["reordered sum", "x+1", "1+x", true],
    ["radical forms", R`2\sqrt2`, R`\sqrt{8}`, true],
    ["different numbers", "3", "4", false],
    ["empty answer", "", "4", false],
  ])("%s", async (_name, a, b, expected) => {
    expect(await mathVerifier.equivalent?.(a, b, options)).toBe(expected);
  });
});

it("registry loads the math verifier", async () => {
  const verifier = await loadVerifier("math");
  expect(verifier.name).toBe("math");
  expect(verifier).toBe(mathVerifier);
});
