/** Options of the code verifier, with defaults and units. */
import { z } from "zod";
import { InvalidOptionsError } from "../verifier.js";
import { COMPARATORS } from "./compare.js";

export const SANDBOX_BACKENDS = ["bubblewrap", "sandbox-fusion", "piston", "UNSAFE-no-sandbox"] as const;
export const HARNESSES = ["auto", "humaneval", "asserts", "stdio", "function-call"] as const;

const optionsSchema = z
  .object({
    /** Backend that runs programs; "UNSAFE-no-sandbox" runs them as the current user, unisolated. Default: "bubblewrap". */
    sandbox: z.enum(SANDBOX_BACKENDS).default("bubblewrap"),
    /** Base URLs of the remote sandbox services, for sandbox-fusion and piston. Default: none. */
    endpoints: z.array(z.string().url()).default([]),
    /** Requests in flight per remote endpoint. Default: 8. */
    endpointConcurrency: z.number().int().positive().default(8),
    /** Retries of a request after a transport or sandbox error (never after a failed program). Default: 2. */
    retries: z.number().int().min(0).max(10).default(2),
    /**
     * Local sandboxes running at once. Default: 0, meaning four per CPU core, because a run spends
     * most of its time waiting for namespace set-up in the kernel rather than using a core.
     */
    concurrency: z.number().int().min(0).default(0),
    /** Language of the program when the reference does not name one. Default: "python". */
    language: z.enum(["python", "javascript", "typescript"]).default("python"),
    /** Test harness; "auto" picks it from the shape of the reference. Default: "auto". */
    harness: z.enum(HARNESSES).default("auto"),
    /** Wall-clock limit per program run, in milliseconds. Default: 10000. */
    timeoutMs: z.number().int().positive().max(600_000).default(10_000),
    /** CPU time limit per program run, in milliseconds. Default: 10000. */
    cpuTimeMs: z.number().int().positive().max(600_000).default(10_000),
    /** Memory limit per program run, in MiB. Default: 1024. */
    memoryMb: z.number().int().min(32).max(65_536).default(1024),
    /** Limit on stdout plus stderr per run, in bytes. Default: 1048576 (1 MiB). */
    outputLimitBytes: z
      .number()
      .int()
      .positive()
      .default(1 << 20),
    /** Output comparator for stdin/stdout tests when the reference does not name one. Default: "whitespace". */
    comparator: z.enum(COMPARATORS).default("whitespace"),
    /** Relative tolerance for numbers (numeric comparator, floats returned by function calls). Default: 1e-6. */
    relativeTolerance: z.number().min(0).default(1e-6),
    /** Absolute tolerance for the numeric comparator. Default: 1e-9. */
    absoluteTolerance: z.number().min(0).default(1e-9),
    /** Command that finds the Python interpreter. Default: "python3". */
    pythonCommand: z.string().min(1).default("python3"),
  })
  .strict();

export type CodeOptions = z.infer<typeof optionsSchema>;

export const DEFAULT_CODE_OPTIONS: CodeOptions = optionsSchema.parse({});

export function parseCodeOptions(raw: unknown): CodeOptions {
  const parsed = optionsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "options"}: ${issue.message}`,
    );
    throw new InvalidOptionsError(`Invalid code verifier options: ${problems.join("; ")}.`);
  }
  if (
    (parsed.data.sandbox === "sandbox-fusion" || parsed.data.sandbox === "piston") &&
    parsed.data.endpoints.length === 0
  ) {
    throw new InvalidOptionsError(
      `The ${parsed.data.sandbox} sandbox needs at least one URL in "endpoints".`,
    );
  }
  return parsed.data;
}
