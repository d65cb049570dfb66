import type { VerdictReason } from "../../../verifiers/verifier.js";

/** One row of the case table: what the model wrote, the reference, and the reason expected. */
export type Case = [name: string, completion: string, reference: string | number, reason: VerdictReason];

/** A completion that ends in the usual boxed final answer. */
export function boxed(answer: string): string {
  return `Working omitted. Therefore the answer is $\\boxed{${answer}}$.`;
}

/** Cases where the completion boxes `answer`; `match` means the verdict must be correct. */
export function boxedCases(
  rows: Array<[name: string, answer: string, reference: string | number, reason: VerdictReason]>,
): Case[] {
  return rows.map(([name, answer, reference, reason]) => [name, boxed(answer), reference, reason]);
}
