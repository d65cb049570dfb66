import type { Verdict } from "../../verifiers/verifier.js";

/** One completion to score, with what the reward functions may need about it. */
export interface RewardSample {
  /** The prompt the completion answers; used by the language-consistency reward in "auto" mode. */
  prompt?: string;
  completion: string;
  /** The verifier's verdict; required by the accuracy and length rewards that depend on correctness. */
  verdict?: Verdict;
  /** Length of the completion in tokens, as counted by the trainer's tokenizer. */
  completionTokens?: number;
}

/** Thrown when a reward needs something the sample lacks, such as a verdict for accuracy. */
export class MissingSampleFieldError extends Error {
  override name = "MissingSampleFieldError";
}

/** Returns the verdict of `sample`, or throws naming the reward that needed it. */
export function requireVerdict(sample: RewardSample, reward: string): Verdict {
  if (sample.verdict === undefined) {
    throw new MissingSampleFieldError(
      `The ${reward} reward needs the sample's verdict; verify the completion first.`,
    );
  }
  return sample.verdict;
}

/**
 * Returns the completion's length: its token count when the sample carries one, else its length
 * in UTF-16 code units (`string.length`). Length limits must be given in the same unit.
 */
export function sampleLength(sample: RewardSample): number {
  return sample.completionTokens ?? sample.completion.length;
}
