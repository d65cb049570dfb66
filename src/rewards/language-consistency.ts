import { extractThinking, type ThinkOptions } from "./think-block.js";
import type { RewardSample } from "./types.js";
import { classifyWords, type WordLanguage } from "./words.js";

/** Options of the language-consistency reward. */
export interface LanguageConsistencyOptions extends ThinkOptions {
  /**
   * Language the chain of thought should be written in: "en" (Latin script), "zh" (Han script),
   * or "auto" for the prompt's main language (more Han words than Latin ones → "zh", else "en").
   * Default "auto".
   */
  target: "auto" | "en" | "zh";
}

export const LANGUAGE_CONSISTENCY_DEFAULTS: LanguageConsistencyOptions = {
  target: "auto",
  thinkOpenedInPrompt: false,
};

/**
 * Language-consistency reward of DeepSeek-R1: the share of the chain of thought's words that are
 * in the target language, in [0, 1]. A chain of thought that mixes Chinese and English scores
 * strictly between 0 and 1. The chain of thought is the `<think>` block, or the whole completion
 * when there is none. Words are ICU word segments; math notation (LaTeX commands, numbers, single
 * Latin letters) is not counted. Text without any counted word scores 0.
 */
export function languageConsistencyReward(
  sample: RewardSample,
  options: LanguageConsistencyOptions = LANGUAGE_CONSISTENCY_DEFAULTS,
): number {
  const thinking = extractThinking(sample.completion, options) ?? sample.completion;
  const languages = classifyWords(thinking);
  if (languages.length === 0) return 0;

  const target = options.target === "auto" ? promptLanguage(sample.prompt ?? "") : options.target;
  return languages.filter((language) => language === target).length / languages.length;
}

/** Returns the prompt's main language: "zh" when it has more Han words than Latin ones, else "en". */
export function promptLanguage(prompt: string): Exclude<WordLanguage, "other"> {
  const languages = classifyWords(prompt);
  const han = languages.filter((language) => language === "zh").length;
  const latin = languages.filter((language) => language === "en").length;
  return han > latin ? "zh" : "en";
}
