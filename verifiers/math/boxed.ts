/** One `\boxed{…}` or `\fbox{…}` found in a text, with its content. */
export interface BoxedSpan {
  content: string;
  start: number;
  end: number;
}

/** Deepest brace nesting scanned inside one box; deeper input is too large to be an answer. */
export const MAX_BRACE_DEPTH = 200;

/** Thrown when a box nests braces deeper than `MAX_BRACE_DEPTH`. */
export class BraceDepthError extends Error {
  override name = "BraceDepthError";
}

const BOX_COMMAND = /\\(?:boxed|fbox)(?![A-Za-z])/g;

/**
 * Returns the index just past the `}` that closes the `{` at `open`, or -1 when the text ends first
 * (a truncated completion). Escaped braces `\{` and `\}` are set delimiters, not grouping.
 */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 92 /* \ */) {
      i++;
      continue;
    }
    if (char === 123 /* { */) {
      depth++;
      if (depth > MAX_BRACE_DEPTH) throw new BraceDepthError(`braces nested deeper than ${MAX_BRACE_DEPTH}`);
    } else if (char === 125 /* } */) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Reads the unbraced form `\boxed 5`: the argument runs to the next space, `$` or end of line. */
function readBareArgument(text: string, from: number): BoxedSpan | undefined {
  const match = /^[ \t]+([^\s$]+)/.exec(text.slice(from, from + 200));
  if (!match?.[1]) return undefined;
  return { content: match[1], start: from, end: from + match[0].length };
}

/**
 * Finds every complete `\boxed{}`/`\fbox{}` in order. A box whose braces never close is skipped;
 * a box nested inside another is part of the outer box's content, not a separate span.
 */
export function findBoxed(text: string): BoxedSpan[] {
  const spans: BoxedSpan[] = [];
  BOX_COMMAND.lastIndex = 0;
  for (let match = BOX_COMMAND.exec(text); match; match = BOX_COMMAND.exec(text)) {
    const after = match.index + match[0].length;
    let open = after;
    while (text[open] === " ") open++;

    if (text[open] !== "{") {
      const bare = readBareArgument(text, after);
      if (bare) spans.push({ ...bare, start: match.index });
      continue;
    }
    const close = matchBrace(text, open);
    if (close < 0) continue;
    spans.push({ content: text.slice(open + 1, close - 1), start: match.index, end: close });
    BOX_COMMAND.lastIndex = close;
  }
  return spans;
}

/**
 * Returns the content of the last brace-matched `\boxed{}` or `\fbox{}` in `text`, or `undefined`
 * when there is none (or its braces nest deeper than `MAX_BRACE_DEPTH`).
 */
export function lastBoxed(text: string): string | undefined {
  try {
    return findBoxed(text).at(-1)?.content;
  } catch (error) {
    if (error instanceof BraceDepthError) return undefined;
    throw error;
  }
}
