/**
 * Output comparators for stdin/stdout tests. Each takes the program's stdout and the expected
 * output and decides whether they match.
 */
export const COMPARATORS = ["exact", "whitespace", "numeric", "case-insensitive"] as const;
export type ComparatorName = (typeof COMPARATORS)[number];

export interface CompareOptions {
  /** Relative tolerance for the numeric comparator. Default: 1e-6. */
  relativeTolerance: number;
  /** Absolute tolerance for the numeric comparator, for values near zero. Default: 1e-9. */
  absoluteTolerance: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { relativeTolerance: 1e-6, absoluteTolerance: 1e-9 };

/** Lines with trailing blanks removed and trailing empty lines dropped. */
function lines(text: string): string[] {
  const result = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd());
  while (result.length > 0 && result[result.length - 1] === "") result.pop();
  return result;
}

/** Same text, except that a final newline may be missing on either side. */
function exact(actual: string, expected: string): boolean {
  return actual.replace(/\n$/, "") === expected.replace(/\n$/, "");
}

/** Equal line counts, and each line equal once runs of blanks are collapsed and ends trimmed. */
function whitespace(actual: string, expected: string): boolean {
  const a = lines(actual).map((line) => line.trim().split(/\s+/).join(" "));
  const b = lines(expected).map((line) => line.trim().split(/\s+/).join(" "));
  return a.length === b.length && a.every((line, index) => line === b[index]);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Token by token: numbers within tolerance, other tokens equal. Line breaks count as blanks. */
function numeric(actual: string, expected: string, options: CompareOptions): boolean {
  const a = actual.trim().split(/\s+/).filter(Boolean);
  const b = expected.trim().split(/\s+/).filter(Boolean);
  if (a.length !== b.length) return false;
  return a.every((token, index) => {
    const want = b[index] as string;
    if (!NUMBER.test(token) || !NUMBER.test(want)) return token === want;
    const x = Number(token);
    const y = Number(want);
    const allowed = Math.max(options.absoluteTolerance, options.relativeTolerance * Math.abs(y));
    return Math.abs(x - y) <= allowed;
  });
}

function caseInsensitive(actual: string, expected: string): boolean {
  return whitespace(actual.toLowerCase(), expected.toLowerCase());
}

export function compareOutput(
  name: ComparatorName,
  actual: string,
  expected: string,
  options: CompareOptions = DEFAULT_COMPARE_OPTIONS,
): boolean {
  switch (name) {
    case "exact":
      return exact(actual, expected);
    case "whitespace":
      return whitespace(actual, expected);
    case "numeric":
      return numeric(actual, expected, options);
    case "case-insensitive":
      return caseInsensitive(actual, expected);
  }
}
