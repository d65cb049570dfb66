/**
 * Group-relative advantages for GRPO-style training: each sample's reward is compared with the
 * other samples of the same prompt (its group).
 */

/**
 * Formula of the advantage, from a group's rewards r₁…r_G with mean μ and standard deviation σ:
 * - "grpo": (rᵢ − μ)/(σ + ε), σ over the group (DeepSeekMath's GRPO; TRL, verl).
 * - "grpo-batch-std": (rᵢ − μ)/(σ_batch + ε), σ over the whole batch (TRL's `scale_rewards="batch"`).
 * - "dr-grpo": rᵢ − μ, no division (Liu et al. 2025, "Understanding R1-Zero-Like Training").
 * - "rloo": rᵢ − mean of the other G − 1 rewards = G/(G − 1)·(rᵢ − μ) (Ahmadian et al. 2024).
 */
export type AdvantageEstimator = "grpo" | "grpo-batch-std" | "dr-grpo" | "rloo";

export const ADVANTAGE_ESTIMATORS = [
  "grpo",
  "grpo-batch-std",
  "dr-grpo",
  "rloo",
] as const satisfies readonly AdvantageEstimator[];

export interface AdvantageOptions {
  /** Default "grpo". */
  estimator: AdvantageEstimator;
  /** ε added to σ before dividing. Default 1e-6 (verl's value; TRL uses 1e-4). */
  epsilon: number;
  /** Whether σ uses Bessel's correction (divide by n − 1), as `torch.std` does by default. Default true. */
  unbiasedStd: boolean;
  /**
   * Advantage of a sample that is alone in its group. "reward": the group mean is taken as 0 and σ
   * as 1, so the advantage is the raw reward (verl's rule; for "grpo" it is r/(1 + ε)). "zero": no
   * baseline exists, so the sample gets 0 and teaches nothing. Default "reward".
   */
  singleton: "reward" | "zero";
}

export const ADVANTAGE_DEFAULTS: AdvantageOptions = {
  estimator: "grpo",
  epsilon: 1e-6,
  unbiasedStd: true,
  singleton: "reward",
};

type GroupId = string | number;

/**
 * Returns one advantage per reward. A group whose rewards are all equal gets advantages of 0 under
 * every estimator (σ = 0 gives 0/ε).
 */
export function computeAdvantages(
  rewards: readonly number[],
  groupIds: readonly GroupId[],
  options: Partial<AdvantageOptions> = {},
): number[] {
  const settings = { ...ADVANTAGE_DEFAULTS, ...options };
  checkLengths(rewards, groupIds);

  const batchStd = standardDeviation(rewards, settings.unbiasedStd);
  const advantages = rewards.map(() => 0);

  for (const members of groupPositions(groupIds).values()) {
    const groupRewards = members.map((index) => rewards[index]!);
    const groupAdvantages =
      members.length === 1
        ? [singletonAdvantage(groupRewards[0]!, batchStd, settings)]
        : groupAdvantagesOf(groupRewards, batchStd, settings);
    members.forEach((index, position) => {
      advantages[index] = groupAdvantages[position]!;
    });
  }
  return advantages;
}

function groupAdvantagesOf(rewards: number[], batchStd: number, settings: AdvantageOptions): number[] {
  // Exactly 0 for equal rewards: the float mean of equal values can differ from them by one ulp,
  // which division by σ + ε would blow up to about 1e-10.
  if (rewards.every((reward) => reward === rewards[0])) return rewards.map(() => 0);

  const size = rewards.length;
  const mean = average(rewards);

  switch (settings.estimator) {
    case "grpo": {
      const std = standardDeviation(rewards, settings.unbiasedStd);
      return rewards.map((reward) => (reward - mean) / (std + settings.epsilon));
    }
    case "grpo-batch-std":
      return rewards.map((reward) => (reward - mean) / (batchStd + settings.epsilon));
    case "dr-grpo":
      return rewards.map((reward) => reward - mean);
    case "rloo":
      return rewards.map((reward) => reward - (mean * size - reward) / (size - 1));
  }
}

