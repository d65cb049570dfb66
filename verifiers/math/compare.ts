import { type Answer, parseAnswer } from "./answer.js";
import type { NumberLiteral } from "./number-literal.js";
import { add, divide, equals, negate, powerOfTen, type Rational, rational, toNumber } from "./rational.js";

/**
 * Decides whether two leaf values that are not both plain numbers are equal, or returns
 * `"unknown"` when it cannot decide without symbolic work (the fast path on the main thread).
 */
export type LeafComparer = (answer: Answer, reference: Answer) => boolean | "unknown";

/** Thrown on the main thread when a comparison needs the symbolic engine. */
export class NeedsSymbolicError extends Error {
  override name = "NeedsSymbolicError";
}

export interface CompareContext {
  relativeTolerance: number;
  lenient: boolean;
  leaf: LeafComparer;
}

const SINGLE_VARIABLE =
  /^(?:[a-zA-Z](?:_\{?[a-zA-Z\d]+\}?)?|[a-zA-Z](?:\^\{?-1\}?)?\([a-zA-Z]\)|\\(?:alpha|beta|gamma|delta|theta|phi|varphi|lambda|mu|rho|sigma|tau|omega)(?![a-zA-Z]))$/;
/** `(x, y)` on the left of `(x, y) = (1, 2)`: the answer names its coordinates. */
const VARIABLE_TUPLE = /^\(\s*[a-zA-Z](?:\s*,\s*[a-zA-Z])+\s*\)$/;
const MATCHING_CLOSER: Record<string, string> = { "(": ")", "[": "]", "\\langle": "\\rangle" };

function abs(value: Rational): Rational {
  return value.num < 0n ? negate(value) : value;
}

/**
 * Fewest decimals for a reference to be read as a rounded value: `0.33` stands for 1/3, but `0.3`
 * is taken as exact, because a one-decimal window (±0.05) would also admit 1/3 for 3/10.
 */
export const MIN_ROUNDED_DECIMALS = 2;

/** True when |a − r| ≤ half a unit in the reference's last written decimal place. */
function roundsTo(answer: Rational, reference: Rational, decimals: number): boolean {
  const difference = abs(add(answer, negate(reference)));
  const scaled = divide(rational(difference.num * 2n * powerOfTen(decimals)), rational(difference.den));
  return scaled.num <= scaled.den;
}

