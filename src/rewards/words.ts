/**
 * Word segmentation shared by the repetition and language-consistency rewards. Text is split with
 * ICU's word segmenter (`Intl.Segmenter`), which finds word boundaries in Chinese by dictionary
 * instead of treating a run of Han characters as one word or every character as a word.
 */

// One segmenter for all text: ICU's word rules segment Latin, Han and mixed text alike, and the
// locale only tunes a few language-specific cases.
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** Returns the word-like segments of `text` (letters or digits, no punctuation or spaces), lower-cased. */
export function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike) words.push(segment.toLowerCase());
  }
  return words;
}

/** The script classes that the language-consistency reward distinguishes. */
export type WordLanguage = "en" | "zh" | "other";

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^\p{Script=Latin}+$/u;
const LETTER = /\p{L}/u;
const LATEX_COMMAND = /\\[A-Za-z]+/g;

/**
 * Returns the language of each natural-language word in `text`. LaTeX command names (`\frac`),
 * digits-only tokens and single Latin letters are left out: they are math notation, and counting
 * the `x` in "设 x = 3" as English would score a Chinese chain of thought as mixed.
 */
export function classifyWords(text: string): WordLanguage[] {
  const languages: WordLanguage[] = [];
  for (const word of segmentWords(text.replace(LATEX_COMMAND, " "))) {
    if (!LETTER.test(word)) continue;
    if (HAN.test(word)) languages.push("zh");
    else if (LATIN_WORD.test(word)) {
      if (word.length > 1) languages.push("en");
    } else languages.push("other");
  }
  return languages;
}
