import type { MathOptions } from "../options.js";

/** The outcome of a symbolic comparison run off the main thread. */
export type SymbolicDecision = "equal" | "different" | "timeout" | "too-large";

export interface SymbolicPool {
  compare(
    answer: string,
    reference: string,
    options: MathOptions,
    budgetMs: number,
  ): Promise<SymbolicDecision>;
  close(): Promise<void>;
}
