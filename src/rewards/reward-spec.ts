import { z } from "zod";

// Validation of the composite reward's configuration. Every field has the default stated in the
// matching reward's options type; `weight` (default 1) scales the component in the total.

const weight = z.number().finite().default(1);
const finite = z.number().finite();
const positiveLength = z.number().int().positive();

const accuracy = z.strictObject({
  weight,
  correct: finite.default(1),
  wrong: finite.default(0),
  unparsable: finite.default(0),
  timeout: finite.default(0),
  partialCredit: z.boolean().default(false),
});

const format = z.strictObject({
  weight,
  mode: z.enum(["strict", "soft"]).default("strict"),
  answerTags: z.boolean().default(false),
  thinkOpenedInPrompt: z.boolean().default(false),
});

const tagCount = z.strictObject({
  weight,
  answerTags: z.boolean().default(false),
  thinkOpenedInPrompt: z.boolean().default(false),
});

const reasoningSteps = z.strictObject({ weight, targetSteps: positiveLength.default(3) });

const kimiLength = z.strictObject({ weight });

const cosineLength = z.strictObject({
  weight,
  maxLength: positiveLength.default(1000),
  correctAtZero: finite.default(1),
  correctAtMax: finite.default(0.5),
  wrongAtZero: finite.default(-1),
  wrongAtMax: finite.default(-0.5),
  exceedReward: finite.default(-1),
});

const repetition = z.strictObject({
  weight,
  ngramSize: positiveLength.default(3),
  maxPenalty: z.number().finite().max(0).default(-1),
});

const overlong = z
  .strictObject({
    weight,
    maxLength: positiveLength.default(20480),
    cacheLength: positiveLength.default(4096),
  })
  .refine((value) => value.cacheLength <= value.maxLength, {
    message: "cacheLength must not exceed maxLength",
    path: ["cacheLength"],
  });

const languageConsistency = z.strictObject({
  weight,
  target: z.enum(["auto", "en", "zh"]).default("auto"),
  thinkOpenedInPrompt: z.boolean().default(false),
});

/** Schema of the composite reward: each key present turns that component on. */
export const rewardSpecSchema = z.strictObject({
  accuracy: accuracy.optional(),
  format: format.optional(),
  tagCount: tagCount.optional(),
  reasoningSteps: reasoningSteps.optional(),
  kimiLength: kimiLength.optional(),
  cosineLength: cosineLength.optional(),
  repetition: repetition.optional(),
  overlong: overlong.optional(),
  languageConsistency: languageConsistency.optional(),
});

/** A validated composite reward configuration with every default filled in. */
export type RewardSpec = z.output<typeof rewardSpecSchema>;
/** A composite reward configuration as a user writes it: any field may be left out. */
export type RewardSpecInput = z.input<typeof rewardSpecSchema>;
export type RewardComponentName = keyof RewardSpec;

/** The names of every reward component, in the order they are reported. */
export const REWARD_COMPONENT_NAMES = Object.keys(rewardSpecSchema.shape) as RewardComponentName[];

/** The configuration used when none is given: the verifier's verdict alone (1 right, 0 otherwise). */
export const DEFAULT_REWARD_SPEC_INPUT: RewardSpecInput = { accuracy: {} };

/** A composite reward configuration did not validate; `field` is the dotted path of the bad value. */
export class InvalidRewardSpecError extends Error {
  override name = "InvalidRewardSpecError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Validates a composite reward configuration and fills in defaults; throws `InvalidRewardSpecError`. */
export function parseRewardSpec(raw: unknown = DEFAULT_REWARD_SPEC_INPUT): RewardSpec {
  const parsed = rewardSpecSchema.safeParse(raw);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0]!;
  const field = issue.path.length === 0 ? "reward" : `reward.${issue.path.map(String).join(".")}`;
  throw new InvalidRewardSpecError(field, issue.message);
}
