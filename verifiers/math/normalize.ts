/**
 * Normalisation of an extracted answer into canonical LaTeX-ish text: the forms that mean the same
 * number (thousands separators, currency, units, degrees, `\dfrac`, full-width digits) are rewritten
 * to one spelling before anything is parsed.
 */

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

const SYMBOLS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[−–—]/g, "-"],
  [/×/g, "\\times "],
  [/÷/g, "\\div "],
  [/[·⋅]/g, "\\cdot "],
  [/√/g, "\\sqrt"],
  [/π/g, "\\pi "],
  [/∞/g, "\\infty "],
  [/≤/g, "\\le "],
  [/≥/g, "\\ge "],
  [/≠/g, "\\ne "],
  [/∪/g, "\\cup "],
  [/[°º]/g, "^\\circ"],
  [/[\u00a0\u2009\u202f\u2007]/g, " "],
  [/[\u200b-\u200d\u2060\ufeff]/g, ""],
];

/** Spacing and sizing commands that never change the value. */
const SPACING =
  /\\(?:left|right|big|Big|bigg|Bigg|bigl|bigr|Bigl|Bigr|displaystyle|textstyle|limits)(?![a-zA-Z])|(?<!\\)\\[,;:! ]|\\q?quad(?![a-zA-Z])|~/g;

/** Unit words dropped after a number; the question states the unit, the answer need not. */
const UNIT_WORDS =
  /(?<=\d|\})\s*(?:dollars?|cents?|USD|euros?|yuan|元|块|个|米|厘米|千米|克|千克|天|小时|分钟|秒|岁|人|只|本|张|degrees?|units?|(?:square|sq\.?|cubic)\s+\w+|(?:cm|mm|km)(?:\^\{?[23]\}?)?|km\/h|mph|m\/s|kg|mg|ft|feet|foot|inch(?:es)?|yards?|miles?|meters?|metres?|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|liters?|litres?|ml|pounds?|lbs?|ounces?|oz|gallons?|people|persons?|students?|apples?|eggs?|pages?|times|ways|points?|percent)\.?$/i;

/**
 * One-letter units count only after a plain number, with a space and in their exact case: `5 m`
 * is five metres, but `5m` is 5·m and `\pi r^2 h` keeps its variable h.
 */
const ONE_LETTER_UNITS = /^([+-]?[\d.]+)\s+(?:m(?:\^\{?[23]\}?)?|g|L|in|s|h)\.?$/;

/** A degree mark after a plain number; inside an expression (`\cos 60^\circ`) it stays a unit of angle. */
const DEGREES_AFTER_NUMBER =
  /^([+-]?[\d.,]+)\s*(?:\^\s*\{?\s*\\circ\s*\}?|\\degree(?![a-zA-Z]))\s*(?:\\text\{\s*[CF]\s*\}|[CF]\b)?$/;

/** Strips one wrapping pair of math delimiters: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`. */
function stripMathDelimiters(text: string): string {
  let value = text.trim();
  for (;;) {
    const match = /^(?:\$\$?([\s\S]*?)\$\$?|\\\(([\s\S]*)\\\)|\\\[([\s\S]*)\\\])$/.exec(value);
    if (!match) return value;
    value = (match[1] ?? match[2] ?? match[3] ?? "").trim();
  }
}

