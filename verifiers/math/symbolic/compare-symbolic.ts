import { AnswerTooDeepError, parseAnswer } from "../answer.js";
import { answersEqual } from "../compare.js";
import { NumberTooLargeError } from "../rational.js";
import { ValueTooLargeError } from "./evaluate.js";
import { ExpressionTooDeepError } from "./latex-to-mathjs.js";
import { type SymbolicSettings, symbolicLeaf } from "./leaf.js";
import type { SymbolicDecision } from "./pool.js";

function isSizeError(error: unknown): boolean {
  return (
    error instanceof ValueTooLargeError ||
    error instanceof ExpressionTooDeepError ||
    error instanceof AnswerTooDeepError ||
    error instanceof NumberTooLargeError ||
    // A stack overflow in mathjs on a pathological expression is a size problem, not a verdict.
    (error instanceof RangeError && /call stack/i.test(error.message))
  );
}

/**
 * Compares two normalised answers with the symbolic leaf comparer. Runs inside a worker thread, so
 * a slow case can be stopped from outside.
 */
export function compareSymbolic(
  answer: string,
  reference: string,
  settings: SymbolicSettings,
): SymbolicDecision {
  try {
    const context = { ...settings, leaf: symbolicLeaf(settings) };
    return answersEqual(parseAnswer(answer), parseAnswer(reference), context) ? "equal" : "different";
  } catch (error) {
    if (isSizeError(error)) return "too-large";
    throw error;
  }
}
