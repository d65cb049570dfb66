import { type NumberLiteral, parseNumberLiteral } from "./number-literal.js";

/**
 * A normalised answer parsed into its form. Leaves (`number`, `expression`, `text`) are compared
 * by value; the other forms compare their parts.
 */
export type Answer =
  | { kind: "number"; literal: NumberLiteral; text: string }
  | { kind: "expression"; text: string }
  | { kind: "text"; text: string }
  /** Ordered: tuples, points, vectors and intervals; the brackets tell an interval's ends. */
  | { kind: "tuple"; open: string; close: string; items: Answer[] }
  /** Unordered: `\{…\}` sets, bare lists of solutions and unions of intervals. */
  | { kind: "set"; items: Answer[]; braced: boolean }
  | { kind: "matrix"; rows: Answer[][] }
  /** `lhs op rhs` with op one of `=`, `<`, `<=`, `>`, `>=`, `!=`; chains keep every side. */
  | { kind: "relation"; sides: string[]; operators: string[] };

/** Longest nesting of brackets parsed; deeper answers are too large. */
export const MAX_ANSWER_DEPTH = 100;

/** Thrown for answers nested deeper than `MAX_ANSWER_DEPTH`. */
export class AnswerTooDeepError extends Error {
  override name = "AnswerTooDeepError";
}

const OPENERS = ["\\{", "\\langle", "(", "[", "{"];
const CLOSERS = ["\\}", "\\rangle", ")", "]", "}"];

function tokenAt(text: string, index: number, tokens: readonly string[]): string | undefined {
  return tokens.find((token) => text.startsWith(token, index));
}

/**
 * Splits `text` at every top-level match of `separator` (a sticky regular expression tried at each
 * position outside brackets). Intervals such as `[1, 2)` count as balanced.
 */
export function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const opener = tokenAt(text, i, OPENERS);
    if (opener) {
      depth++;
      if (depth > MAX_ANSWER_DEPTH)
        throw new AnswerTooDeepError(`brackets nested deeper than ${MAX_ANSWER_DEPTH}`);
      i += opener.length;
      continue;
    }
    const closer = tokenAt(text, i, CLOSERS);
    if (closer) {
      depth = Math.max(0, depth - 1);
      i += closer.length;
      continue;
    }
    if (depth === 0) {
      separator.lastIndex = i;
      const match = separator.exec(text);
      if (match && match[0].length > 0) {
        parts.push(text.slice(start, i));
        i += match[0].length;
        start = i;
        continue;
      }
    }
    i += text[i] === "\\" ? 2 : 1;
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** Returns the inside of `text` when one bracket pair wraps all of it, with the pair used. */
function unwrap(text: string): { open: string; close: string; inner: string } | undefined {
  const open = tokenAt(text, 0, OPENERS);
  if (!open) return undefined;
  const close = CLOSERS.find((token) => text.endsWith(token));
  if (!close) return undefined;

  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const opener = tokenAt(text, i, OPENERS);
    const closer = opener ? undefined : tokenAt(text, i, CLOSERS);
    if (opener) depth++;
    if (closer) depth--;
    i += opener?.length ?? closer?.length ?? (text[i] === "\\" ? 2 : 1);
    if (depth === 0 && i < text.length) return undefined;
  }
  return { open, close, inner: text.slice(open.length, text.length - close.length).trim() };
}

const LIST_SEPARATOR = /\s*(?:,|;|\\text\{\s*(?:and|or)\s*\}|\s(?:and|or)\s)\s*/y;
const UNION = /\s*(?:\\cup|\bU\b)\s*/y;
const RELATION =
  /\s*(\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|\\lt(?![a-zA-Z])|\\gt(?![a-zA-Z])|\\neq?(?![a-zA-Z])|<=|>=|!=|=|<|>)\s*/y;
const MATRIX = /^\\begin\{([pbBvV]?matrix|smallmatrix|array)\}(?:\{[^{}]*\})?([\s\S]*)\\end\{\1\}$/;
const TEXT_ANSWER = /^(?:[A-Za-z][A-Za-z'-]*)(?:\s+[A-Za-z][A-Za-z'-]*)*$|^[\p{Script=Han}\s]+$/u;
const MATH_WORDS =
  /^(?:sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt|pi|infty|inf|arcsin|arccos|arctan|det|min|max)$/i;