/** Rewrites `\frac12`, `\frac1{x}`, `\frac{x}2` and `\sqrt2` to their braced forms. */
function braceShorthandArguments(text: string): string {
  return text
    .replace(/\\[dt]frac(?![a-zA-Z])/g, "\\frac")
    .replace(/\\frac\s*(\d)\s*(\d)/g, "\\frac{$1}{$2}")
    .replace(/\\frac\s*(\d)\s*\{/g, "\\frac{$1}{")
    .replace(/\\frac\s*(\{[^{}]*\})\s*(\d)/g, "\\frac$1{$2}")
    .replace(/\\frac\s*([a-zA-Z])\s*([a-zA-Z\d])/g, "\\frac{$1}{$2}")
    .replace(/\\sqrt\s*(\d+|[a-zA-Z])(?![\d.])/g, "\\sqrt{$1}");
}

/** Removes `\text{…}` units after a value and unwraps `\text` around the whole answer. */
function stripTextUnits(text: string): string {
  let value = text
    .replace(/\\(?:text|textbf|textit|mathrm|mathbf|mbox|operatorname)\s*\{\s*\}/g, "")
    .replace(/^\\(?:text|textbf|mathrm|mbox)\{\s*([^{}]*?)\s*\}$/, "$1");
  value = value.replace(/(?<=[\d}])\s*\\(?:text|mathrm|mbox)\{\s*~?[^{}]*\}(?:\^\{?[23]\}?)?$/, "");
  value = value.replace(/(?<=[\d}])\s*\\(?:text|mathrm|mbox)\{\s*~?[^{}]*\}(?:\^\{?[23]\}?)?$/, "");
  return value.trim();
}

function stripCurrencyAndDegrees(text: string): string {
  return text
    .replace(/\\\$|\\text\{\s*\\\$\s*\}|[$€£¥￥]|\\euro(?![a-zA-Z])|\bUSD\b|\bRMB\b/g, "")
    .replace(DEGREES_AFTER_NUMBER, "$1")
    .replace(/\\%|\\text\{\s*%\s*\}|％/g, "%")
    .trim();
}

/**
 * Removes thousands separators from numbers written with strict groups of three: `1,000,000`,
 * `1{,}000`, `1 000 000`, `1'000`, `1.000.000` (two or more dot groups, so `1.234` stays a decimal).
 */
function stripThousandsSeparators(text: string): string {
  return text
    .replace(/\{,\}/g, ",")
    .replace(/(?<![\d.,([{])(\d{1,3})(?:,\d{3})+(?:\.\d+)?(?![\d,])/g, (match) =>
      /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(match) ? match.replace(/,/g, "") : match,
    )
    .replace(/(?<![\d.])\d{1,3}(?:[ ']\d{3})+(?![\d])/g, (match) => match.replace(/[ ']/g, ""))
    .replace(/(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.])/g, (match) => match.replace(/\./g, ""));
}

/**
 * `x \in [2, 5)` states the set; `\frac{1}{3} \approx 0.333` states the exact value first (unless
 * that is a bare variable, as in `x \approx 0.333`). Single-character subscripts lose their braces.
 */
function stripMembershipAndApproximation(text: string): string {
  let value = text.replace(/^[a-zA-Z]\s*\\in\s+/, "").replace(/_\{([0-9a-zA-Z])\}/g, "_$1");
  const approximation = /\\approx|≈/.exec(value);
  if (approximation) {
    const before = value.slice(0, approximation.index).trim();
    const after = value.slice(approximation.index + approximation[0].length).trim();
    value = /^[a-zA-Z]$/.test(before) || before === "" ? after : before;
  }
  return value;
}

/**
 * Brings an extracted answer to canonical text. Plain numbers return at once, so the common case
 * costs one regular-expression test.
 */
export function normalizeAnswer(raw: string): string {
  const trimmed = raw.trim();
  if (PLAIN_NUMBER.test(trimmed)) return trimmed;

  let text = trimmed.normalize("NFKC");
  for (const [pattern, replacement] of SYMBOLS) text = text.replace(pattern, replacement);
  text = stripMathDelimiters(text);
  text = text
    .replace(/\\[hv]?phantom\{[^{}]*\}/g, "")
    .replace(SPACING, " ")
    .replace(/\\(?:boxed|fbox)\s*\{([\s\S]*)\}$/, "$1");
  text = stripMathDelimiters(text);
  text = braceShorthandArguments(text);
  text = stripCurrencyAndDegrees(text);
  text = stripTextUnits(text);
  text = text.replace(/^[\s:：=]+/, "").replace(/[\s.。,;:]+$/, "");
  text = stripThousandsSeparators(text);
  text = stripMembershipAndApproximation(text);
  text = text.replace(UNIT_WORDS, "").replace(ONE_LETTER_UNITS, "$1").trim();
  text = stripCurrencyAndDegrees(text);
  return text.replace(/\s+/g, " ").trim();
}
