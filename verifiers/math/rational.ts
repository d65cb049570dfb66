/**
 * Exact rational numbers on bigint, for the fast path: integers of any size, decimals, fractions,
 * mixed numbers and scientific notation compare without floating-point error.
 */

export interface Rational {
  /** Numerator; carries the sign. */
  num: bigint;
  /** Denominator; always positive. */
  den: bigint;
}

/** Largest power of ten a literal may scale by (`1e5000`); beyond it the answer is too large. */
export const MAX_DECIMAL_EXPONENT = 5000;

/** A number literal whose exponent or digit count exceeds the size budget. */
export class NumberTooLargeError extends Error {
  override name = "NumberTooLargeError";
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Builds a reduced rational; throws `RangeError` on a zero denominator. */
export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError("zero denominator");
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function divide(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}

export function negate(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** Ten to a non-negative integer power, bounded by `MAX_DECIMAL_EXPONENT`. */
export function powerOfTen(exponent: number): bigint {
  if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT) {
    throw new NumberTooLargeError(`exponent ${exponent} exceeds ${MAX_DECIMAL_EXPONENT}`);
  }
  return 10n ** BigInt(exponent);
}

/** Scales by 10^exponent, for scientific notation. */
export function scaleByPowerOfTen(value: Rational, exponent: number): Rational {
  const factor = powerOfTen(Math.abs(exponent));
  return exponent >= 0 ? rational(value.num * factor, value.den) : rational(value.num, value.den * factor);
}

/**
 * Converts to a float for tolerance checks. Huge numerators and denominators are scaled down together
 * first so that `Number(big) / Number(big)` does not become `Infinity / Infinity`.
 */
export function toNumber(value: Rational): number {
  const numDigits = value.num.toString().length;
  const denDigits = value.den.toString().length;
  const shift = Math.max(0, Math.min(numDigits, denDigits) - 300);
  if (shift === 0) return Number(value.num) / Number(value.den);
  const scale = 10n ** BigInt(shift);
  return Number(value.num / scale) / Number(value.den / scale);
}

/** Base-10 logarithm of |value|, usable when the value over- or underflows a float. */
export function log10Abs(value: Rational): number {
  const magnitude = (digits: bigint): number => {
    const text = (digits < 0n ? -digits : digits).toString();
    const head = Number(text.slice(0, 17));
    return Math.log10(head) + (text.length - Math.min(17, text.length));
  };
  return magnitude(value.num) - magnitude(value.den);
}

/** Formats as `p/q`, or `p` for integers. */
export function formatRational(value: Rational): string {
  return value.den === 1n ? value.num.toString() : `${value.num}/${value.den}`;
}
