import type { RewardSample } from "./types.js";
import { segmentWords } from "./words.js";

/** Options of the n-gram repetition penalty. */
export interface RepetitionOptions {
  /** Words per n-gram. Default 3. Must be at least 1. */
  ngramSize: number;
  /** Penalty when every n-gram is a repeat; at most 0. Default −1. */
  maxPenalty: number;
}

export const REPETITION_DEFAULTS: RepetitionOptions = { ngramSize: 3, maxPenalty: -1 };

/**
 * N-gram repetition penalty (as in open-r1, after Yeo et al. 2025): with N the number of word
 * n-grams in the completion and U the number of distinct ones, the reward is (1 − U/N)·maxPenalty.
 * Range [maxPenalty, 0]; 0 for text with fewer than n words. Words come from ICU word segmentation,
 * so Chinese is split into dictionary words rather than scored as one long word.
 */
export function repetitionReward(
  sample: RewardSample,
  options: RepetitionOptions = REPETITION_DEFAULTS,
): number {
  const words = segmentWords(sample.completion);
  const total = words.length - options.ngramSize + 1;
  if (total <= 0) return 0;

  const distinct = new Set<string>();
  for (let start = 0; start < total; start += 1) {
    // U+0000 cannot occur inside a word segment, so it separates words without ambiguity.
    distinct.add(words.slice(start, start + options.ngramSize).join("\u0000"));
  }
  return (1 - distinct.size / total) * options.maxPenalty;
}
