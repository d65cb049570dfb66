import { describe, expect, it } from "vitest";
import { advantages, rewards } from "../../src/index.js";

describe("library surface", () => {
  it("exposes the reward functions under rewards", () => {
    const spec = rewards.parseRewardSpec({ format: {} });
    const [result] = rewards.computeRewards([{ completion: "<think>\nr\n</think>\n4" }], spec);
    expect(result).toEqual({ reward: 1, components: { format: 1 } });
  });

  it("exposes the estimators under advantages", () => {
    expect(advantages.computeAdvantages([1, 0], ["g", "g"], { estimator: "dr-grpo" })).toEqual([0.5, -0.5]);
    expect(advantages.ADVANTAGE_ESTIMATORS).toEqual(["grpo", "grpo-batch-std", "dr-grpo", "rloo"]);
  });
});