function singletonAdvantage(reward: number, batchStd: number, settings: AdvantageOptions): number {
  if (settings.singleton === "zero") return 0;

  switch (settings.estimator) {
    case "grpo":
      return reward / (1 + settings.epsilon);
    case "grpo-batch-std":
      return reward / (batchStd + settings.epsilon);
    case "dr-grpo":
    case "rloo":
      return reward;
  }
}

/** Reason dynamic sampling would drop a group, or "kept". */
export type GroupStatus = "kept" | "all-correct" | "all-wrong" | "all-equal" | "single";

/** Summary of one group for DAPO-style dynamic sampling. */
export interface GroupSummary {
  id: GroupId;
  /** Positions of the group's samples in the batch. */
  indices: number[];
  size: number;
  meanReward: number;
  /** Standard deviation of the rewards (Bessel-corrected; 0 for a group of one). */
  stdReward: number;
  /** Number of correct samples, when correctness was given. */
  correctCount?: number;
  status: GroupStatus;
}

/** Result of `dynamicSamplingInfo`. */
export interface DynamicSamplingInfo {
  groups: GroupSummary[];
  /** Batch positions of the samples in kept groups, ascending. */
  keptIndices: number[];
  /** Batch positions of the samples in dropped groups, ascending. */
  droppedIndices: number[];
}

/**
 * Reports which groups carry a learning signal, for DAPO's dynamic sampling (Yu et al. 2025), which
 * keeps only prompts with 0 < correct < G and samples more until the batch is full. With `correct`
 * a group is dropped when all its samples are correct or all wrong; without it, when all rewards
 * are equal. A group of one is always dropped ("single"): it has no baseline to compare with.
 */
export function dynamicSamplingInfo(
  rewards: readonly number[],
  groupIds: readonly GroupId[],
  correct?: readonly boolean[],
): DynamicSamplingInfo {
  checkLengths(rewards, groupIds);
  if (correct !== undefined && correct.length !== rewards.length) {
    throw new RangeError(`correct has ${correct.length} entries but rewards has ${rewards.length}.`);
  }

  const groups: GroupSummary[] = [];
  for (const [id, indices] of groupPositions(groupIds)) {
    const groupRewards = indices.map((index) => rewards[index]!);
    const correctCount = correct === undefined ? undefined : indices.filter((index) => correct[index]).length;
    const stdReward = indices.length > 1 ? standardDeviation(groupRewards, true) : 0;
    const summary: GroupSummary = {
      id,
      indices,
      size: indices.length,
      meanReward: average(groupRewards),
      stdReward,
      status: groupStatus(indices.length, stdReward, correctCount),
    };
    if (correctCount !== undefined) summary.correctCount = correctCount;
    groups.push(summary);
  }

  const kept = groups.filter((group) => group.status === "kept").flatMap((group) => group.indices);
  const dropped = groups.filter((group) => group.status !== "kept").flatMap((group) => group.indices);
  return { groups, keptIndices: kept.sort(byNumber), droppedIndices: dropped.sort(byNumber) };
}

function groupStatus(size: number, stdReward: number, correctCount: number | undefined): GroupStatus {
  if (size === 1) return "single";
  if (correctCount === size) return "all-correct";
  if (correctCount === 0) return "all-wrong";
  if (correctCount === undefined && stdReward === 0) return "all-equal";
  return "kept";
}

/** Returns the mean of `values`; 0 for an empty list. */
export function average(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Returns the standard deviation; 0 when fewer than two values (one value with `unbiased`). */
export function standardDeviation(values: readonly number[], unbiased: boolean): number {
  const divisor = unbiased ? values.length - 1 : values.length;
  if (divisor <= 0) return 0;

  const mean = average(values);
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return Math.sqrt(squares / divisor);
}

function groupPositions(groupIds: readonly GroupId[]): Map<GroupId, number[]> {
  const groups = new Map<GroupId, number[]>();
  groupIds.forEach((id, index) => {
    const members = groups.get(id);
    if (members) members.push(index);
    else groups.set(id, [index]);
  });
  return groups;
}

function checkLengths(rewards: readonly number[], groupIds: readonly GroupId[]): void {
  if (rewards.length !== groupIds.length) {
    throw new RangeError(`rewards has ${rewards.length} entries but groupIds has ${groupIds.length}.`);
  }
}

function byNumber(a: number, b: number): number {
  return a - b;
}
