import type { Verifier } from "../verifier.js";
import { decidePair } from "./decide.js";
import { normalizeAnswer } from "./normalize.js";
import { MATH_DEFAULTS, type MathOptions, parseMathOptions } from "./options.js";
import { WorkerPool } from "./symbolic/pool.js";
import { verifyMath } from "./verify.js";

export { lastBoxed } from "./boxed.js";
export type { MathOptions } from "./options.js";

/** Shared by every call in the process; idle workers do not keep the process alive. */
const pool = new WorkerPool();

/**
 * The math verifier: takes the final answer out of a completion and decides whether it equals the
 * reference.
 *
 * Extraction: answers inside a `<think>` block never count (only text after the last `</think>`
 * does, and an unclosed `<think>` leaves no answer). Inside the last `<answer>…</answer>` tag if
 * there is one, the answers are every `\boxed{}`/`\fbox{}` (brace-matched) plus the last answer
 * phrase ("The answer is", "Final Answer:", `####`, `**Answer:**`, 答案是, 答案为, 最终答案, and
 * the configured `answerPhrases`); a bare last number counts only with `lastNumberFallback` or in
 * lenient mode.
 *
 * Hedging policy (strict mode, the default): every distinct final answer stated must equal the
 * reference. Several different final answers, or a final box that contradicts the stated answer,
 * give `hedged` when one of them is right and `mismatch` otherwise; a list such as `3, 5` for the
 * reference `3` is not the reference (`hedged`). Lenient mode takes the last stated answer only.
 *
 * Equality: exact rationals for numbers (any size), relative tolerance (`relativeTolerance`,
 * default 1e-6) only where a decimal is involved, then symbolic comparison in worker threads for
 * expressions, sets, tuples, intervals, equations, matrices. Each verification has a time budget
 * (`timeoutMs`, default 500) and size budgets; past them the verdict is `timeout` or `too-large`.
 */
export const mathVerifier: Verifier<MathOptions> = {
  name: "math",
  version: "1.2.0",
  description: "Final-answer checker for math: extraction, normalisation, exact and symbolic equality.",
  defaults: MATH_DEFAULTS,
  parseOptions: parseMathOptions,
  verify: (completion, reference, options, signal) =>
    verifyMath(completion, reference, options, pool, signal),
  async equivalent(a, b, options) {
    const left = normalizeAnswer(a);
    const right = normalizeAnswer(b);
    if (left === "" || right === "") return false;
    return (await decidePair(left, right, options, pool, options.timeoutMs)) === "equal";
  },
  close: () => pool.close(),
};
