import { findBoxed } from "./boxed.js";

/** Where the final answers of a completion were found. */
export type AnswerSource = "boxed" | "answer-tag" | "phrase" | "last-number";

/** The final answers a completion states, in order of appearance. */
export interface Extraction {
  /** Raw answer texts: every box of the answer region, then the last answer phrase if it differs. */
  answers: string[];
  source: AnswerSource;
}

/** Extraction settings derived from the verifier options. */
export interface ExtractionRules {
  /** When true, every stated final answer is returned; when false, only the last one. */
  allAnswers: boolean;
  /** Compiled answer-phrase pattern (built-in plus configured phrases). */
  phrases: RegExp;
  lastNumberFallback: boolean;
}

const BUILT_IN_PHRASES = [
  // "Final answer" needs "is", a colon or a line break after it: "to get the final answer, add" is prose.
  String.raw`(?:the\s+)?final\s+answer(?:\s*\*\*)?(?:\s*(?:is|:|：|=)|[ \t*#]*(?=\n))`,
  // "The answer is" or "Answer:", but not "our answer is correct" in a check after the answer.
  String.raw`the\s+answer(?:\s*\*\*)?\s+is`,
  // "Answer:" opens a line; mid-sentence ("check our answer: 17·44 = 748") it is not a final answer.
  String.raw`(?<=^|\n)[ \t*#]*answer(?:\s*\*\*)?\s*(?::|：|=)`,
  "(?<!#)####(?!#)",
];

/** Chinese phrases need no word boundary: Chinese text has no spaces between words. */
const CHINESE_PHRASES = ["最终答案(?:是|为)?[:：]?", "答案(?:是|为|[:：])[:：]?", "答[:：]"];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles the answer-phrase pattern once per option set. */
export function compilePhrases(extra: readonly string[]): RegExp {
  const alternatives = [...extra.map(escapeRegExp), ...BUILT_IN_PHRASES].join("|");
  return new RegExp(String.raw`(?:^|(?<=[\s*#(]))(?:${alternatives})|${CHINESE_PHRASES.join("|")}`, "gimu");
}

/**
 * Returns the part of a completion where final answers count: the text after the last `</think>`.
 * An unclosed `<think>` (a truncated completion) leaves an empty region, so a number in the
 * reasoning never counts as the final answer.
 */
export function answerRegion(completion: string): string {
  const close = completion.lastIndexOf("</think>");
  if (close >= 0) return completion.slice(close + "</think>".length);
  if (completion.includes("<think>")) return "";
  return completion;
}

function lastAnswerTag(region: string): string | undefined {
  const close = region.lastIndexOf("</answer>");
  if (close < 0) return undefined;
  const open = region.lastIndexOf("<answer>", close);
  if (open < 0) return undefined;
  return region.slice(open + "<answer>".length, close);
}

/** A phrase's answer must contain a letter or digit and stay short; anything else is prose or noise. */
const ANSWER_LIKE = /[\p{L}\p{N}]/u;
const MAX_PHRASE_ANSWER_CHARS = 300;

/**
 * Words without digits or math ("expected to be an integer if the division is exact") continue a
 * sentence; a short text answer such as "odd" or "no solution" has at most three words.
 */
