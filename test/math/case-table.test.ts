import { afterAll, describe, expect, it } from "vitest";
import { mathVerifier } from "../../verifiers/math/index.js";
import type { Case } from "./cases/case.js";
import { choiceCases, textCases } from "./cases/choices.js";
import { complexCases, constantCases, radicalCases, symbolicCases, trigCases } from "./cases/expressions.js";
import { extractionCases } from "./cases/extraction.js";
import { hedgingCases } from "./cases/hedging.js";
import { modeCases } from "./cases/modes.js";
import { decimalCases, fractionCases, integerCases, percentCases, separatorCases } from "./cases/numbers.js";
import { equationCases, intervalCases, matrixCases, setCases, tupleCases } from "./cases/structures.js";
import { fullWidthCases, unitCases } from "./cases/units.js";

const groups: Record<string, Case[]> = {
  extraction: extractionCases,
  hedging: hedgingCases,
  integers: integerCases,
  "thousands separators": separatorCases,
  fractions: fractionCases,
  decimals: decimalCases,
  percent: percentCases,
  "currency, units and degrees": unitCases,
  "full-width and unicode": fullWidthCases,
  radicals: radicalCases,
  "pi, e and logarithms": constantCases,
  trigonometry: trigCases,
  "complex numbers": complexCases,
  "symbolic expressions": symbolicCases,
  "sets and lists": setCases,
  "tuples and points": tupleCases,
  "intervals and inequalities": intervalCases,
  equations: equationCases,
  "matrices and vectors": matrixCases,
  "multiple choice": choiceCases,
  "text answers": textCases,
};

afterAll(async () => {
  await mathVerifier.close?.();
});

// Symbolic cases run in a worker whose start-up (loading mathjs) is not part of the budget, but a
// loaded test machine can still slow one case past the default 500 ms, so the table allows 5 s.
const defaults = mathVerifier.parseOptions({ timeoutMs: 5000 });

describe.each(Object.entries(groups))("math verifier: %s", (_group, cases) => {
  it.each(cases)("%s", async (_name, completion, reference, reason) => {
    const verdict = await mathVerifier.verify(completion, reference, defaults);
    expect(verdict.reason).toBe(reason);
    expect(verdict.correct).toBe(reason === "match");
  });
});

describe("math verifier: modes and options", () => {
  it.each(modeCases)("%s", async (_name, completion, reference, options, reason) => {
    const verdict = await mathVerifier.verify(
      completion,
      reference,
      mathVerifier.parseOptions({ timeoutMs: 5000, ...options }),
    );
    expect(verdict.reason).toBe(reason);
    expect(verdict.correct).toBe(reason === "match");
  });
});

it("case table has at least 400 cases", () => {
  const total = Object.values(groups).reduce((sum, cases) => sum + cases.length, 0) + modeCases.length;
  expect(total).toBeGreaterThanOrEqual(400);
});
