import { loadVerifier, UnknownVerifierError } from "../../verifiers/registry.js";
import {
  InvalidOptionsError,
  InvalidReferenceError,
  type Verdict,
  type Verifier,
} from "../../verifiers/verifier.js";

// biome-ignore lint/suspicious/noExplicitAny: options differ per verifier; each one validates its own.
type AnyVerifier = Verifier<any>;

/**
 * The verifiers one run uses, each loaded once, with parsed options cached by their JSON text so
 * rows that repeat the same options do not validate them again.
 */
export class VerifierSet {
  private readonly verifiers = new Map<string, Promise<AnyVerifier>>();
  private readonly parsedOptions = new Map<string, unknown>();

  /** Loads (once) and returns the named verifier; throws `UnknownVerifierError` for a bad name. */
  get(name: string): Promise<AnyVerifier> {
    let verifier = this.verifiers.get(name);
    if (verifier === undefined) {
      verifier = loadVerifier(name);
      this.verifiers.set(name, verifier);
    }
    return verifier;
  }

  /** Validates options for a verifier (throws `InvalidOptionsError`), caching the result. */
  options(verifier: AnyVerifier, raw: unknown): unknown {
    const key = `${verifier.name}\u0000${raw === undefined ? "" : JSON.stringify(raw)}`;
    if (this.parsedOptions.has(key)) return this.parsedOptions.get(key);
    const parsed = verifier.parseOptions(raw ?? {});
    this.parsedOptions.set(key, parsed);
    return parsed;
  }

  /** Verifies one completion with the named verifier and options; returns the verdict and its time. */
  async verify(
    name: string,
    completion: string,
    reference: unknown,
    rawOptions: unknown,
    signal?: AbortSignal,
  ): Promise<{ verdict: Verdict; ms: number }> {
    const verifier = await this.get(name);
    const options = this.options(verifier, rawOptions);
    const started = performance.now();
    const verdict = await verifier.verify(completion, reference, options, signal);
    return { verdict, ms: performance.now() - started };
  }

  /** Closes every loaded verifier (worker pools, sandboxes). */
  async close(): Promise<void> {
    // A verifier that failed to load (an unknown name, say) has nothing to close.
    const settled = await Promise.allSettled(this.verifiers.values());
    const loaded = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    await Promise.all(loaded.map((verifier) => verifier.close?.()));
  }
}

/** True for errors that mean the user's input (verifier name, options, reference) is wrong, not verdict. */
export function isConfigurationError(error: unknown): error is Error {
  return (
    error instanceof InvalidOptionsError ||
    error instanceof InvalidReferenceError ||
    error instanceof UnknownVerifierError
  );
}
