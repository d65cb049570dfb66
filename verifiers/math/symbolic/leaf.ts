import { seededRandom } from "../../seeded-random.js";
import type { Answer } from "../answer.js";
import { type LeafComparer, MIN_ROUNDED_DECIMALS } from "../compare.js";
import { canonicalText, leafText } from "../fast-leaf.js";
import { toNumber } from "../rational.js";
import {
  type CompiledExpression,
  type ComplexValue,
  compileLatex,
  divideValues,
  exactValue,
  exactValuesClose,
  simplifiesToZero,
  valueAt,
  valuesClose,
} from "./evaluate.js";
import { LatexSyntaxError } from "./latex-to-mathjs.js";

/** Relative tolerance between two exact forms evaluated in floating point (rounding noise only). */
export const EXACT_FORM_TOLERANCE = 1e-9;
/** Relative tolerance between two exact forms evaluated with 64 digits (rounding in the last digits). */
const EXACT_DIGITS_TOLERANCE = 1e-50;

/** Random points tried for expressions with variables; all that are defined must agree. */
const POINT_COUNT = 8;
/** Fewer defined points than this leaves the numeric test inconclusive, and `simplify` decides. */
const MIN_DEFINED_POINTS = 3;

export interface SymbolicSettings {
  relativeTolerance: number;
  lenient: boolean;
}

/** Points with each variable in ±[0.3, 3], away from 0 where many expressions are undefined. */
function samplePoints(variables: string[]): Record<string, number>[] {
  const random = seededRandom(0x5eed);
  return Array.from({ length: POINT_COUNT }, () => {
    const point: Record<string, number> = {};
    for (const name of variables) {
      const size = 0.3 + 2.7 * random();
      point[name] = random() < 0.3 ? -size : size;
    }
    return point;
  });
}

function compile(answer: Answer): CompiledExpression | undefined {
  try {
    return compileLatex(leafText(answer));
  } catch (error) {
    if (error instanceof LatexSyntaxError) return undefined;
    throw error;
  }
}

function decimalsOf(answer: Answer): number | undefined {
  return answer.kind === "number" && !answer.literal.percent ? answer.literal.decimals : undefined;
}

/** Checks whether a value rounds to the decimal at the decimal's written precision. */
function roundsTo(value: ComplexValue, decimal: Answer, decimals: number): boolean {
  if (decimal.kind !== "number" || Math.abs(value.im) > 0) return false;
  return Math.abs(value.re - toNumber(decimal.literal.value)) <= 0.5 * 10 ** -decimals * (1 + 1e-12);
}

function constantsEqual(
  answer: Answer,
  reference: Answer,
  values: [ComplexValue, ComplexValue],
  noisy: boolean,
  settings: SymbolicSettings,
): boolean {
  const [a, r] = values;
  const referenceDecimals = decimalsOf(reference);
  const answerDecimals = decimalsOf(answer);
  if (
    referenceDecimals !== undefined &&
    referenceDecimals >= MIN_ROUNDED_DECIMALS &&
    answerDecimals === undefined &&
    roundsTo(a, reference, referenceDecimals)
  ) {
    return true;
  }
  if (settings.lenient && answerDecimals !== undefined && roundsTo(r, answer, answerDecimals)) return true;
  const tolerance =
    referenceDecimals === undefined && answerDecimals === undefined
      ? EXACT_FORM_TOLERANCE
      : settings.relativeTolerance;
  return valuesClose(a, r, tolerance, noisy);
}

/** Compares exact forms in 64-digit arithmetic, which distinguishes integers beyond 2^53. */
function exactComparison(
  left: CompiledExpression,
  right: CompiledExpression,
  noisy: boolean,
): boolean | undefined {
  const a = exactValue(left);
  const b = exactValue(right);
  if (!a || !b) return undefined;
  return exactValuesClose(a, b, EXACT_DIGITS_TOLERANCE, noisy);
}

