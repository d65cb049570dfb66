import { z } from "zod";

/** How a reference answer is taken out of a richer data field. */
export const REFERENCE_TRANSFORMS = ["after-####", "last-boxed"] as const;
export type ReferenceTransform = (typeof REFERENCE_TRANSFORMS)[number];

/** Default sampling settings of a suite. Command-line flags override them. */
export const generationDefaultsSchema = z
  .object({
    temperature: z.number().min(0).optional(),
    topP: z.number().gt(0).max(1).optional(),
    topK: z.number().int().min(0).optional(),
    minP: z.number().min(0).max(1).optional(),
    maxTokens: z.number().int().positive().optional(),
    n: z.number().int().positive().optional(),
    stop: z.array(z.string()).optional(),
  })
  .strict();

/** Schema of a `suite.json` file. Field names are checked strictly so typos fail loudly. */
export const suiteDefinitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "lower-case letters, digits, '.', '_' or '-'"),
    version: z.string().min(1),
    description: z.string().default(""),
    source: z.string().default("unknown"),
    license: z.string().default("unknown"),
    /** Data file relative to the definition: .jsonl, .json or .parquet, optionally .gz. */
    data: z.string().min(1),
    fields: z
      .object({
        /** Field holding the problem id; without it the 0-based row index is the id. */
        id: z.string().optional(),
        prompt: z.string(),
        /** One field, or several fields gathered into an object (code suites). */
        reference: z.union([z.string(), z.array(z.string()).nonempty()]),
        /** Field whose equal values put problems in one cluster for standard errors. */
        group: z.string().optional(),
      })
      .strict(),
    referenceTransform: z.enum(REFERENCE_TRANSFORMS).optional(),
    verifier: z.string().min(1),
    verifierOptions: z.record(z.string(), z.unknown()).default({}),
    /** `{field}` placeholders are replaced with the row's values. */
    promptTemplate: z.string().default("{prompt}"),
    generation: generationDefaultsSchema.default({}),
  })
  .strict();

export type SuiteDefinition = z.infer<typeof suiteDefinitionSchema>;
export type GenerationDefaults = z.infer<typeof generationDefaultsSchema>;

/** One problem of a suite, ready to prompt a model and verify its completions. */
export interface Problem {
  id: string;
  prompt: string;
  reference: unknown;
  /** Cluster key for clustered standard errors; absent when problems are independent. */
  group?: string;
  /** The data row as loaded, for prompt templates and reports. */
  row: Record<string, unknown>;
}

export interface Suite {
  definition: SuiteDefinition;
  /** Absolute path of the folder that contains `suite.json`. */
  dir: string;
  /** Absolute path of the data file. */
  dataPath: string;
  problems: Problem[];
}
