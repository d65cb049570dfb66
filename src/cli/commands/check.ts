import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { CommandModule } from "yargs";
import { isConfigurationError, VerifierSet } from "../../eval/verifier-set.js";
import { parseJsonOption } from "../json-option.js";
import { UserError } from "../user-error.js";

interface CheckArgs {
  text?: string | undefined;
  file?: string | undefined;
  reference?: string | undefined;
  referenceFile?: string | undefined;
  verifier: string;
  options?: string | undefined;
  json: boolean;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: "check [text]",
  describe: "Verify one completion against a reference and print the verdict",
  builder: (yargs) =>
    yargs
      .positional("text", { type: "string", describe: "The completion (or use --file)" })
      .option("file", {
        alias: "f",
        type: "string",
        describe: "Read the completion from this file ('-' for stdin)",
      })
      .option("reference", { alias: "r", type: "string", describe: "The reference answer" })
      .option("reference-file", {
        type: "string",
        describe: "JSON file holding the reference (code tests, say)",
      })
      .option("verifier", { type: "string", default: "math", describe: "Verifier name" })
      .option("options", { type: "string", describe: "Verifier options as a JSON object" })
      .option("json", { type: "boolean", default: false, describe: "Print the verdict as JSON" })
      .example(
        "$0 check --reference '\\frac{1}{2}' 'so the answer is \\boxed{0.5}'",
        "Check one math answer",
      ),
  handler: async (args) => {
    const completion = await readCompletion(args);
    const reference = await readReference(args);
    const verifiers = new VerifierSet();
    try {
      const { verdict, ms } = await verifiers.verify(
        args.verifier,
        completion,
        reference,
        parseJsonOption(args.options, "--options"),
      );
      if (args.json) {
        console.log(JSON.stringify({ ...verdict, ms: Math.round(ms * 1000) / 1000 }));
        return;
      }
      console.log(`${verdict.correct ? "correct" : "wrong"} (${verdict.reason})`);
      console.log(`  extracted: ${verdict.extracted ?? "(none)"}`);
      console.log(`  expected:  ${verdict.expected ?? JSON.stringify(reference)}`);
      console.log(`  score:     ${verdict.score}`);
      console.log(`  time:      ${ms.toFixed(2)} ms`);
      if (verdict.details !== undefined) {
        const details = JSON.stringify(verdict.details, null, 2);
        const shown =
          details.length > 2000
            ? `${details.slice(0, 2000)}\n  ... (${details.length} characters; --json prints all)`
            : details;
        console.log(`  details:   ${shown.replace(/\n/g, "\n  ")}`);
      }
    } catch (error) {
      if (isConfigurationError(error)) throw new UserError(error.message);
      throw error;
    } finally {
      await verifiers.close();
    }
  },
};

async function readCompletion(args: CheckArgs): Promise<string> {
  if (args.text !== undefined && args.file !== undefined) {
    throw new UserError("Give the completion either as text or with --file, not both.");
  }
  if (args.text !== undefined) return args.text;
  if (args.file === undefined)
    throw new UserError("Missing completion: pass it as text or with --file FILE.");
  try {
    return args.file === "-" ? readFileSync(0, "utf8") : await readFile(args.file, "utf8");
  } catch (error) {
    throw new UserError(`Cannot read completion file ${args.file}: ${(error as Error).message}`);
  }
}

async function readReference(args: CheckArgs): Promise<unknown> {
  if (args.reference !== undefined && args.referenceFile !== undefined) {
    throw new UserError("Give either --reference or --reference-file, not both.");
  }
  if (args.reference !== undefined) return args.reference;
  if (args.referenceFile === undefined)
    throw new UserError("Missing reference: pass --reference or --reference-file.");
  try {
    return JSON.parse(await readFile(args.referenceFile, "utf8"));
  } catch (error) {
    throw new UserError(
      `Cannot read reference file ${args.referenceFile} as JSON: ${(error as Error).message}`,
    );
  }
}
