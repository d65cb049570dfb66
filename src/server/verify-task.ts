import type { Verdict } from "../../verifiers/verifier.js";
import type { RewardComponents } from "../rewards/composite.js";
import type { RewardSpec } from "../rewards/reward-spec.js";

/** One item sent to a verification worker. Plain data: it crosses the thread boundary by copy. */
export interface VerifyTask {
  verifier: string;
  /** Options already validated by the verifier's `parseOptions` in the main thread. */
  options: unknown;
  prompt: string;
  completion: string;
  reference: unknown;
  completionTokens?: number;
  spec: RewardSpec;
  /** Time the verifier may take, in milliseconds; passed to it as an abort signal. */
  budgetMs: number;
  /** Index of this item's flag in the pool's shared start flags, set when verification starts. */
  startSlot: number;
}

/** What a worker returns for one task. */
export type VerifyOutcome =
  | {
      kind: "scored";
      verdict: Verdict;
      /** The per-sample reward components (all but the group ones). */
      components: RewardComponents;
      /** True when the verifier stopped because the budget signal fired. */
      budgetExceeded: boolean;
      verifyMs: number;
    }
  /** The verifier stopped with an error after its budget signal fired. */
  | { kind: "timeout" }
  /** The verifier rejected the reference: a data error the caller must fix. */
  | { kind: "invalid-reference"; message: string }
  /** The verifier threw: a bug in verdict, reported as a server error. */
  | { kind: "failed"; message: string; stack?: string };
