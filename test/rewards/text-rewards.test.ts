import { describe, expect, it } from "vitest";
import { FORMAT_DEFAULTS, formatReward } from "../../src/rewards/format.js";
import { languageConsistencyReward, promptLanguage } from "../../src/rewards/language-consistency.js";
import { reasoningStepsReward } from "../../src/rewards/reasoning-steps.js";
import { repetitionReward } from "../../src/rewards/repetition.js";
import { tagCountReward } from "../../src/rewards/tag-count.js";

describe("formatReward", () => {
  it.each([
    ["think then answer", "<think>\nadd them\n</think>\nThe answer is 4.", 1, 1],
    ["trailing newline after answer", "<think>\nadd them\n</think>\n4\n", 1, 1],
    ["empty text", "", 0, 0],
    ["no think block", "The answer is 4.", 0, 0],
    ["blank reasoning", "<think>\n\n</think>\n4", 0, 0],
    ["nothing after think block", "<think>\nadd them\n</think>\n", 0, 0],
    ["think block never closed", "<think>\nadd them and 4", 0, 0],
    ["tags on one line", "<think>add them</think> 4", 0, 1],
    ["text before think block", "Sure. <think>\nadd them\n</think>\n4", 0, 0],
    ["two think blocks", "<think>\na\n</think>\n<think>\nb\n</think>\n4", 0, 0],
    ["close tag before open tag", "</think>\na\n<think>\n4", 0, 0],
  ])("%s", (_case, completion, strict, soft) => {
    expect(formatReward({ completion }, { ...FORMAT_DEFAULTS, mode: "strict" })).toBe(strict);
    expect(formatReward({ completion }, { ...FORMAT_DEFAULTS, mode: "soft" })).toBe(soft);
  });

  it.each([
    ["answer tags in layout", "<think>\nadd\n</think>\n<answer>\n4\n</answer>", 1, 1],
    ["answer tags missing", "<think>\nadd\n</think>\n4", 0, 0],
    ["empty answer tags", "<think>\nadd\n</think>\n<answer>\n\n</answer>", 0, 0],
    ["answer tags on one line", "<think>add</think><answer>4</answer>", 0, 1],
    ["text after closing answer tag", "<think>\nadd\n</think>\n<answer>\n4\n</answer>\nmore", 0, 0],
  ])("answer tags: %s", (_case, completion, strict, soft) => {
    expect(formatReward({ completion }, { ...FORMAT_DEFAULTS, answerTags: true, mode: "strict" })).toBe(
      strict,
    );
    expect(formatReward({ completion }, { ...FORMAT_DEFAULTS, answerTags: true, mode: "soft" })).toBe(soft);
  });

  it("accepts a think block that the prompt opened", () => {
    const options = { ...FORMAT_DEFAULTS, thinkOpenedInPrompt: true };
    expect(formatReward({ completion: "add them\n</think>\n4" }, options)).toBe(1);
    expect(formatReward({ completion: "<think>\nadd them\n</think>\n4" }, options)).toBe(0);
  });
});

describe("tagCountReward", () => {
  it.each([
    ["both tags once", "<think>\nr\n</think>\nA", false, 1],
    ["only the open tag", "<think> r", false, 0.5],
    ["empty text", "", false, 0],
    ["repeated open tag", "<think><think>r</think>A", false, 0.5],
    ["all four tags", "<think>r</think><answer>A</answer>", true, 1],
    ["think tags without answer tags", "<think>r</think>A", true, 0.5],
    ["answer tags without think tags", "<answer>A</answer>", true, 0.5],
  ])("%s", (_case, completion, answerTags, expected) => {
    expect(tagCountReward({ completion }, { answerTags, thinkOpenedInPrompt: false })).toBe(expected);
  });
});

describe("reasoningStepsReward", () => {
  it.each([
    ["three labelled steps", "Step 1: a\nStep 2: b\nStep 3: c", 1],
    ["two ordinal words", "First, add. Next, divide.", 2 / 3],
    ["numbered lines beyond the target", "1. a\n2. b\n3. c\n4. d", 1],
    ["one bullet after the first line", "- a\n- b", 1 / 3],
    ["empty text", "", 0],
    ["prose without markers", "The sum is 4.", 0],
  ])("%s", (_case, completion, expected) => {
    expect(reasoningStepsReward({ completion }, { targetSteps: 3 })).toBeCloseTo(expected, 12);
  });
});

describe("repetitionReward", () => {
  it.each([
    // Trigrams abc, bca, cab, abc: 3 distinct of 4 → (1 − 3/4)·(−1).
    ["repeated trigram", "a b c a b c", 3, -1, -0.25],
    ["punctuation and case ignored", "A, b. c! a b c", 3, -1, -0.25],
    ["all trigrams distinct", "the cat sat on the mat", 3, -1, 0],
    ["empty text", "", 3, -1, 0],
    ["fewer words than n", "one two", 3, -1, 0],
    // Unigrams a a a a: 1 distinct of 4 → (1 − 1/4)·(−0.5).
    ["unigrams with smaller penalty", "a a a a", 1, -0.5, -0.375],
    // 我们/计算/面积 three times: 7 trigrams, 3 distinct → (1 − 3/7)·(−1).
    ["Chinese segmented into words", "我们计算面积。我们计算面积。我们计算面积。", 3, -1, -4 / 7],
  ])("%s", (_case, completion, ngramSize, maxPenalty, expected) => {
    expect(repetitionReward({ completion }, { ngramSize, maxPenalty })).toBeCloseTo(expected, 12);
  });
});

describe("languageConsistencyReward", () => {
  const english = { target: "en", thinkOpenedInPrompt: false } as const;
  const chinese = { target: "zh", thinkOpenedInPrompt: false } as const;
  const auto = { target: "auto", thinkOpenedInPrompt: false } as const;

  it.each([
    ["English chain of thought", "<think>we add the numbers</think>4", english, 1],
    ["Chinese chain of thought", "<think>首先我们计算三角形的面积</think>4", chinese, 1],
    // 我们/先/然后/除以/二 are Chinese, compute/the/sum English: 5 of 8 words.
    ["mixed, target Chinese", "<think>我们先 compute the sum 然后除以二</think>4", chinese, 5 / 8],
    ["mixed, target English", "<think>我们先 compute the sum 然后除以二</think>4", english, 3 / 8],
    ["only the think block counts", "<think>we add</think>答案是四", english, 1],
    ["no think block: whole completion", "we add 然后", english, 2 / 3],
    ["math variables are not English", "<think>设 x = 3，那么 \\frac{x}{2} 等于 1.5</think>", chinese, 1],
    ["empty text", "", english, 0],
    ["only math, no words", "<think>x = 3 + 4</think>7", english, 0],
  ])("%s", (_case, completion, options, expected) => {
    expect(languageConsistencyReward({ completion }, options)).toBeCloseTo(expected, 12);
  });

  it("takes the target from a Chinese prompt in auto mode", () => {
    const sample = {
      prompt: "求 $\\frac{1}{2}+x$ 的值",
      completion: "<think>我们先 compute the sum 然后除以二</think>",
    };
    expect(languageConsistencyReward(sample, auto)).toBeCloseTo(5 / 8, 12);
  });

  it.each([
    ["Chinese prompt with LaTeX", "求 $\\frac{1}{2}+x$ 的值", "zh"],
    ["English prompt", "Find the value of x.", "en"],
    ["empty prompt", "", "en"],
  ])("promptLanguage: %s", (_case, prompt, expected) => {
    expect(promptLanguage(prompt)).toBe(expected);
  });
});
