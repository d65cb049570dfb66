import { type ZodError, z } from "zod";

/** A request field failed validation; answered with status 400 naming `field`. */
export class RequestFieldError extends Error {
  override name = "RequestFieldError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const rewardItem = z.strictObject({
  prompt: z.string().default(""),
  completion: z.string(),
  reference: z.unknown().refine((value) => value !== undefined, "is required"),
  verifier: z.string().min(1).optional(),
  suite: z.string().min(1).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  completion_tokens: z.number().int().nonnegative().optional(),
  group: z.union([z.string(), z.number()]).optional(),
});

/** One item of `POST /v1/rewards`. */
export type RewardItemBody = z.output<typeof rewardItem>;

/** Builds the schema of a `POST /v1/rewards` body allowing at most `maxItems` items. */
export function rewardsBodySchema(maxItems: number) {
  return z.strictObject({
    items: z.array(rewardItem).max(maxItems, `at most ${maxItems} items per request`),
    reward: z.unknown().optional(),
  });
}

/** Builds the schema of a `POST /get_reward` body (OpenRLHF); unknown fields are ignored. */
export function openRlhfBodySchema(maxItems: number) {
  return z
    .object({
      query: z.array(z.string()).max(maxItems, `at most ${maxItems} items per request`),
      prompts: z.array(z.string()),
      labels: z.array(z.unknown()),
    })
    .superRefine((body, context) => {
      for (const field of ["prompts", "labels"] as const) {
        if (body[field].length !== body.query.length) {
          context.addIssue({
            code: "custom",
            path: [field],
            message: `has ${body[field].length} entries but query has ${body.query.length}`,
          });
        }
      }
    });
}

/** Validates `body` with `schema`, or throws `RequestFieldError` for the first problem found. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw fieldErrorFrom(parsed.error);
}

function fieldErrorFrom(error: ZodError): RequestFieldError {
  const issue = error.issues[0]!;
  let path = issue.path.map((key) => (typeof key === "number" ? [key] : key) as string | [number]);
  let message = issue.message;

  if (issue.code === "unrecognized_keys") {
    path = [...path, issue.keys[0]!];
    message = "is not a known field";
  }
  return new RequestFieldError(formatPath(path), message);
}

/** Formats a path as `items[3].completion`; the empty path is the whole `body`. */
function formatPath(path: readonly (string | [number])[]): string {
  let text = "body";
  for (const key of path) text += Array.isArray(key) ? `[${key[0]}]` : `.${key}`;
  return text.startsWith("body.") ? text.slice(5) : text;
}