function isProse(content: string): boolean {
  if (/[\d\\^_=+/*$()[\]{}]/.test(content)) return false;
  return content.split(/\s+/).length > 3;
}

const BOX_COMMAND = /\\(?:boxed|fbox)(?![a-zA-Z])/;
/** Text that hands over to the box that follows: "x =", "x \in", "\Rightarrow". */
const RELATION_END = /(?:[=:]|\\(?:approx|in|equiv|cong|to|Rightarrow|implies))$/;

/**
 * Returns the answer that a phrase's text states before a box in it ("5" from "5, or \boxed{6}"),
 * or `undefined` when the phrase only introduces the box, which then counts once. A phrase
 * introduces the box when the text before it has no digit or math ("therefore"), ends in a
 * relation ("x = \boxed{6}", "x \in \boxed{…}") or is too long to be an answer. Text without a box
 * is returned unchanged.
 */
function statedBeforeBox(content: string): string | undefined {
  const box = BOX_COMMAND.exec(content);
  if (!box) return content;
  if (box.index > MAX_PHRASE_ANSWER_CHARS) return undefined;
  const before = content
    .slice(0, box.index)
    .replace(/(?:\\[[(]|\$+|\s)+$/, "")
    .trim();
  if (!/\d|\\(?!text|mathrm|quad|qquad)[a-zA-Z]/.test(before) || RELATION_END.test(before)) return undefined;
  const stated = before.replace(/(?:[\s,;:.]|(?<![\w\\])[A-Za-z]+(?![\w\\{]))*$/, "").trim();
  return stated === "" ? undefined : stated;
}

/**
 * Takes the answer out of the text after a phrase: a display-math block that starts it (it may span
 * lines), else the first inline math span of its first line, else that line up to a full stop.
 */
function phraseContent(rest: string): string | undefined {
  const start = rest.replace(/^[\s*:：]+/, "");
  const display = /^(?:\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\])/.exec(start);
  let content: string | undefined = display ? (display[1] ?? display[2]) : undefined;
  if (content === undefined) {
    const line = start.split("\n")[0]?.trim() ?? "";
    const math = /\$([^$]+)\$|\\\((.+?)\\\)/.exec(line);
    content = math ? (math[1] ?? math[2]) : (line.split(/\.(?:\s|$)|。/)[0] ?? line).replace(/\*\*/g, "");
  }
  content = content === undefined ? undefined : statedBeforeBox(content.trim());
  // A Chinese answer sentence such as 小明有 8 个苹果 states its number among words.
  // Unless it offers alternatives (5 或 6): then it is kept whole, so it cannot match either number.
  if (content && /\p{Script=Han}/u.test(content) && !offersAlternatives(content)) {
    content = lastNumber(content) ?? content;
  }
  if (!content || content.length > MAX_PHRASE_ANSWER_CHARS || !ANSWER_LIKE.test(content)) return undefined;
  return isProse(content) ? undefined : content;
}

function lastPhraseAnswer(region: string, phrases: RegExp): string | undefined {
  let last: RegExpExecArray | undefined;
  phrases.lastIndex = 0;
  for (let match = phrases.exec(region); match; match = phrases.exec(region)) {
    last = match;
    if (match[0] === "") phrases.lastIndex++;
  }
  if (!last) return undefined;
  return phraseContent(region.slice(last.index + last[0].length));
}

const MATH_CHARACTER = /[\d\\^_=+\-/*()[\]{}]/;

const NUMBER = /-?\d[\d,]*(?:\.\d+)?(?:\/\d+)?/g;

/** A sentence: a leading word, then two more words of two or more letters (not commands like `\frac`). */
const SENTENCE = /^[A-Za-z][A-Za-z]*\b(?:.*?(?<!\\)\b[A-Za-z]{2,}\b){2}/s;

/**
 * Returns the answer a phrase adds beside a box, or `undefined` for a remark. A phrase needs a digit
 * or math to count ("the answer is reasonable" is a remark, and text answers such as "odd" are
 * boxed as \text{odd} anyway). A sentence under a "Final Answer" heading gives its last number,
 * unless it offers alternatives ("5 or maybe 6"), which stay whole so they hedge.
 */
function statedBesideBox(phrase: string): string | undefined {
  if (!MATH_CHARACTER.test(phrase)) return undefined;
  return SENTENCE.test(phrase) && !offersAlternatives(phrase) ? lastNumber(phrase) : phrase;
}

const ALTERNATIVE_WORD = /\b(?:or|maybe|perhaps|possibly|either)\b|或|可能|也许|大概/i;

/** True for text that names two or more different numbers around a word such as "or" or 或. */
function offersAlternatives(text: string): boolean {
  if (!ALTERNATIVE_WORD.test(text)) return false;
  const numbers = new Set(text.match(NUMBER)?.map((number) => number.replace(/,/g, "")));
  return numbers.size >= 2;
}

function lastNumber(region: string): string | undefined {
  const matches = region.match(NUMBER);
  return matches?.at(-1)?.replace(/,$/, "");
}

/**
 * Extracts the final answers of a completion: `<answer>` tags first, then boxes, then the last
 * answer phrase, then (only when allowed) the last number. Returns `undefined` when none is found.
 * Throws `BraceDepthError` for boxes nested past the size budget.
 */
export function extractAnswers(completion: string, rules: ExtractionRules): Extraction | undefined {
  let region = answerRegion(completion);
  let source: AnswerSource = "boxed";
  const tagged = lastAnswerTag(region);
  if (tagged !== undefined) {
    region = tagged;
    source = "answer-tag";
  }

  const boxes = findBoxed(region).map((span) => span.content);
  const phrase = lastPhraseAnswer(region, rules.phrases);
  if (boxes.length > 0) {
    const answers = rules.allAnswers ? [...boxes] : [boxes.at(-1) as string];
    const stated = phrase === undefined ? undefined : statedBesideBox(phrase);
    if (rules.allAnswers && stated !== undefined) answers.push(stated);
    return { answers, source };
  }
  if (phrase !== undefined) return { answers: [phrase], source: source === "boxed" ? "phrase" : source };
  if (tagged !== undefined && tagged.trim() !== "") return { answers: [tagged.trim()], source };

  if (!rules.lastNumberFallback) return undefined;
  const number = lastNumber(region);
  return number === undefined ? undefined : { answers: [number], source: "last-number" };
}