function withinTolerance(answer: Rational, reference: Rational, tolerance: number): boolean {
  const a = toNumber(answer);
  const b = toNumber(reference);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

function literalValues(literal: NumberLiteral): Rational[] {
  if (!literal.percent) return [literal.value];
  return [literal.value, divide(literal.value, rational(100n))];
}

/**
 * Compares two number literals. Exact forms must be equal exactly; a decimal reference also accepts
 * an exact answer that rounds to it; other decimals agree within the relative tolerance. A percent
 * value `p%` stands for both p and p/100.
 */
export function numbersEqual(
  answer: NumberLiteral,
  reference: NumberLiteral,
  context: CompareContext,
): boolean {
  for (const a of literalValues(answer)) {
    for (const r of literalValues(reference)) {
      if (equals(a, r)) return true;
      const exactAnswer = answer.decimals === undefined;
      const exactReference = reference.decimals === undefined;
      if (exactAnswer && exactReference) continue;
      // An integer reference wants an integer: 33.00001 is not an AIME answer of 33.
      if (exactReference && r.den === 1n) continue;
      const rounded = reference.decimals !== undefined && reference.decimals >= MIN_ROUNDED_DECIMALS;
      if (reference.decimals !== undefined && ((exactAnswer && rounded) || context.lenient)) {
        if (roundsTo(a, r, reference.decimals)) return true;
      }
      if (withinTolerance(a, r, context.relativeTolerance)) return true;
    }
  }
  return false;
}

function compareSets(answer: Answer[], reference: Answer[], context: CompareContext): boolean {
  if (answer.length !== reference.length) return false;
  const unused = [...reference];
  for (const item of answer) {
    const index = unused.findIndex((candidate) => answersEqual(item, candidate, context));
    if (index < 0) return false;
    unused.splice(index, 1);
  }
  return true;
}

function compareSequences(answer: Answer[], reference: Answer[], context: CompareContext): boolean {
  if (answer.length !== reference.length) return false;
  return answer.every((item, index) => answersEqual(item, reference[index] as Answer, context));
}

function closerOf(open: string): string {
  return MATCHING_CLOSER[open] ?? open;
}

/** Items of a form that can stand for an ordered sequence (tuples, vectors, matrices of one column or row). */
function asSequence(answer: Answer): Answer[] | undefined {
  if (answer.kind === "tuple" && answer.close === closerOf(answer.open)) return answer.items;
  if (answer.kind === "matrix") {
    if (answer.rows.every((row) => row.length === 1)) return answer.rows.map((row) => row[0] as Answer);
    if (answer.rows.length === 1) return answer.rows[0];
  }
  return undefined;
}

function isStructured(answer: Answer): boolean {
  return answer.kind === "set" || answer.kind === "tuple" || answer.kind === "matrix";
}

/**
 * `\frac{12}{4} = 3`: a chain of equal signs without a variable on the left states one value only
 * if every side equals the reference, so `1 = 2 = 5` earns nothing for 5.
 */
function isEqualityChain(answer: Answer): answer is Answer & { kind: "relation" } {
  return answer.kind === "relation" && answer.operators.every((operator) => operator === "=");
}

/** `x = 5` stands for `5` when the other side is not a relation. */
function assignedValue(answer: Answer): string | undefined {
  if (answer.kind !== "relation" || answer.operators.length !== 1 || answer.operators[0] !== "=")
    return undefined;
  const [left, right] = answer.sides as [string, string];
  return SINGLE_VARIABLE.test(left) || VARIABLE_TUPLE.test(left) ? right : undefined;
}

const INFINITY: Answer = { kind: "expression", text: "\\infty" };
const MINUS_INFINITY: Answer = { kind: "expression", text: "-\\infty" };

/**
 * Reads a one-variable inequality as an interval: `x > 3` is (3, ∞), `-1 \le x < 2` is [-1, 2).
 * Returns `undefined` for any other relation.
 */
export function inequalityInterval(answer: Answer): Answer | undefined {
  if (
    answer.kind !== "relation" ||
    answer.operators.some((operator) => operator === "=" || operator === "!=")
  ) {
    return undefined;
  }
  const { sides, operators } = answer;
  const closed = (operator: string) => operator.endsWith("=");
  const bound = (text: string) => parseAnswer(text);

  if (operators.length === 1) {
    const [left, right] = sides as [string, string];
    const operator = operators[0] as string;
    const variableLeft = SINGLE_VARIABLE.test(left);
    if (!variableLeft && !SINGLE_VARIABLE.test(right)) return undefined;
    const value = bound(variableLeft ? right : left);
    const above = operator.startsWith(">") === variableLeft;
    return above
      ? { kind: "tuple", open: closed(operator) ? "[" : "(", close: ")", items: [value, INFINITY] }
      : { kind: "tuple", open: "(", close: closed(operator) ? "]" : ")", items: [MINUS_INFINITY, value] };
  }

  if (operators.length !== 2 || !SINGLE_VARIABLE.test(sides[1] as string)) return undefined;
  const [first, second] = operators as [string, string];
  if (first[0] !== second[0]) return undefined;

  const increasing = first.startsWith("<");
  const [low, high] = increasing ? [sides[0], sides[2]] : [sides[2], sides[0]];
  const [lowOperator, highOperator] = increasing ? [first, second] : [second, first];
  return {
    kind: "tuple",
    open: closed(lowOperator) ? "[" : "(",
    close: closed(highOperator) ? "]" : ")",
    items: [bound(low as string), bound(high as string)],
  };
}

function compareStructured(answer: Answer, reference: Answer, context: CompareContext): boolean | undefined {
  const answerInterval = inequalityInterval(answer);
  const referenceInterval = inequalityInterval(reference);
  if (answerInterval && referenceInterval) return answersEqual(answerInterval, referenceInterval, context);
  // `x + 1 > 0` against `x > -1`: only one reads as an interval, so compare them as relations.
  const otherIsRelation = answerInterval ? reference.kind === "relation" : answer.kind === "relation";
  if ((answerInterval || referenceInterval) && !otherIsRelation) {
    return answersEqual(answerInterval ?? answer, referenceInterval ?? reference, context);
  }

  if (answer.kind === "set" && reference.kind === "set")
    return compareSets(answer.items, reference.items, context);
  if (answer.kind === "tuple" && reference.kind === "tuple") {
    if (answer.open !== reference.open || answer.close !== reference.close) return false;
    return compareSequences(answer.items, reference.items, context);
  }
  if (answer.kind === "matrix" && reference.kind === "matrix") {
    if (answer.rows.length !== reference.rows.length) return false;
    return answer.rows.every((row, index) => compareSequences(row, reference.rows[index] ?? [], context));
  }

  const answerSequence = asSequence(answer);
  const referenceSequence = asSequence(reference);
  if (answerSequence && referenceSequence)
    return compareSequences(answerSequence, referenceSequence, context);
  if (answer.kind === "set" && answer.items.length === 1 && reference.kind !== "set") {
    return answersEqual(answer.items[0] as Answer, reference, context);
  }
  if (reference.kind === "set" && reference.items.length === 1 && answer.kind !== "set") {
    return answersEqual(answer, reference.items[0] as Answer, context);
  }
  // A bare list `1, 2` written for an ordered reference `(1, 2)` is read in order.
  if (answer.kind === "set" && !answer.braced && referenceSequence) {
    return compareSequences(answer.items, referenceSequence, context);
  }
  return undefined;
}

/**
 * Decides whether `answer` states the same value as `reference`. Structures compare part by part;
 * leaves go to `context.leaf`, which may throw `NeedsSymbolicError` on the fast path.
 */
export function answersEqual(answer: Answer, reference: Answer, context: CompareContext): boolean {
  if (answer.kind === "number" && reference.kind === "number") {
    return numbersEqual(answer.literal, reference.literal, context);
  }
  const structured = compareStructured(answer, reference, context);
  if (structured !== undefined) return structured;

  const answerValue = reference.kind === "relation" ? undefined : assignedValue(answer);
  if (answerValue !== undefined) return answersEqual(parseAnswer(answerValue), reference, context);
  const referenceValue = answer.kind === "relation" ? undefined : assignedValue(reference);
  if (referenceValue !== undefined) return answersEqual(answer, parseAnswer(referenceValue), context);
  if (reference.kind !== "relation" && isEqualityChain(answer)) {
    return answer.sides.every((side) => answersEqual(parseAnswer(side), reference, context));
  }
  if (isStructured(answer) || isStructured(reference)) return false;

  const verdict = context.leaf(answer, reference);
  if (verdict === "unknown") throw new NeedsSymbolicError("symbolic comparison needed");
  return verdict;
}
