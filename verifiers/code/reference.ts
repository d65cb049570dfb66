/**
 * The reference shapes the code verifier accepts. The harness is chosen by the shape unless the
 * `harness` option or the reference's own `harness` field names one.
 * - HumanEval: `{prompt, test, entry_point}`; the program is the prompt plus the completion.
 * - Assert list (MBPP): `{asserts: string[], setup?: string}` (also `test_list`, `test_setup_code`).
 * - stdin/stdout: `{cases: [{input, output}], comparator?}`.
 * - Function call: `{entry_point, calls: [{args: [...], kwargs?: {...}, expected}]}`.
 * Each may carry `language` ("python", "javascript", "typescript").
 */
import { z } from "zod";
import { InvalidReferenceError } from "../verifier.js";
import { COMPARATORS } from "./compare.js";
import { HARNESSES } from "./options.js";

const identifier = z.string().regex(/^[A-Za-z_$][\w$]*$/, "must be an identifier");
const language = z.enum(["python", "javascript", "typescript"]).optional();
const harness = z.enum(HARNESSES).optional();

const humanEval = z.object({
  prompt: z.string(),
  test: z.string().min(1),
  entry_point: identifier,
  language,
  harness,
});
const asserts = z.object({
  asserts: z.array(z.string().min(1)).min(1),
  setup: z.string().optional(),
  language,
  harness,
});
const stdio = z.object({
  cases: z.array(z.object({ input: z.string(), output: z.string() })).min(1),
  comparator: z.enum(COMPARATORS).optional(),
  language,
  harness,
});
const functionCall = z.object({
  entry_point: identifier,
  calls: z
    .array(
      z.object({
        args: z.array(z.unknown()),
        kwargs: z.record(z.string(), z.unknown()).optional(),
        expected: z.unknown(),
      }),
    )
    .min(1),
  language,
  harness,
});

export type CodeReference =
  | ({ kind: "humaneval" } & z.infer<typeof humanEval>)
  | ({ kind: "asserts" } & z.infer<typeof asserts>)
  | ({ kind: "stdio" } & z.infer<typeof stdio>)
  | ({ kind: "function-call" } & z.infer<typeof functionCall>);

const SCHEMAS = { humaneval: humanEval, asserts, stdio, "function-call": functionCall } as const;

function guessKind(value: Record<string, unknown>): keyof typeof SCHEMAS | undefined {
  if ("test" in value && "entry_point" in value) return "humaneval";
  if ("asserts" in value) return "asserts";
  if ("cases" in value) return "stdio";
  if ("calls" in value) return "function-call";
  return undefined;
}

/** Validates a reference; a JSON string is parsed first. Throws `InvalidReferenceError` naming the problem. */
export function parseCodeReference(
  raw: unknown,
  forcedHarness: (typeof HARNESSES)[number] = "auto",
): CodeReference {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw new InvalidReferenceError(
        "A code reference given as a string must be JSON; see docs/code.md for the shapes.",
      );
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidReferenceError(
      `A code reference must be an object, got ${Array.isArray(value) ? "an array" : typeof value}.`,
    );
  }
  const record = { ...(value as Record<string, unknown>) };
  if ("test_list" in record && !("asserts" in record)) record.asserts = record.test_list;
  if ("test_setup_code" in record && !("setup" in record)) record.setup = record.test_setup_code;
  const named = forcedHarness !== "auto" ? forcedHarness : record.harness;
  const kind = named && named !== "auto" ? (named as keyof typeof SCHEMAS) : guessKind(record);
  if (!kind || !(kind in SCHEMAS)) {
    throw new InvalidReferenceError(
      `Cannot tell the test harness from the reference fields (${Object.keys(record).join(", ")}): expected {prompt, test, entry_point}, {asserts}, {cases} or {entry_point, calls}.`,
    );
  }
  const parsed = SCHEMAS[kind].safeParse(record);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "reference"}: ${issue.message}`,
    );
    throw new InvalidReferenceError(`Invalid ${kind} reference: ${problems.join("; ")}.`);
  }
  return { kind, ...parsed.data } as CodeReference;
}
