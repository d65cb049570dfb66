import type { MathOptions } from "../../../verifiers/math/index.js";
import type { VerdictReason } from "../../../verifiers/verifier.js";

const R = String.raw;

/** A case that runs with options other than the defaults. */
export type OptionCase = [
  name: string,
  completion: string,
  reference: string | number,
  options: Partial<MathOptions>,
  reason: VerdictReason,
];

export const modeCases: OptionCase[] = [
  ["lenient takes the last box", R`\boxed{3} or maybe \boxed{5}`, "5", { mode: "lenient" }, "match"],
  ["lenient ignores an earlier wrong box", R`\boxed{3} then \boxed{5}`, "3", { mode: "lenient" }, "mismatch"],
  ["lenient falls back to last number", "So we have 12 apples.", "12", { mode: "lenient" }, "match"],
  ["strict gives no fallback", "So we have 12 apples.", "12", {}, "no-answer"],
  ["fallback option in strict", "Total: 3 + 4 = 7", "7", { lastNumberFallback: true }, "match"],
  ["fallback takes the last number only", "7 apples, then 8", "7", { lastNumberFallback: true }, "mismatch"],
  ["fallback with thousands", "She earns 1,250", "1250", { lastNumberFallback: true }, "match"],
  ["lenient rounds the answer", R`\boxed{1.63}`, "1.6", { mode: "lenient" }, "match"],
  ["strict keeps the precision", R`\boxed{1.63}`, "1.6", {}, "mismatch"],
  ["lenient decimal for radical", R`\boxed{1.414}`, R`\sqrt{2}`, { mode: "lenient" }, "match"],
  ["strict decimal for radical", R`\boxed{1.414}`, R`\sqrt{2}`, {}, "mismatch"],
  ["extra answer phrase", "...\nA: 18", "18", { answerPhrases: ["A:"] }, "match"],
  ["extra phrase not at word start", "...\nTOTAL A: 18", "18", { answerPhrases: ["Result ="] }, "no-answer"],
  [
    "extra phrase with regex characters",
    "Result (final) = 9",
    "9",
    { answerPhrases: ["Result (final) ="] },
    "match",
  ],
  ["looser tolerance", R`\boxed{3.1416}`, "3.14159", { relativeTolerance: 1e-4 }, "match"],
  ["default tolerance", R`\boxed{3.1416}`, "3.14159", {}, "mismatch"],
  ["answer size budget", `\\boxed{${"1".repeat(300)}}`, "1", { maxAnswerChars: 100 }, "too-large"],
  [
    "completion size budget",
    `${"x".repeat(2000)} \\boxed{1}`,
    "1",
    { maxCompletionChars: 1000 },
    "too-large",
  ],
  [
    "lenient still respects think",
    R`<think>\boxed{4}</think>\boxed{5}`,
    "4",
    { mode: "lenient" },
    "mismatch",
  ],
  ["lenient unclosed think falls back", R`<think>the value is 4`, "4", { mode: "lenient" }, "no-answer"],
];
