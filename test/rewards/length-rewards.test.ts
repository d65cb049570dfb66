import { describe, expect, it } from "vitest";
import { ACCURACY_DEFAULTS, accuracyReward } from "../../src/rewards/accuracy.js";
import { COSINE_LENGTH_DEFAULTS, cosineLengthReward } from "../../src/rewards/cosine-length.js";
import { kimiLengthRewards } from "../../src/rewards/kimi-length.js";
import { OVERLONG_DEFAULTS, overlongReward } from "../../src/rewards/overlong.js";
import { MissingSampleFieldError, type RewardSample } from "../../src/rewards/types.js";
import type { Verdict } from "../../verifiers/verifier.js";

const right: Verdict = { correct: true, score: 1, reason: "match" };
const wrong: Verdict = { correct: false, score: 0, reason: "mismatch" };

function sample(tokens: number, verdict: Verdict = right): RewardSample {
  return { completion: "x", completionTokens: tokens, verdict };
}

describe("accuracyReward", () => {
  const custom = { correct: 1, wrong: -1, unparsable: -0.75, timeout: -0.5, partialCredit: false };

  it.each<[string, Verdict, number, number]>([
    ["correct", right, 1, 1],
    ["mismatch", wrong, 0, -1],
    ["no answer", { correct: false, score: 0, reason: "no-answer" }, 0, -0.75],
    ["timeout", { correct: false, score: 0, reason: "timeout" }, 0, -0.5],
    ["partial score without partial credit", { correct: false, score: 0.5, reason: "wrong-answer" }, 0, -1],
  ])("%s", (_case, verdict, withDefaults, withCustom) => {
    expect(accuracyReward({ completion: "", verdict }, ACCURACY_DEFAULTS)).toBe(withDefaults);
    expect(accuracyReward({ completion: "", verdict }, custom)).toBe(withCustom);
  });

  it("interpolates partial credit between wrong and correct", () => {
    const verdict: Verdict = { correct: false, score: 0.25, reason: "wrong-answer" };
    expect(accuracyReward({ completion: "", verdict }, { ...custom, partialCredit: true })).toBe(-0.5);
  });

  it("throws without a verdict", () => {
    expect(() => accuracyReward({ completion: "4" })).toThrow(MissingSampleFieldError);
  });
});

describe("cosineLengthReward", () => {
  // r = r_L + ½(r₀ − r_L)(1 + cos(π·len/1000)) with r₀ᶜ=1, r_Lᶜ=0.5, r₀ʷ=−1, r_Lʷ=−0.5.
  it.each([
    ["correct, empty", 0, right, 1],
    ["correct, half length", 500, right, 0.75],
    ["correct, quarter length", 250, right, 0.5 + 0.25 * (1 + Math.SQRT1_2)],
    ["wrong, empty", 0, wrong, -1],
    ["wrong, half length", 500, wrong, -0.75],
    ["correct at the limit", 1000, right, -1],
    ["wrong past the limit", 5000, wrong, -1],
  ])("%s", (_case, tokens, verdict, expected) => {
    expect(cosineLengthReward(sample(tokens, verdict), COSINE_LENGTH_DEFAULTS)).toBeCloseTo(expected, 12);
  });

  it("counts characters without token counts", () => {
    const completion = "a".repeat(500);
    expect(cosineLengthReward({ completion, verdict: right })).toBeCloseTo(0.75, 12);
  });
});

describe("overlongReward", () => {
  // DAPO defaults: L_max 20480, L_cache 4096, soft limit 16384.
  it.each([
    ["empty", 0, 0],
    ["at the soft limit", 16384, 0],
    ["halfway into the cache", 18432, -0.5],
    ["one token past the soft limit", 16385, -1 / 4096],
    ["at the hard limit", 20480, -1],
    ["past the hard limit", 30000, -1],
  ])("%s", (_case, tokens, expected) => {
    expect(overlongReward(sample(tokens), OVERLONG_DEFAULTS)).toBeCloseTo(expected, 12);
  });

  it("uses characters for a sample without token counts", () => {
    expect(overlongReward({ completion: "a".repeat(8) }, { maxLength: 10, cacheLength: 4 })).toBe(-0.5);
  });
});

describe("kimiLengthRewards", () => {
  // λ = 0.5 − (len − min)/(max − min); correct → λ, wrong → min(0, λ).
  it.each([
    ["short right, long wrong", [100, 200, 300], [right, right, wrong], [0.5, 0, -0.5]],
    ["all wrong", [100, 200, 300], [wrong, wrong, wrong], [0, 0, -0.5]],
    ["long right answer", [100, 300], [wrong, right], [0, -0.5]],
    ["all lengths equal", [50, 50, 50], [right, wrong, right], [0, 0, 0]],
    ["group of one", [70], [right], [0]],
    ["empty group", [], [], []],
  ])("%s", (_case, tokens, verdicts, expected) => {
    const group = tokens.map((count, index) => sample(count, verdicts[index]));
    expect(kimiLengthRewards(group)).toEqual(expected);
  });
});
