import type { RewardSample } from "./types.js";

/** Options of the reasoning-steps reward. */
export interface ReasoningStepsOptions {
  /** Number of step markers that earns the full reward. Default 3. Must be at least 1. */
  targetSteps: number;
}

export const REASONING_STEPS_DEFAULTS: ReasoningStepsOptions = { targetSteps: 3 };

// Step markers as open-r1 counts them: "Step 2:", a numbered line "2.", a bullet line "- " or
// "* ", and the ordinal words "First,", "Second,", "Next,", "Finally,".
const STEP_MARKER = /Step \d+:|^\d+\.|\n-|\n\*|First,|Second,|Next,|Finally,/gm;

/**
 * Rewards visible step-by-step reasoning: min(1, markers / targetSteps), where markers is the number
 * of step markers found (see `STEP_MARKER`). Range [0, 1].
 */
export function reasoningStepsReward(
  sample: RewardSample,
  options: ReasoningStepsOptions = REASONING_STEPS_DEFAULTS,
): number {
  const markers = sample.completion.match(STEP_MARKER)?.length ?? 0;
  return Math.min(1, markers / options.targetSteps);
}
