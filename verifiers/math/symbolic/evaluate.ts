import { createRequire } from "node:module";
import type { BigNumber, EvalFunction, MathJsInstance } from "mathjs";
import { LruCache } from "../cache.js";
import { latexToMathjs } from "./latex-to-mathjs.js";

const require = createRequire(import.meta.url);
const MATHJS_BUNDLE = "mathjs/lib/browser/math.js";

/**
 * Loads a fresh mathjs instance from the library's single-file bundle (an exported path of the
 * package). It loads in about 0.1 s where the module tree of `import "mathjs"` took 2–3 s on the
 * benchmark machine, and a worker restarted after a timeout pays that cost again. Dropping the
 * module from `require.cache` gives a second, independent instance for BigNumber configuration.
 */
function loadMathjs(): MathJsInstance {
  const path = require.resolve(MATHJS_BUNDLE);
  delete require.cache[path];
  return require(path) as MathJsInstance;
}

const math = loadMathjs();
/** 64 significant digits: enough to tell 2^100 from 2^100 + 1, which doubles cannot. */
const bigMath = loadMathjs();
bigMath.config({ number: "BigNumber", precision: 64 });

/** Largest decimal exponent of an exact value; `10^{10^{10}}` is past it and too large to compare. */
export const MAX_EXACT_EXPONENT = 10_000;

/** A complex value; real results have `im` 0. */
export interface ComplexValue {
  re: number;
  im: number;
}

/** A compiled expression with its free variables. */
export interface CompiledExpression {
  evaluate: EvalFunction["evaluate"];
  /** The same expression in 64-digit decimal arithmetic (constant expressions only). */
  exact?: () => unknown;
  variables: string[];
  /** Mentions `\infty`, so an infinite value is meant and not an overflow. */
  infinite: boolean;
  /** Uses functions or constants whose float value carries rounding noise (π, sin, log, roots). */
  transcendental: boolean;
}

/** An answer whose value overflows a float (`10^{10^{10}}`) or whose size exceeds the budgets. */
export class ValueTooLargeError extends Error {
  override name = "ValueTooLargeError";
}

const compiled = new LruCache<string, CompiledExpression>(20_000);

/** Compiles normalised LaTeX once per worker; throws `LatexSyntaxError` for unreadable input. */
export function compileLatex(latex: string): CompiledExpression {
  const cached = compiled.get(latex);
  if (cached) return cached;
  const translation = latexToMathjs(latex);
  const code = math.compile(translation.expression);
  const constant = translation.variables.length === 0;
  const expression: CompiledExpression = {
    evaluate: (scope) => code.evaluate(scope),
    ...(constant && { exact: () => bigMath.evaluate(translation.expression) }),
    variables: translation.variables,
    infinite: translation.expression.includes("Infinity"),
    transcendental:
      /\b(?:pi|e|sqrt|nthRoot|sin|cos|tan|sec|csc|cot|asin|acos|atan|log|log10|exp|sinh|cosh|tanh)\b/.test(
        translation.expression,
      ),
  };
  compiled.set(latex, expression);
  return expression;
}

/**
 * Evaluates at one point; returns `undefined` where the expression is undefined (a domain error,
 * NaN, a non-scalar result). Throws `ValueTooLargeError` when a finite-looking expression overflows.
 */
export function valueAt(
  expression: CompiledExpression,
  scope: Record<string, number>,
): ComplexValue | undefined {
  let result: unknown;
  try {
    result = expression.evaluate({ ...scope });
  } catch {
    // mathjs reports a point outside the domain (factorial(-1.5), combinations(2.5, 1)) by throwing.
    return undefined;
  }
  let value: ComplexValue | undefined;
  if (typeof result === "number") value = { re: result, im: 0 };
  else if (math.isComplex(result)) value = { re: result.re, im: result.im };
  else if (typeof result === "boolean") return undefined;
  if (!value || Number.isNaN(value.re) || Number.isNaN(value.im)) return undefined;
  if (!Number.isFinite(value.re) || !Number.isFinite(value.im)) {
    if (!expression.infinite) throw new ValueTooLargeError("value overflows a double");
  }
  return value;
}

/** Largest |value|, for relative comparison. */
export function magnitude(value: ComplexValue): number {
  return Math.hypot(value.re, value.im);
}

/**
 * Compares two values with a relative tolerance and no absolute one, so 2^-99 and 2^-98 differ.
 * An exact 0 against a value below 1e-12 counts as equal only when `noisy` (π or a function was
 * evaluated), because then the tiny value is rounding error.
 */
export function valuesClose(a: ComplexValue, b: ComplexValue, tolerance: number, noisy: boolean): boolean {
  if (!Number.isFinite(a.re) || !Number.isFinite(b.re) || !Number.isFinite(a.im) || !Number.isFinite(b.im)) {
    return a.re === b.re && a.im === b.im;
  }
  const size = Math.max(magnitude(a), magnitude(b));
  const difference = Math.hypot(a.re - b.re, a.im - b.im);
  if (difference <= tolerance * size) return true;
  return noisy && (magnitude(a) === 0 || magnitude(b) === 0) && size < 1e-12;
}

/** Quotient a / b of complex values. */
export function divideValues(a: ComplexValue, b: ComplexValue): ComplexValue {
  const denominator = b.re * b.re + b.im * b.im;
  return {
    re: (a.re * b.re + a.im * b.im) / denominator,
    im: (a.im * b.re - a.re * b.im) / denominator,
  };
}

/** mathjs's `simplify`, for the exact check that a difference is zero. */
export function simplifiesToZero(left: string, right: string): boolean {
  const difference = `(${latexToMathjs(left).expression}) - (${latexToMathjs(right).expression})`;
  return math.simplify(difference).toString() === "0";
}

/** A real value in 64-digit decimal arithmetic. */
export interface ExactValue {
  value: BigNumber;
}

/**
 * Evaluates a constant expression in 64-digit decimals; `undefined` when that arithmetic cannot
 * (complex values, unsupported functions). Throws `ValueTooLargeError` past `MAX_EXACT_EXPONENT`.
 */
export function exactValue(expression: CompiledExpression): ExactValue | undefined {
  if (!expression.exact) return undefined;
  let result: unknown;
  try {
    result = expression.exact();
  } catch {
    return undefined;
  }
  if (!bigMath.isBigNumber(result) || result.isNaN()) return undefined;
  if (!result.isFinite()) {
    if (expression.infinite) return undefined;
    throw new ValueTooLargeError("value overflows 64-digit decimals");
  }
  if (!result.isZero() && Math.abs(result.e) > MAX_EXACT_EXPONENT) {
    throw new ValueTooLargeError(`value of magnitude 1e${result.e} exceeds the size budget`);
  }
  return { value: result };
}

/**
 * Relative comparison of two exact values; `tolerance` is relative to the larger magnitude. As with
 * doubles, an exact 0 against a value below 1e-40 is equal only when `noisy` (sin π in 64 digits).
 */
export function exactValuesClose(a: ExactValue, b: ExactValue, tolerance: number, noisy: boolean): boolean {
  const difference = a.value.minus(b.value).abs();
  if (difference.isZero()) return true;
  const size = a.value.abs().greaterThan(b.value.abs()) ? a.value.abs() : b.value.abs();
  if (difference.lessThanOrEqualTo(size.times(tolerance))) return true;
  return noisy && (a.value.isZero() || b.value.isZero()) && size.lessThan(1e-40);
}
