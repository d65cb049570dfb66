import {
  ANSWER_CLOSE,
  ANSWER_OPEN,
  countOccurrences,
  fullTurn,
  THINK_CLOSE,
  THINK_OPEN,
  type ThinkOptions,
} from "./think-block.js";
import type { RewardSample } from "./types.js";

/** Options of the format reward. */
export interface FormatOptions extends ThinkOptions {
  /** "strict": the exact line layout below; "soft": the tags in order, whitespace free. Default "strict". */
  mode: "strict" | "soft";
  /** Whether the answer must sit in `<answer>…</answer>` (the open-r1 layout). Default false. */
  answerTags: boolean;
}

export const FORMAT_DEFAULTS: FormatOptions = {
  mode: "strict",
  answerTags: false,
  thinkOpenedInPrompt: false,
};

// Strict layouts. Only trailing whitespace is tolerated, because a decoded turn often ends in "\n".
const STRICT_THINK = /^<think>\n(?<thinking>[\s\S]*?)\n<\/think>\n(?<answer>[\s\S]*?)\s*$/;
const STRICT_ANSWER_TAGS =
  /^<think>\n(?<thinking>[\s\S]*?)\n<\/think>\n<answer>\n(?<answer>[\s\S]*?)\n<\/answer>\s*$/;
// Soft layouts: the same tags in the same order, any whitespace around them.
const SOFT_THINK = /^\s*<think>(?<thinking>[\s\S]*?)<\/think>(?<answer>[\s\S]*)$/;
const SOFT_ANSWER_TAGS =
  /^\s*<think>(?<thinking>[\s\S]*?)<\/think>\s*<answer>(?<answer>[\s\S]*?)<\/answer>\s*$/;

/**
 * Format reward for the DeepSeek-R1 output shape: 1 when the completion has the shape, else 0.
 *
 * Strict: `<think>\n` REASONING `\n</think>\n` ANSWER, or with `answerTags`
 * `<think>\n` REASONING `\n</think>\n<answer>\n` ANSWER `\n</answer>`; nothing before, only
 * whitespace after. Soft: the same tags in the same order with any whitespace between them.
 * Both forms require exactly one of each tag and non-blank reasoning and answer, so an empty
 * `<think></think>` or a turn that stops after `</think>` earns 0.
 */
export function formatReward(sample: RewardSample, options: FormatOptions = FORMAT_DEFAULTS): number {
  const turn = fullTurn(sample.completion, options);
  if (!hasEachTagOnce(turn, options.answerTags)) return 0;

  const pattern = layoutPattern(options);
  const groups = pattern.exec(turn)?.groups;
  if (groups === undefined) return 0;

  const thinking = groups.thinking ?? "";
  const answer = groups.answer ?? "";
  return thinking.trim() !== "" && answer.trim() !== "" ? 1 : 0;
}

function layoutPattern(options: FormatOptions): RegExp {
  if (options.mode === "strict") return options.answerTags ? STRICT_ANSWER_TAGS : STRICT_THINK;
  return options.answerTags ? SOFT_ANSWER_TAGS : SOFT_THINK;
}

function hasEachTagOnce(turn: string, answerTags: boolean): boolean {
  const tags = answerTags ? [THINK_OPEN, THINK_CLOSE, ANSWER_OPEN, ANSWER_CLOSE] : [THINK_OPEN, THINK_CLOSE];
  return tags.every((tag) => countOccurrences(turn, tag) === 1);
}
