import type { Verdict, VerdictReason } from "../../verifiers/verifier.js";
import { type RewardSample, requireVerdict } from "./types.js";

/** Reward values for each kind of verdict. */
export interface AccuracyOptions {
  /** Reward for a correct completion. Default 1. */
  correct: number;
  /** Reward for a completion whose answer was read and judged wrong. Default 0. */
  wrong: number;
  /** Reward when no answer could be read (verdict reason "no-answer"). Default 0. */
  unparsable: number;
  /** Reward when verification ran out of time (verdict reason "timeout"). Default 0. */
  timeout: number;
  /**
   * Whether a wrong verdict with partial credit (`score` in (0, 1), e.g. some tests passed) earns
   * `wrong + score × (correct − wrong)`. Default false: all or nothing.
   */
  partialCredit: boolean;
}

export const ACCURACY_DEFAULTS: AccuracyOptions = {
  correct: 1,
  wrong: 0,
  unparsable: 0,
  timeout: 0,
  partialCredit: false,
};

const UNPARSABLE_REASONS: ReadonlySet<VerdictReason> = new Set(["no-answer"]);

/**
 * Outcome reward from any verifier's verdict, as in DeepSeek-R1's rule-based accuracy reward:
 * `correct` when the verdict is correct, `timeout` for reason "timeout", `unparsable` for reason
 * "no-answer", else `wrong` (or the partial-credit interpolation when enabled).
 */
export function accuracyReward(sample: RewardSample, options: AccuracyOptions = ACCURACY_DEFAULTS): number {
  return rewardForVerdict(requireVerdict(sample, "accuracy"), options);
}

/** Maps one verdict to its reward under `options`. */
export function rewardForVerdict(verdict: Verdict, options: AccuracyOptions): number {
  if (verdict.correct) return options.correct;
  if (verdict.reason === "timeout") return options.timeout;
  if (UNPARSABLE_REASONS.has(verdict.reason)) return options.unparsable;

  if (options.partialCredit && verdict.score > 0) {
    return options.wrong + verdict.score * (options.correct - options.wrong);
  }
  return options.wrong;
}
