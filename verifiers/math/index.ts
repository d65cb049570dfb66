import type { Verifier } from "../verifier.js";
import { MATH_DEFAULTS, type MathOptions, parseMathOptions } from "./options.js";
import type { SymbolicPool } from "./symbolic/pool.js";
import { verifyMath } from "./verify.js";

export { lastBoxed } from "./boxed.js";
export type { MathOptions } from "./options.js";

// NOTE: symbolic comparison is not wired in yet, so non-numeric answers that differ in text compare as different.
const stubPool: SymbolicPool = {
  compare: async () => "different",
  close: async () => {},
};

export const mathVerifier: Verifier<MathOptions> = {
  name: "math",
  version: "0.1.0",
  description: "Final-answer checker for math: extraction, normalisation, exact and symbolic equality.",
  defaults: MATH_DEFAULTS,
  parseOptions: parseMathOptions,
  verify: (completion, reference, options, signal) =>
    verifyMath(completion, reference, options, stubPool, signal),
  close: async () => stubPool.close(),
};