function canonicalOperator(token: string): string {
  const operator = token.trim();
  const table: Record<string, string> = {
    "\\le": "<=",
    "\\leq": "<=",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\lt": "<",
    "\\gt": ">",
    "\\ne": "!=",
    "\\neq": "!=",
  };
  return table[operator] ?? operator;
}

function parseRelation(text: string): Answer | undefined {
  const sides: string[] = [];
  const operators: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") depth--;
    else if (depth === 0) {
      RELATION.lastIndex = i;
      const match = RELATION.exec(text);
      if (
        match?.[1] &&
        !(match[1] === "-" || (i > 0 && text[i - 1] === "\\" && !match[1].startsWith("\\")))
      ) {
        sides.push(text.slice(start, i).trim());
        operators.push(canonicalOperator(match[1]));
        i += match[0].length - 1;
        start = i + 1;
      }
    }
  }
  if (operators.length === 0) return undefined;
  sides.push(text.slice(start).trim());
  if (sides.some((side) => side === "")) return undefined;
  return { kind: "relation", sides, operators };
}

function parseMatrix(text: string): Answer | undefined {
  const match = MATRIX.exec(text);
  if (!match?.[2]) return undefined;
  const rows = match[2]
    .split(/\\\\/)
    .map((row) => row.trim())
    .filter((row) => row !== "")
    .map((row) => row.split("&").map((cell) => parseAnswer(cell.trim())));
  return { kind: "matrix", rows };
}

function isTextAnswer(text: string): boolean {
  if (!TEXT_ANSWER.test(text)) return false;
  const words = text.split(/\s+/);
  if (/\p{Script=Han}/u.test(text)) return true;
  return words.some((word) => word.length >= 3 && !MATH_WORDS.test(word));
}

function parseBracketed(text: string, depth: number): Answer | undefined {
  const wrapped = unwrap(text);
  if (!wrapped) return undefined;
  const items = splitTopLevel(wrapped.inner, LIST_SEPARATOR);
  if (wrapped.open === "\\{") {
    return {
      kind: "set",
      braced: true,
      items: items.filter((item) => item !== "").map((item) => parseAt(item, depth)),
    };
  }
  if (wrapped.open === "{") return parseAt(wrapped.inner, depth);
  if (items.length === 1 && wrapped.open !== "\\langle") {
    return wrapped.open === "(" && wrapped.close === ")" ? parseAt(wrapped.inner, depth) : undefined;
  }
  // An angle-bracket vector ⟨1, 2⟩ is the same ordered pair as (1, 2).
  return {
    kind: "tuple",
    open: wrapped.open === "\\langle" ? "(" : wrapped.open,
    close: wrapped.close === "\\rangle" ? ")" : wrapped.close,
    items: items.map((item) => parseAt(item, depth)),
  };
}

function parseAt(text: string, depth: number): Answer {
  if (depth > MAX_ANSWER_DEPTH) throw new AnswerTooDeepError(`answer nested deeper than ${MAX_ANSWER_DEPTH}`);
  const trimmed = text.trim();
  const literal = parseNumberLiteral(trimmed);
  if (literal) return { kind: "number", literal, text: trimmed };

  const text1 = trimmed.replace(/^\\(?:text|textbf|mathrm|mbox)\{([^{}]*)\}$/, "$1").trim();
  if (isTextAnswer(text1)) return { kind: "text", text: text1 };

  const matrix = parseMatrix(trimmed);
  if (matrix) return matrix;

  const union = splitTopLevel(trimmed, UNION);
  if (union.length > 1)
    return { kind: "set", braced: false, items: union.map((part) => parseAt(part, depth + 1)) };

  const list = splitTopLevel(trimmed, LIST_SEPARATOR);
  if (list.length > 1 && list.every((item) => item !== "")) {
    return { kind: "set", braced: false, items: list.map((item) => parseAt(item, depth + 1)) };
  }

  const bracketed = parseBracketed(trimmed, depth + 1);
  if (bracketed) return bracketed;

  return parseRelation(trimmed) ?? { kind: "expression", text: trimmed };
}

/**
 * Parses normalised answer text into its form. Throws `AnswerTooDeepError` past the nesting budget
 * and `NumberTooLargeError` for literals past the size budget.
 */
export function parseAnswer(text: string): Answer {
  return parseAt(text, 0);
}

/** The items of a bare top-level list such as `3, 5` or `3 \text{ or } 5`; `undefined` for one item. */
export function listItems(text: string): string[] | undefined {
  const items = splitTopLevel(text, LIST_SEPARATOR);
  return items.length > 1 && items.every((item) => item !== "") ? items : undefined;
}
