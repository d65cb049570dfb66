import { z } from "zod";
import { InvalidOptionsError } from "../verifier.js";

/** Options of the math verifier. Every field is optional in user input; defaults below. */
export interface MathOptions {
  /**
   * `strict` (default, for rewards): every final answer stated after the reasoning must agree with
   * the reference, and a number that only appears in the reasoning earns nothing. `lenient` (for
   * comparison with older graders): the last final answer counts, and the last number in the
   * completion is the fallback when no final answer is marked.
   */
  mode: "strict" | "lenient";
  /**
   * Extra phrases that introduce a final answer, matched case-insensitively at a line start or after
   * a space, e.g. `["A:"]` for GSM8K-style solutions that end in `A: 18`. Default: none.
   */
  answerPhrases: string[];
  /** Take the last number in the completion when no final answer is marked. Default: false in
   * strict mode; lenient mode always falls back. */
  lastNumberFallback: boolean;
  /**
   * Relative tolerance for numbers that are not both exact (decimals, radicals, π): values a and b
   * match when |a − b| ≤ tolerance · max(|a|, |b|). Default 1e-6. Exact forms (integers, fractions)
   * never use it.
   */
  relativeTolerance: number;
  /** Time budget for one verification in milliseconds, symbolic work included. Default 500. */
  timeoutMs: number;
  /** Largest completion scanned, in characters. Default 1,000,000. */
  maxCompletionChars: number;
  /** Largest extracted answer compared, in characters. Default 2,000. */
  maxAnswerChars: number;
}

export const MATH_DEFAULTS: Readonly<MathOptions> = Object.freeze({
  mode: "strict",
  answerPhrases: [],
  lastNumberFallback: false,
  relativeTolerance: 1e-6,
  timeoutMs: 500,
  maxCompletionChars: 1_000_000,
  maxAnswerChars: 2_000,
});

const optionsSchema = z
  .object({
    mode: z.enum(["strict", "lenient"]),
    answerPhrases: z.array(z.string().min(1).max(100)).max(50),
    lastNumberFallback: z.boolean(),
    relativeTolerance: z.number().min(0).max(0.5),
    timeoutMs: z.number().int().min(1).max(600_000),
    maxCompletionChars: z.number().int().min(1),
    maxAnswerChars: z.number().int().min(1),
  })
  .partial()
  .strict();

/** Validates user options and merges them over the defaults; throws `InvalidOptionsError`. */
export function parseMathOptions(raw: unknown): MathOptions {
  if (raw === undefined || raw === null) return { ...MATH_DEFAULTS, answerPhrases: [] };
  const result = optionsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "(options)";
    throw new InvalidOptionsError(`Invalid math verifier option "${field}": ${issue?.message ?? "invalid"}.`);
  }
  return { ...MATH_DEFAULTS, ...result.data, answerPhrases: result.data.answerPhrases ?? [] };
}
