/** Tags of the DeepSeek-R1 output shape: `<think>reasoning</think>` then the answer. */
export const THINK_OPEN = "<think>";
export const THINK_CLOSE = "</think>";
export const ANSWER_OPEN = "<answer>";
export const ANSWER_CLOSE = "</answer>";

/** Options shared by the rewards that read the `<think>` block. */
export interface ThinkOptions {
  /**
   * Whether the chat template already put `<think>\n` at the end of the prompt, as the DeepSeek-R1
   * and Qwen3 templates do, so the completion starts inside the block. Default false.
   */
  thinkOpenedInPrompt: boolean;
}

/** Returns the completion as the model's whole turn, restoring a `<think>\n` that the prompt opened. */
export function fullTurn(completion: string, options: ThinkOptions): string {
  return options.thinkOpenedInPrompt ? `${THINK_OPEN}\n${completion}` : completion;
}

/** Counts the non-overlapping occurrences of `needle` in `text`. */
export function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/**
 * Returns the chain of thought: the text between the first `<think>` and the first `</think>` after
 * it, or undefined when the completion has no complete think block.
 */
export function extractThinking(completion: string, options: ThinkOptions): string | undefined {
  const turn = fullTurn(completion, options);
  const open = turn.indexOf(THINK_OPEN);
  if (open === -1) return undefined;

  const close = turn.indexOf(THINK_CLOSE, open + THINK_OPEN.length);
  if (close === -1) return undefined;
  return turn.slice(open + THINK_OPEN.length, close);
}
