import { describe, expect, it } from "vitest";
import { computeAdvantages, dynamicSamplingInfo } from "../../src/rewards/advantages.js";

// Group [1, 0, 0, 1]: mean 0.5, Bessel std √(1/3) ≈ 0.57735, so GRPO gives ±0.5/0.57735 = ±0.866025.
const GRPO_HALF = 0.5 / Math.sqrt(1 / 3);

describe("computeAdvantages", () => {
  it.each([
    ["grpo", [GRPO_HALF, -GRPO_HALF, -GRPO_HALF, GRPO_HALF]],
    ["dr-grpo", [0.5, -0.5, -0.5, 0.5]],
    // rᵢ − mean of the other three: 1 − 1/3 and 0 − 2/3.
    ["rloo", [2 / 3, -2 / 3, -2 / 3, 2 / 3]],
  ] as const)("%s on one group", (estimator, expected) => {
    const advantages = computeAdvantages([1, 0, 0, 1], ["p", "p", "p", "p"], { estimator });
    for (const [index, value] of advantages.entries()) expect(value).toBeCloseTo(expected[index]!, 5);
  });

  it("grpo-batch-std divides by the batch deviation", () => {
    // Batch [1, 0, 1, 1]: Bessel variance 0.75/3 = 0.25, std 0.5. Group means 0.5 and 1.
    const advantages = computeAdvantages([1, 0, 1, 1], ["a", "a", "b", "b"], { estimator: "grpo-batch-std" });
    for (const [index, expected] of [1, -1, 0, 0].entries())
      expect(advantages[index]).toBeCloseTo(expected, 5);
  });

  it("uses the population std when asked", () => {
    const advantages = computeAdvantages([1, 0], [0, 0], { unbiasedStd: false });
    expect(advantages[0]).toBeCloseTo(1, 5);
    expect(advantages[1]).toBeCloseTo(-1, 5);
  });

  it.each(["grpo", "grpo-batch-std", "dr-grpo", "rloo"] as const)(
    "all-equal group gives zeros: %s",
    (estimator) => {
      expect(computeAdvantages([0.7, 0.7, 0.7], [1, 1, 1], { estimator })).toEqual([0, 0, 0]);
    },
  );

  it.each([
    ["grpo", "reward", 1 / (1 + 1e-6)],
    ["dr-grpo", "reward", 1],
    ["rloo", "reward", 1],
    ["grpo", "zero", 0],
    ["rloo", "zero", 0],
  ] as const)("group of one: %s with singleton=%s", (estimator, singleton, expected) => {
    expect(computeAdvantages([1], ["only"], { estimator, singleton })).toEqual([expected]);
  });

  it("keeps groups apart and batch order intact", () => {
    const advantages = computeAdvantages([1, 5, 0, 5], ["a", "b", "a", "b"], { estimator: "dr-grpo" });
    expect(advantages).toEqual([0.5, 0, -0.5, 0]);
  });

  it("returns nothing for an empty batch", () => {
    expect(computeAdvantages([], [])).toEqual([]);
  });

  it("rejects group ids of another length", () => {
    expect(() => computeAdvantages([1, 0], ["a"])).toThrow(RangeError);
  });
});

describe("dynamicSamplingInfo", () => {
  it("drops all-correct, all-wrong and single groups", () => {
    const info = dynamicSamplingInfo(
      [1, 0, 1, 1, 0, 0, 1],
      ["a", "a", "b", "b", "c", "c", "d"],
      [true, false, true, true, false, false, true],
    );
    expect(info.groups.map((group) => [group.id, group.status, group.correctCount])).toEqual([
      ["a", "kept", 1],
      ["b", "all-correct", 2],
      ["c", "all-wrong", 0],
      ["d", "single", 1],
    ]);
    expect(info.keptIndices).toEqual([0, 1]);
    expect(info.droppedIndices).toEqual([2, 3, 4, 5, 6]);
  });

  it("falls back to equal rewards without correctness", () => {
    const info = dynamicSamplingInfo([0.5, 0.5, 1, 0], ["a", "a", "b", "b"]);
    expect(info.groups.map((group) => group.status)).toEqual(["all-equal", "kept"]);
    expect(info.groups[1]!.meanReward).toBe(0.5);
    expect(info.groups[1]!.stdReward).toBeCloseTo(Math.SQRT1_2, 12);
  });
});
