import { type Answer, AnswerTooDeepError, parseAnswer } from "./answer.js";
import { LruCache } from "./cache.js";
import { answersEqual, type CompareContext, NeedsSymbolicError } from "./compare.js";
import { fastLeaf } from "./fast-leaf.js";
import type { MathOptions } from "./options.js";
import { NumberTooLargeError } from "./rational.js";
import type { SymbolicPool } from "./symbolic/pool.js";

/** How one (answer, reference) pair came out. */
export type PairDecision = "equal" | "different" | "timeout" | "too-large" | "error";

/** Entries kept per cache; a run with more distinct pairs re-decides the oldest ones. */
const CACHE_CAPACITY = 100_000;

const parsedAnswers = new LruCache<string, Answer | "too-large">(CACHE_CAPACITY);
const decidedPairs = new LruCache<string, PairDecision>(CACHE_CAPACITY);

/** Work done since the last `clearCaches`: parses and pair decisions that missed the caches. */
export interface CacheStatistics {
  parses: number;
  decisions: number;
}

const statistics: CacheStatistics = { parses: 0, decisions: 0 };

/** Returns a copy of the counters of work that missed the caches. */
export function cacheStatistics(): CacheStatistics {
  return { ...statistics };
}

const CHOICE_REFERENCE = /^\(?([A-E])\)?$/;
const CHOICE_ANSWER = /^(?:(?:option|choice|answer)\s*)?[([]?([A-Ea-e])(?:[)\].:]|\s|$)/i;

/**
 * The letter of a multiple-choice answer in any decoration: `B`, `(B)`, `\textbf{(B) }12`, `B)`,
 * `option B`. A reference must be the bare letter (in brackets or not) to be read as a choice.
 */
export function choiceLetter(text: string, isReference: boolean): string | undefined {
  const plain = text.replace(/\\(?:text|textbf|mathrm|mathbf|mbox)\s*\{([^{}]*)\}/g, "$1").trim();
  const match = (isReference ? CHOICE_REFERENCE : CHOICE_ANSWER).exec(plain);
  if (!match?.[1]) return undefined;
  // "A B C D E" names every option: a second standalone capital letter makes it no choice at all.
  if (!isReference && /(?<![A-Za-z])[A-E](?![A-Za-z])/.test(plain.slice(match[0].length))) return undefined;
  return match[1].toUpperCase();
}

/** Parses normalised text once per run; `"too-large"` past the size budgets. */
export function parseCached(text: string): Answer | "too-large" {
  const cached = parsedAnswers.get(text);
  if (cached !== undefined) return cached;
  statistics.parses++;
  let parsed: Answer | "too-large";
  try {
    parsed = parseAnswer(text);
  } catch (error) {
    if (!(error instanceof AnswerTooDeepError || error instanceof NumberTooLargeError)) throw error;
    parsed = "too-large";
  }
  parsedAnswers.set(text, parsed);
  return parsed;
}

function fastDecision(answer: Answer, reference: Answer, options: MathOptions): PairDecision | "symbolic" {
  const context: CompareContext = {
    relativeTolerance: options.relativeTolerance,
    lenient: options.mode === "lenient",
    leaf: fastLeaf,
  };
  try {
    return answersEqual(answer, reference, context) ? "equal" : "different";
  } catch (error) {
    if (error instanceof NeedsSymbolicError) return "symbolic";
    if (error instanceof NumberTooLargeError || error instanceof AnswerTooDeepError) return "too-large";
    throw error;
  }
}

/**
 * Decides one normalised (answer, reference) pair: first without any parser on this thread, then,
 * only if a leaf needs it, in a symbolic worker within `budgetMs`. Decided pairs are cached; timeouts
 * are not, so a later call with more time can still decide.
 */
export async function decidePair(
  answerText: string,
  referenceText: string,
  options: MathOptions,
  pool: SymbolicPool,
  budgetMs: number,
): Promise<PairDecision> {
  const key = `${options.mode}\u0000${options.relativeTolerance}\u0000${referenceText}\u0000${answerText}`;
  const cached = decidedPairs.get(key);
  if (cached !== undefined) return cached;

  statistics.decisions++;
  const referenceChoice = choiceLetter(referenceText, true);
  if (referenceChoice !== undefined) {
    const decision = choiceLetter(answerText, false) === referenceChoice ? "equal" : "different";
    decidedPairs.set(key, decision);
    return decision;
  }

  const answer = parseCached(answerText);
  const reference = parseCached(referenceText);
  let decision: PairDecision | "symbolic" =
    answer === "too-large" || reference === "too-large"
      ? "too-large"
      : fastDecision(answer, reference, options);
  if (decision === "symbolic") {
    decision = await pool.compare(answerText, referenceText, options, budgetMs);
  }
  if (decision !== "timeout" && decision !== "error") decidedPairs.set(key, decision);
  return decision;
}

/** Empties the parse and decision caches and their counters (for benchmarks and tests). */
export function clearCaches(): void {
  parsedAnswers.clear();
  decidedPairs.clear();
  statistics.parses = 0;
  statistics.decisions = 0;
}
