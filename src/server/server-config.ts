import { availableParallelism } from "node:os";
import type { RewardSpec } from "../rewards/reward-spec.js";
import { parseRewardSpec } from "../rewards/reward-spec.js";

/** Settings of `verdict serve`. */
export interface ServerConfig {
  /** Interface to listen on. Default "127.0.0.1": the server has no authentication. */
  host: string;
  /** TCP port; 0 picks a free one. Default 8000. */
  port: number;
  /** Verification worker threads. Default: the number of CPUs (`os.availableParallelism()`). */
  threads: number;
  /** Time budget per item in milliseconds. Default 5000. */
  itemTimeoutMs: number;
  /** Reward of an item that ran out of its budget. Default 0. */
  timeoutReward: number;
  /** Largest accepted request body in bytes; larger ones get 413. Default 64 MiB. */
  bodyLimitBytes: number;
  /** Maximum number of items in one request; more get 400. Default 16384. */
  maxItems: number;
  /** Verifier for items that name none and for `POST /get_reward`. Default "math". */
  verifier: string;
  /** Options of that verifier. Default {}. */
  verifierOptions: Record<string, unknown>;
  /** Composite reward used when a request gives none. Default: accuracy alone. */
  reward: RewardSpec;
}

/** Returns the default configuration with `overrides` applied. */
export function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: "127.0.0.1",
    port: 8000,
    threads: availableParallelism(),
    itemTimeoutMs: 5000,
    timeoutReward: 0,
    bodyLimitBytes: 64 * 1024 * 1024,
    maxItems: 16384,
    verifier: "math",
    verifierOptions: {},
    reward: parseRewardSpec(),
    ...overrides,
  };
}
