import { existsSync } from "node:fs";
import type { CommandModule } from "yargs";
import { VerifierSet } from "../../eval/verifier-set.js";
import { InvalidRowError, verifyRows } from "../../eval/verify-rows.js";
import { DataFileError } from "../../suites/read-rows.js";
import { positiveInteger } from "../coerce.js";
import { parseJsonOption } from "../json-option.js";
import { UserError } from "../user-error.js";

interface VerifyArgs {
  input: string;
  output?: string | undefined;
  verifier: string;
  options?: string | undefined;
  concurrency?: number | undefined;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: "verify",
  describe: "Verify a JSONL file of {id, completion, reference} rows; write one verdict row per input row",
  builder: (yargs) =>
    yargs
      .option("input", {
        alias: "i",
        type: "string",
        demandOption: true,
        describe: "JSONL input file (may be .gz)",
      })
      .option("output", {
        alias: "o",
        type: "string",
        describe: "JSONL output file (default: standard output)",
      })
      .option("verifier", {
        type: "string",
        default: "math",
        describe: "Verifier for rows without a `verifier` field",
      })
      .option("options", { type: "string", describe: "JSON options for rows without an `options` field" })
      .option("concurrency", {
        type: "number",
        default: 8,
        coerce: positiveInteger("--concurrency"),
        describe: "Rows verified at the same time",
      })
      .example("$0 verify --input pairs.jsonl --output verdicts.jsonl", "Check math answers")
      .example("$0 verify -i programs.jsonl --verifier code", "Run programs against their tests"),
  handler: async (args) => {
    if (!existsSync(args.input)) throw new UserError(`Input file not found: ${args.input}`);
    const verifiers = new VerifierSet();
    try {
      const summary = await verifyRows({
        input: args.input,
        output: args.output ?? process.stdout,
        defaultVerifier: args.verifier,
        defaultOptions: parseJsonOption(args.options, "--options"),
        verifiers,
        concurrency: args.concurrency ?? 8,
      });
      const rate = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : 0;
      const reasons = Object.entries(summary.reasons)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(", ");
      console.error(
        `verified ${summary.rows} rows in ${summary.seconds.toFixed(2)} s (${rate} rows/s): ` +
          `${summary.correct} correct; ${reasons || "no rows"}`,
      );
    } catch (error) {
      if (error instanceof InvalidRowError || error instanceof DataFileError) {
        const written = args.output ? ` Rows before it were written to ${args.output}.` : "";
        throw new UserError(`${error.message}${written}`);
      }
      throw error;
    } finally {
      await verifiers.close();
    }
  },
};
