import { type RewardSample, requireVerdict, sampleLength } from "./types.js";

/**
 * Length reward of Kimi k1.5 (Kimi Team 2025, "Kimi k1.5: Scaling Reinforcement Learning with
 * LLMs"), computed over the samples of one prompt. With len_min and len_max the shortest and
 * longest lengths in the group, λ = 0.5 − (len − len_min)/(len_max − len_min); a correct sample
 * earns λ and a wrong one min(0, λ), so short right answers gain, long wrong ones lose, and short
 * wrong ones are not rewarded. Range [−0.5, 0.5]. All samples earn 0 when every length is equal
 * (including a group of one). Lengths are token counts when given, else characters.
 */
export function kimiLengthRewards(group: readonly RewardSample[]): number[] {
  const lengths = group.map(sampleLength);
  const shortest = Math.min(...lengths);
  const longest = Math.max(...lengths);
  if (group.length === 0 || longest === shortest) return group.map(() => 0);

  return group.map((sample, index) => {
    const lambda = 0.5 - (lengths[index]! - shortest) / (longest - shortest);
    return requireVerdict(sample, "kimiLength").correct ? lambda : Math.min(0, lambda);
  });
}
