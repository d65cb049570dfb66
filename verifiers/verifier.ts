/**
 * The contract every verifier implements. Evaluation (`verdict score`), data checking
 * (`verdict verify`) and training rewards (`verdict serve`) all call `verify` through this
 * interface, so a rule changed in a verifier changes all three at once.
 */

/** Short machine-readable code for why a verdict came out as it did. */
export type VerdictReason =
  | "match"
  | "mismatch"
  | "no-answer"
  | "hedged"
  | "timeout"
  | "too-large"
  | "invalid-reference"
  | "runtime-error"
  | "wrong-answer"
  | "memory-limit"
  | "output-limit"
  | "compile-error"
  | "sandbox-error"
  | "error";

/** The outcome of checking one completion against one reference. */
export interface Verdict {
  /** True only when the completion is judged fully right. */
  correct: boolean;
  /** Partial credit in [0, 1]; equals 1 exactly when `correct` is true for all-or-nothing verifiers. */
  score: number;
  /** The answer or program that was taken from the completion, as text. */
  extracted?: string;
  /** The reference in the form that was compared, as text. */
  expected?: string;
  reason: VerdictReason;
  /** Verifier-specific evidence (test results, parse trees, timings). Must be JSON-serialisable. */
  details?: Record<string, unknown>;
}

/** Static description of a verifier, stored with every result so numbers can be reproduced. */
export interface VerifierInfo<Options> {
  name: string;
  /** Bumped whenever a rule change can flip a verdict. */
  version: string;
  description: string;
  defaults: Options;
}

export interface Verifier<Options = Record<string, unknown>> extends VerifierInfo<Options> {
  /**
   * Validates user-supplied options and merges them over the defaults.
   * Throws `InvalidOptionsError` naming the bad field: options come from the user, not the model.
   */
  parseOptions(raw: unknown): Options;

  /**
   * Checks one completion. Never throws because of the completion's content: bad model output
   * becomes a verdict with a reason. It may throw `InvalidReferenceError` for a reference that
   * cannot be used at all, because that is a data bug the user must fix.
   */
  verify(completion: string, reference: unknown, options: Options, signal?: AbortSignal): Promise<Verdict>;

  /**
   * Decides whether two extracted answers are the same answer, for majority voting (maj@k).
   * Verifiers without a notion of answer equivalence omit it and maj@k is not reported.
   */
  equivalent?(a: string, b: string, options: Options, signal?: AbortSignal): Promise<boolean>;

  /** Releases worker threads or other resources. Safe to call more than once. */
  close?(): Promise<void>;
}

/** Options given to a verifier did not validate. */
export class InvalidOptionsError extends Error {
  override name = "InvalidOptionsError";
}

/** A reference answer (from a suite or a pairs file) cannot be used for verification. */
export class InvalidReferenceError extends Error {
  override name = "InvalidReferenceError";
}
