import { accuracyReward } from "./accuracy.js";
import { cosineLengthReward } from "./cosine-length.js";
import { formatReward } from "./format.js";
import { kimiLengthRewards } from "./kimi-length.js";
import { languageConsistencyReward } from "./language-consistency.js";
import { overlongReward } from "./overlong.js";
import { reasoningStepsReward } from "./reasoning-steps.js";
import { repetitionReward } from "./repetition.js";
import { REWARD_COMPONENT_NAMES, type RewardSpec } from "./reward-spec.js";
import { tagCountReward } from "./tag-count.js";
import type { RewardSample } from "./types.js";

/** The unweighted value of each configured component, keyed by component name. */
export type RewardComponents = Record<string, number>;

/** The total reward of one sample and the components it was summed from. */
export interface RewardBreakdown {
  /** Σ weight × component over the configured components. */
  reward: number;
  components: RewardComponents;
}

/**
 * Computes the components that depend on one sample alone (every component but `kimiLength`).
 * Components absent from `spec` are not computed.
 */
export function sampleComponents(sample: RewardSample, spec: RewardSpec): RewardComponents {
  const components: RewardComponents = {};
  if (spec.accuracy) components.accuracy = accuracyReward(sample, spec.accuracy);
  if (spec.format) components.format = formatReward(sample, spec.format);
  if (spec.tagCount) components.tagCount = tagCountReward(sample, spec.tagCount);
  if (spec.reasoningSteps) components.reasoningSteps = reasoningStepsReward(sample, spec.reasoningSteps);
  if (spec.cosineLength) components.cosineLength = cosineLengthReward(sample, spec.cosineLength);
  if (spec.repetition) components.repetition = repetitionReward(sample, spec.repetition);
  if (spec.overlong) components.overlong = overlongReward(sample, spec.overlong);
  if (spec.languageConsistency) {
    components.languageConsistency = languageConsistencyReward(sample, spec.languageConsistency);
  }
  return components;
}

/**
 * Computes the components that compare a sample with the other samples of its prompt
 * (`kimiLength`), for samples grouped by `groupIds` (same id → same group). Returns one object per
 * sample, empty when no group component is configured.
 */
export function groupComponents(
  samples: readonly RewardSample[],
  groupIds: readonly string[],
  spec: RewardSpec,
): RewardComponents[] {
  const components: RewardComponents[] = samples.map(() => ({}));
  if (!spec.kimiLength) return components;

  for (const members of indexGroups(groupIds).values()) {
    const rewards = kimiLengthRewards(members.map((index) => samples[index]!));
    members.forEach((index, position) => {
      components[index]!.kimiLength = rewards[position]!;
    });
  }
  return components;
}

/** Returns Σ weight × value over the components, in `REWARD_COMPONENT_NAMES` order (deterministic sums). */
export function weightedTotal(components: RewardComponents, spec: RewardSpec): number {
  let total = 0;
  for (const name of REWARD_COMPONENT_NAMES) {
    const value = components[name];
    const config = spec[name];
    if (value !== undefined && config !== undefined) total += config.weight * value;
  }
  return total;
}

/**
 * Scores a batch with the composite reward. `groupIds` assigns samples to prompts for the group
 * components; by default samples with the same prompt text form a group.
 */
export function computeRewards(
  samples: readonly RewardSample[],
  spec: RewardSpec,
  groupIds: readonly string[] = samples.map((sample) => sample.prompt ?? ""),
): RewardBreakdown[] {
  if (groupIds.length !== samples.length) {
    throw new RangeError(`groupIds has ${groupIds.length} entries but there are ${samples.length} samples.`);
  }
  const grouped = groupComponents(samples, groupIds, spec);

  return samples.map((sample, index) => {
    const components = { ...sampleComponents(sample, spec), ...grouped[index] };
    return { reward: weightedTotal(components, spec), components: ordered(components) };
  });
}

/** Returns the components in `REWARD_COMPONENT_NAMES` order, so JSON output is stable. */
export function ordered(components: RewardComponents): RewardComponents {
  const result: RewardComponents = {};
  for (const name of REWARD_COMPONENT_NAMES) {
    if (components[name] !== undefined) result[name] = components[name];
  }
  return result;
}

/** Returns the positions of each group id, in first-seen order. */
export function indexGroups(groupIds: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  groupIds.forEach((id, index) => {
    const members = groups.get(id);
    if (members) members.push(index);
    else groups.set(id, [index]);
  });
  return groups;
}
