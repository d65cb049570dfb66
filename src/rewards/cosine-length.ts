import { type RewardSample, requireVerdict, sampleLength } from "./types.js";

/** Options of the cosine-scaled length reward; lengths are in tokens when given, else characters. */
export interface CosineLengthOptions {
  /** Length L_max at which the cosine reaches its end values. Default 1000. */
  maxLength: number;
  /** Reward of a correct answer of length 0 (r₀ᶜ). Default 1. */
  correctAtZero: number;
  /** Reward of a correct answer of length L_max (r_Lᶜ). Default 0.5. */
  correctAtMax: number;
  /** Reward of a wrong answer of length 0 (r₀ʷ). Default −1. */
  wrongAtZero: number;
  /** Reward of a wrong answer of length L_max (r_Lʷ). Default −0.5. */
  wrongAtMax: number;
  /** Reward of any answer of length ≥ L_max, i.e. cut off (r_e). Default −1. */
  exceedReward: number;
}

export const COSINE_LENGTH_DEFAULTS: CosineLengthOptions = {
  maxLength: 1000,
  correctAtZero: 1,
  correctAtMax: 0.5,
  wrongAtZero: -1,
  wrongAtMax: -0.5,
  exceedReward: -1,
};

/**
 * Cosine-scaled length reward (Yeo et al. 2025, "Demystifying Long Chain-of-Thought Reasoning in
 * LLMs"): r = r_L + ½(r₀ − r_L)(1 + cos(π·len/L_max)), which moves from r₀ at length 0 to r_L at
 * L_max along a half cosine. Correct answers use (r₀ᶜ, r_Lᶜ), so shorter is better; wrong answers
 * use (r₀ʷ, r_Lʷ), so a wrong answer that thought longer is punished less. A length ≥ L_max earns
 * `exceedReward`. Defaults are open-r1's values (the paper uses 2, 1, −10, 0 and −10).
 */
export function cosineLengthReward(
  sample: RewardSample,
  options: CosineLengthOptions = COSINE_LENGTH_DEFAULTS,
): number {
  const length = sampleLength(sample);
  if (length >= options.maxLength) return options.exceedReward;

  const correct = requireVerdict(sample, "cosineLength").correct;
  const atZero = correct ? options.correctAtZero : options.wrongAtZero;
  const atMax = correct ? options.correctAtMax : options.wrongAtMax;
  return atMax + 0.5 * (atZero - atMax) * (1 + Math.cos((Math.PI * length) / options.maxLength));
}
