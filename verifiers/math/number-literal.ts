import {
  add,
  NumberTooLargeError,
  negate,
  powerOfTen,
  type Rational,
  rational,
  scaleByPowerOfTen,
} from "./rational.js";

/** A number written as a plain literal, parsed exactly. */
export interface NumberLiteral {
  value: Rational;
  /** Digits after the decimal point when written as a decimal (`1.50` → 2); absent for exact forms. */
  decimals?: number;
  /** Written with a trailing percent sign; `value` is the number before the sign. */
  percent: boolean;
}

/** Longest digit string parsed exactly; longer literals are too large to be an answer. */
export const MAX_LITERAL_DIGITS = 5000;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^([+-]?)(\d*)\.(\d*)$/;
const E_NOTATION = /^([+-]?\d*\.?\d*)[eE]([+-]?\d+)$/;
const TIMES_TEN = /^([+-]?\d*\.?\d+)\s*(?:\\times|\\cdot|\*|x|×)\s*10\s*\^\s*\{?\s*([+-]?\d+)\s*\}?$/;
const POWER_OF_TEN = /^([+-]?)10\s*\^\s*\{?\s*([+-]?\d+)\s*\}?$/;
const LATEX_FRACTION = /^([+-]?)\\frac\{([+-]?\d*\.?\d+)\}\{([+-]?\d*\.?\d+)\}$/;
const SLASH_FRACTION = /^([+-]?\d*\.?\d+)\s*\/\s*([+-]?\d*\.?\d+)$/;
const LATEX_MIXED = /^([+-]?)(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}$/;
const SLASH_MIXED = /^([+-]?)(\d+)\s+(\d+)\/(\d+)$/;

/** Parses an integer or decimal string (no exponent) exactly; `undefined` when it is not one. */
export function parseDecimal(text: string): { value: Rational; decimals?: number } | undefined {
  if (text.length > MAX_LITERAL_DIGITS) throw new NumberTooLargeError(`literal of ${text.length} digits`);
  if (INTEGER.test(text)) return { value: rational(BigInt(text)) };

  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, whole = "", fraction = ""] = match;
  if (whole === "" && fraction === "") return undefined;
  const digits = BigInt(`${whole}${fraction}` || "0");
  const value = rational(sign === "-" ? -digits : digits, powerOfTen(fraction.length));
  return fraction.length > 0 ? { value, decimals: fraction.length } : { value };
}

function exactFraction(sign: string, numerator: string, denominator: string): Rational | undefined {
  const top = parseDecimal(numerator);
  const bottom = parseDecimal(denominator);
  if (!top || !bottom || bottom.value.num === 0n) return undefined;
  const value = rational(top.value.num * bottom.value.den, top.value.den * bottom.value.num);
  return sign === "-" ? negate(value) : value;
}

function mixedNumber(
  sign: string,
  whole: string,
  numerator: string,
  denominator: string,
): Rational | undefined {
  if (BigInt(denominator) === 0n) return undefined;
  const value = add(rational(BigInt(whole)), rational(BigInt(numerator), BigInt(denominator)));
  return sign === "-" ? negate(value) : value;
}

function scientific(mantissa: string, exponent: string): NumberLiteral | undefined {
  const base = parseDecimal(mantissa);
  if (!base) return undefined;
  return { value: scaleByPowerOfTen(base.value, Number(exponent)), percent: false };
}

/**
 * Parses a normalised answer written as a single number: integer, decimal, `a/b`, `\frac{a}{b}`,
 * mixed number (`3\frac{1}{2}`, `3 1/2`), scientific notation (`1.5e3`, `1.5\times10^{3}`), with an
 * optional trailing `%`. Returns `undefined` for anything else; throws `NumberTooLargeError` past the
 * size budget.
 */
export function parseNumberLiteral(text: string): NumberLiteral | undefined {
  const percent = text.endsWith("%");
  const body = percent ? text.slice(0, -1).trimEnd() : text;

  const decimal = parseDecimal(body);
  if (decimal) return { ...decimal, percent };

  let match = LATEX_FRACTION.exec(body) ?? null;
  if (match) {
    const value = exactFraction(match[1] ?? "", match[2] ?? "", match[3] ?? "");
    return value && { value, percent };
  }
  match = SLASH_FRACTION.exec(body);
  if (match) {
    const value = exactFraction("", match[1] ?? "", match[2] ?? "");
    return value && { value, percent };
  }
  match = LATEX_MIXED.exec(body) ?? SLASH_MIXED.exec(body);
  if (match) {
    const value = mixedNumber(match[1] ?? "", match[2] ?? "", match[3] ?? "", match[4] ?? "");
    return value && { value, percent };
  }
  match = E_NOTATION.exec(body) ?? TIMES_TEN.exec(body);
  if (match) {
    const literal = scientific(match[1] ?? "", match[2] ?? "");
    return literal && { ...literal, percent };
  }
  match = POWER_OF_TEN.exec(body);
  if (match) {
    const value = scaleByPowerOfTen(rational(1n), Number(match[2]));
    return { value: match[1] === "-" ? negate(value) : value, percent };
  }
  return undefined;
}
