import type { ThinkOptions } from "./think-block.js";
import {
  ANSWER_CLOSE,
  ANSWER_OPEN,
  countOccurrences,
  fullTurn,
  THINK_CLOSE,
  THINK_OPEN,
} from "./think-block.js";
import type { RewardSample } from "./types.js";

/** Options of the tag-count reward. */
export interface TagCountOptions extends ThinkOptions {
  /** Whether `<answer>` and `</answer>` are counted too. Default false. */
  answerTags: boolean;
}

export const TAG_COUNT_DEFAULTS: TagCountOptions = { answerTags: false, thinkOpenedInPrompt: false };

/**
 * Partial format credit, as in open-r1's tag-count reward: each expected tag that appears exactly
 * once earns 1/T, where T is the number of expected tags (2 for `<think>`, `</think>`; 4 with the
 * answer tags). Range [0, 1]; a missing or repeated tag earns nothing for that tag.
 */
export function tagCountReward(sample: RewardSample, options: TagCountOptions = TAG_COUNT_DEFAULTS): number {
  const turn = fullTurn(sample.completion, options);
  const tags = options.answerTags
    ? [THINK_OPEN, THINK_CLOSE, ANSWER_OPEN, ANSWER_CLOSE]
    : [THINK_OPEN, THINK_CLOSE];

  const present = tags.filter((tag) => countOccurrences(turn, tag) === 1).length;
  return present / tags.length;
}
