import { type RewardSample, sampleLength } from "./types.js";

/** Options of the soft overlong punishment. */
export interface OverlongOptions {
  /** Maximum generation length L_max. Default 20480 (DAPO's setting). */
  maxLength: number;
  /** Width L_cache of the punishment interval before L_max. Default 4096 (DAPO's setting). */
  cacheLength: number;
}

export const OVERLONG_DEFAULTS: OverlongOptions = { maxLength: 20480, cacheLength: 4096 };

/**
 * Soft overlong punishment of DAPO (Yu et al. 2025): 0 while len ≤ L_max − L_cache, then
 * ((L_max − L_cache) − len)/L_cache, falling linearly to −1 at len = L_max, and −1 beyond.
 * Range [−1, 0]. Lengths are token counts when the sample has them.
 * NOTE: without `completionTokens` the length is counted in characters, which is about four times
 * the token count for English text; pass token counts or scale the limits.
 */
export function overlongReward(sample: RewardSample, options: OverlongOptions = OVERLONG_DEFAULTS): number {
  const length = sampleLength(sample);
  const softLimit = options.maxLength - options.cacheLength;

  if (length <= softLimit) return 0;
  if (length > options.maxLength) return -1;
  return (softLimit - length) / options.cacheLength;
}
