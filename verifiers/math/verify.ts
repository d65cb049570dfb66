import { InvalidReferenceError, type Verdict } from "../verifier.js";
import { listItems } from "./answer.js";
import { BraceDepthError, lastBoxed } from "./boxed.js";
import { decidePair, type PairDecision } from "./decide.js";
import { compilePhrases, type ExtractionRules, extractAnswers } from "./extract.js";
import { normalizeAnswer } from "./normalize.js";
import type { MathOptions } from "./options.js";
import type { SymbolicPool } from "./symbolic/pool.js";

/** More distinct final answers than this is a scatter of guesses, judged without comparing each. */
const MAX_DISTINCT_ANSWERS = 16;

const compiledRules = new Map<string, ExtractionRules>();

function extractionRules(options: MathOptions): ExtractionRules {
  const key = `${options.mode}\u0000${options.lastNumberFallback}\u0000${options.answerPhrases.join("\u0000")}`;
  let rules = compiledRules.get(key);
  if (!rules) {
    const lenient = options.mode === "lenient";
    rules = {
      allAnswers: !lenient,
      phrases: compilePhrases(options.answerPhrases),
      lastNumberFallback: lenient || options.lastNumberFallback,
    };
    compiledRules.set(key, rules);
  }
  return rules;
}

/**
 * Turns a reference (a string, or a number such as amc23's `27.0`) into normalised answer text.
 * A reference that still holds a `\boxed{}` (a solution text) is cut to the last box. Throws
 * `InvalidReferenceError` for anything else, because that is a data bug and not a model error.
 */
export function referenceText(reference: unknown): string {
  let text: string;
  if (typeof reference === "number") {
    if (!Number.isFinite(reference))
      throw new InvalidReferenceError(`Reference ${reference} is not a finite number.`);
    text = String(reference);
  } else if (typeof reference === "bigint") {
    text = reference.toString();
  } else if (typeof reference === "string") {
    text = lastBoxed(reference) ?? reference;
  } else {
    throw new InvalidReferenceError(
      `Reference must be a string or a number, got ${reference === null ? "null" : typeof reference}.`,
    );
  }
  const normalized = normalizeAnswer(text);
  if (normalized === "") throw new InvalidReferenceError(`Reference ${JSON.stringify(reference)} is empty.`);
  return normalized;
}

function verdictOf(
  reason: Verdict["reason"],
  expected: string,
  extracted?: string,
  details?: Verdict["details"],
) {
  const correct = reason === "match";
  const verdict: Verdict = { correct, score: correct ? 1 : 0, reason, expected };
  if (extracted !== undefined) verdict.extracted = extracted;
  if (details !== undefined) verdict.details = details;
  return verdict;
}

/**
 * Distinct normalised answers, in order of appearance, or `"too-large"` past the size budget. Raw
 * duplicates are dropped before normalising, and at most `MAX_DISTINCT_ANSWERS + 1` are normalised,
 * so ten thousand boxes cost no more than seventeen.
 */
function distinctAnswers(raw: string[], options: MathOptions): string[] | "too-large" {
  const distinct: string[] = [];
  for (const answer of new Set(raw)) {
    if (distinct.length > MAX_DISTINCT_ANSWERS) break;
    if (answer.length > options.maxAnswerChars) return "too-large";
    const normalized = normalizeAnswer(answer);
    if (normalized !== "" && !distinct.includes(normalized)) distinct.push(normalized);
  }
  return distinct;
}

/** Combines the decisions for every stated answer: all equal → match, some → hedged, none → mismatch. */
function combine(decisions: PairDecision[]): Verdict["reason"] {
  if (decisions.includes("error")) return "error";
  if (decisions.includes("timeout")) return "timeout";
  if (decisions.includes("too-large")) return "too-large";
  const equal = decisions.filter((decision) => decision === "equal").length;
  if (equal === decisions.length) return "match";
  return equal > 0 ? "hedged" : "mismatch";
}

/**
 * True when the reference is a list of n values and the completion boxes exactly n answers that
 * together equal it ("the solutions are \boxed{2} and \boxed{3}" for `2, 3`). Each box alone is not
 * the reference, so this is no hedge.
 */
async function boxesFormReferenceList(
  answers: string[],
  expected: string,
  options: MathOptions,
  pool: SymbolicPool,
  started: number,
): Promise<boolean> {
  if (answers.length < 2 || listItems(expected)?.length !== answers.length) return false;
  const budgetMs = options.timeoutMs - (performance.now() - started);
  if (budgetMs <= 0) return false;
  return (await decidePair(answers.join(", "), expected, options, pool, budgetMs)) === "equal";
}

/**
 * True when a stated answer is a list (`3, 5`) with the reference among its items, and the
 * reference is not itself a list: an answer that names several values to catch the right one.
 */
async function listContainsReference(
  answers: string[],
  expected: string,
  options: MathOptions,
  pool: SymbolicPool,
  started: number,
): Promise<boolean> {
  if (listItems(expected)) return false;
  for (const answer of answers) {
    for (const item of listItems(answer) ?? []) {
      const budgetMs = options.timeoutMs - (performance.now() - started);
      if (budgetMs <= 0) return false;
      if ((await decidePair(normalizeAnswer(item), expected, options, pool, budgetMs)) === "equal")
        return true;
    }
  }
  return false;
}

/** Checks one completion against one reference; see `mathVerifier` for the rules. */
export async function verifyMath(
  completion: string,
  reference: unknown,
  options: MathOptions,
  pool: SymbolicPool,
  signal?: AbortSignal,
): Promise<Verdict> {
  const started = performance.now();
  const expected = referenceText(reference);
  if (completion.length > options.maxCompletionChars) return verdictOf("too-large", expected);

  let extraction: ReturnType<typeof extractAnswers>;
  try {
    extraction = extractAnswers(completion, extractionRules(options));
  } catch (error) {
    if (error instanceof BraceDepthError) return verdictOf("too-large", expected);
    throw error;
  }
  if (!extraction) return verdictOf("no-answer", expected);

  const answers = distinctAnswers(extraction.answers, options);
  if (answers === "too-large") return verdictOf("too-large", expected);
  const extracted = answers.at(-1);
  if (extracted === undefined) return verdictOf("no-answer", expected);
  if (answers.length > MAX_DISTINCT_ANSWERS) {
    return verdictOf("hedged", expected, extracted, { answers: answers.length, source: extraction.source });
  }

  const decisions: PairDecision[] = [];
  for (const answer of answers) {
    if (signal?.aborted) return verdictOf("timeout", expected, extracted);
    const budgetMs = options.timeoutMs - (performance.now() - started);
    if (budgetMs <= 0) return verdictOf("timeout", expected, extracted);
    decisions.push(await decidePair(answer, expected, options, pool, budgetMs));
  }

  let reason = combine(decisions);
  if (reason !== "match" && (await boxesFormReferenceList(answers, expected, options, pool, started))) {
    reason = "match";
  } else if (
    reason === "mismatch" &&
    (await listContainsReference(answers, expected, options, pool, started))
  ) {
    reason = "hedged";
  }
  const details = answers.length > 1 ? { answers, source: extraction.source } : { source: extraction.source };
  return verdictOf(reason, expected, extracted, details);
}
