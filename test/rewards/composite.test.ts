import { describe, expect, it } from "vitest";
import { computeRewards } from "../../src/rewards/composite.js";
import { InvalidRewardSpecError, parseRewardSpec } from "../../src/rewards/reward-spec.js";
import type { Verdict } from "../../verifiers/verifier.js";

const right: Verdict = { correct: true, score: 1, reason: "match" };
const wrong: Verdict = { correct: false, score: 0, reason: "mismatch" };

describe("computeRewards", () => {
  it("sums weighted components and reports each", () => {
    const spec = parseRewardSpec({ accuracy: {}, format: { weight: 0.5 } });
    const [result] = computeRewards([{ completion: "<think>\nadd\n</think>\n4", verdict: right }], spec);
    expect(result).toEqual({ reward: 1.5, components: { accuracy: 1, format: 1 } });
  });

  it("uses the verdict alone by default", () => {
    const [result] = computeRewards([{ completion: "4", verdict: wrong }], parseRewardSpec());
    expect(result).toEqual({ reward: 0, components: { accuracy: 0 } });
  });

  it("groups samples by prompt for the Kimi length reward", () => {
    const spec = parseRewardSpec({ kimiLength: { weight: 2 } });
    const samples = [
      { prompt: "p", completion: "aa", verdict: right },
      { prompt: "q", completion: "a", verdict: right },
      { prompt: "p", completion: "aaaa", verdict: right },
    ];
    const results = computeRewards(samples, spec);
    expect(results.map((result) => result.components.kimiLength)).toEqual([0.5, 0, -0.5]);
    expect(results.map((result) => result.reward)).toEqual([1, 0, -1]);
  });

  it("rejects group ids of another length", () => {
    expect(() => computeRewards([{ completion: "", verdict: right }], parseRewardSpec(), [])).toThrow(
      RangeError,
    );
  });
});

describe("parseRewardSpec", () => {
  it("fills in defaults", () => {
    expect(parseRewardSpec({ overlong: {} }).overlong).toEqual({
      weight: 1,
      maxLength: 20480,
      cacheLength: 4096,
    });
  });

  it.each([
    ["unknown component", { lenght: {} }, "reward"],
    ["weight not a number", { format: { weight: "1" } }, "reward.format.weight"],
    [
      "cache longer than limit",
      { overlong: { maxLength: 10, cacheLength: 20 } },
      "reward.overlong.cacheLength",
    ],
    ["positive repetition penalty", { repetition: { maxPenalty: 1 } }, "reward.repetition.maxPenalty"],
    ["unknown format mode", { format: { mode: "loose" } }, "reward.format.mode"],
  ])("names the field: %s", (_case, raw, field) => {
    expect(() => parseRewardSpec(raw)).toThrow(InvalidRewardSpecError);
    try {
      parseRewardSpec(raw);
    } catch (error) {
      expect((error as InvalidRewardSpecError).field).toBe(field);
    }
  });
});