function pointsAgree(
  left: CompiledExpression,
  right: CompiledExpression,
  noisy: boolean,
): boolean | "inconclusive" {
  const variables = [...new Set([...left.variables, ...right.variables])];
  let defined = 0;
  for (const point of samplePoints(variables)) {
    const a = valueAt(left, point);
    const b = valueAt(right, point);
    if (a === undefined || b === undefined) continue;
    if (!valuesClose(a, b, EXACT_FORM_TOLERANCE, noisy)) return false;
    defined++;
  }
  return defined >= MIN_DEFINED_POINTS ? true : "inconclusive";
}

function expressionsEqual(answer: Answer, reference: Answer, settings: SymbolicSettings): boolean {
  const left = compile(answer);
  const right = compile(reference);
  if (!left || !right) return false;
  const noisy = left.transcendental || right.transcendental;

  if (left.variables.length === 0 && right.variables.length === 0) {
    if (decimalsOf(answer) === undefined && decimalsOf(reference) === undefined) {
      const exact = exactComparison(left, right, noisy);
      if (exact !== undefined) return exact;
    }
    const a = valueAt(left, {});
    const r = valueAt(right, {});
    if (a === undefined || r === undefined) return false;
    return constantsEqual(answer, reference, [a, r], noisy, settings);
  }
  const agree = pointsAgree(left, right, noisy);
  if (agree !== "inconclusive") return agree;
  return simplifiesToZero(leafText(answer), leafText(reference));
}

/** `<` becomes `>` with the sides swapped, so each relation has one spelling. */
function orientedDifference(answer: Answer & { kind: "relation" }): { operator: string; difference: string } {
  const [left, right] = answer.sides as [string, string];
  const operator = answer.operators[0] as string;
  if (operator === "<" || operator === "<=") {
    return { operator: operator.replace("<", ">"), difference: `(${right})-(${left})` };
  }
  return { operator, difference: `(${left})-(${right})` };
}

/**
 * Equations and inequalities are equivalent when their differences lhs − rhs are proportional at
 * every sampled point: by any non-zero factor for `=` and `≠`, by a positive one for `<`, `≤`, `>`, `≥`.
 */
function relationsEqual(answer: Answer, reference: Answer): boolean {
  if (answer.kind !== "relation" || reference.kind !== "relation") return false;
  if (answer.operators.length !== 1 || reference.operators.length !== 1) {
    return leafText(answer).replace(/\s+/g, "") === leafText(reference).replace(/\s+/g, "");
  }
  const a = orientedDifference(answer);
  const r = orientedDifference(reference);
  if (a.operator !== r.operator) return false;

  let left: CompiledExpression;
  let right: CompiledExpression;
  try {
    left = compileLatex(a.difference);
    right = compileLatex(r.difference);
  } catch (error) {
    if (error instanceof LatexSyntaxError) return false;
    throw error;
  }
  const variables = [...new Set([...left.variables, ...right.variables])];
  let ratio: ComplexValue | undefined;
  let defined = 0;
  for (const point of samplePoints(variables)) {
    const x = valueAt(left, point);
    const y = valueAt(right, point);
    if (x === undefined || y === undefined || (x.re === 0 && x.im === 0) || (y.re === 0 && y.im === 0))
      continue;
    const quotient = divideValues(x, y);
    if (!ratio) ratio = quotient;
    else if (!valuesClose(quotient, ratio, EXACT_FORM_TOLERANCE, false)) return false;
    defined++;
  }
  if (!ratio || defined < MIN_DEFINED_POINTS) return false;
  return (
    a.operator === "=" || a.operator === "!=" || (ratio.re > 0 && Math.abs(ratio.im) < EXACT_FORM_TOLERANCE)
  );
}

/** Builds the worker's leaf comparer: text by spelling, relations by proportional differences, the rest by value. */
export function symbolicLeaf(settings: SymbolicSettings): LeafComparer {
  return (answer, reference) => {
    if (answer.kind === "text" || reference.kind === "text") {
      return canonicalText(leafText(answer)) === canonicalText(leafText(reference));
    }
    if (answer.kind === "relation" || reference.kind === "relation") return relationsEqual(answer, reference);
    return expressionsEqual(answer, reference, settings);
  };
}
