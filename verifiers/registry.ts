import type { Verifier } from "./verifier.js";

/** Names of the built-in verifiers; the registry below must cover exactly these. */
export const VERIFIER_NAMES = ["math", "code"] as const;
export type VerifierName = (typeof VERIFIER_NAMES)[number];

// biome-ignore lint/suspicious/noExplicitAny: each verifier has its own options type.
type AnyVerifier = Verifier<any>;

// Loaded lazily: the code verifier pulls in native modules that math-only users never need.
const loaders = {
  math: async () => (await import("./math/index.js")).mathVerifier,
  code: async () => (await import("./code/index.js")).codeVerifier,
} as const satisfies Record<VerifierName, () => Promise<AnyVerifier>>;

/** Thrown for a verifier name that is not registered. */
export class UnknownVerifierError extends Error {
  override name = "UnknownVerifierError";
}

export function isVerifierName(name: string): name is VerifierName {
  return (VERIFIER_NAMES as readonly string[]).includes(name);
}

/** Loads a verifier by name; throws `UnknownVerifierError` listing the known names. */
export async function loadVerifier(name: string): Promise<AnyVerifier> {
  if (!isVerifierName(name)) {
    throw new UnknownVerifierError(
      `Unknown verifier "${name}". Known verifiers: ${VERIFIER_NAMES.join(", ")}.`,
    );
  }
  return loaders[name]();
}
