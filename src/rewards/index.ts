// Public surface of the reward functions: `import { rewards } from "verdict"`.
export { ACCURACY_DEFAULTS, type AccuracyOptions, accuracyReward, rewardForVerdict } from "./accuracy.js";
export {
  computeRewards,
  groupComponents,
  type RewardBreakdown,
  type RewardComponents,
  sampleComponents,
  weightedTotal,
} from "./composite.js";
export { COSINE_LENGTH_DEFAULTS, type CosineLengthOptions, cosineLengthReward } from "./cosine-length.js";
export { FORMAT_DEFAULTS, type FormatOptions, formatReward } from "./format.js";
export { kimiLengthRewards } from "./kimi-length.js";
export {
  LANGUAGE_CONSISTENCY_DEFAULTS,
  type LanguageConsistencyOptions,
  languageConsistencyReward,
  promptLanguage,
} from "./language-consistency.js";
export { OVERLONG_DEFAULTS, type OverlongOptions, overlongReward } from "./overlong.js";
export {
  REASONING_STEPS_DEFAULTS,
  type ReasoningStepsOptions,
  reasoningStepsReward,
} from "./reasoning-steps.js";
export { REPETITION_DEFAULTS, type RepetitionOptions, repetitionReward } from "./repetition.js";
export {
  DEFAULT_REWARD_SPEC_INPUT,
  InvalidRewardSpecError,
  parseRewardSpec,
  REWARD_COMPONENT_NAMES,
  type RewardComponentName,
  type RewardSpec,
  type RewardSpecInput,
  rewardSpecSchema,
} from "./reward-spec.js";
export { TAG_COUNT_DEFAULTS, type TagCountOptions, tagCountReward } from "./tag-count.js";
export { extractThinking, type ThinkOptions } from "./think-block.js";
export { MissingSampleFieldError, type RewardSample } from "./types.js";
export { classifyWords, segmentWords } from "./words.js";
