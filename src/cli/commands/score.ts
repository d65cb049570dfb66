import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CommandModule } from "yargs";
import { UnknownVerifierError } from "../../../verifiers/registry.js";
import { InvalidOptionsError } from "../../../verifiers/verifier.js";
import { PredictionsError, readPredictions } from "../../eval/read-predictions.js";
import { type Results, scorePredictions } from "../../eval/score.js";
import { loadSuite, SuiteError } from "../../suites/load-suite.js";
import { DataFileError } from "../../suites/read-rows.js";
import { positiveInteger } from "../coerce.js";
import { formatTable } from "../format-table.js";
import { parseJsonOption } from "../json-option.js";
import { UserError } from "../user-error.js";

interface ScoreArgs {
  suite: string;
  predictions: string;
  out?: string | undefined;
  options?: string | undefined;
  concurrency?: number | undefined;
}

export const scoreCommand: CommandModule<object, ScoreArgs> = {
  command: "score",
  describe: "Score a predictions file against a suite; write results.json and samples.jsonl",
  builder: (yargs) =>
    yargs
      .option("suite", {
        alias: "s",
        type: "string",
        demandOption: true,
        describe: "Built-in suite name or path of a suite.json",
      })
      .option("predictions", {
        alias: "p",
        type: "string",
        demandOption: true,
        describe: "JSONL of {id, completion} or {id, completions: [...]}",
      })
      .option("out", {
        alias: "o",
        type: "string",
        describe: "Output folder (default: reports/<suite>-<time>)",
      })
      .option("options", { type: "string", describe: "Verifier options as JSON, merged over the suite's" })
      .option("concurrency", {
        type: "number",
        coerce: positiveInteger("--concurrency"),
        describe: "Samples verified at the same time (default: CPU count)",
      })
      .example("$0 score --suite gsm8k --predictions preds.jsonl --out reports/gsm8k", "Score GSM8K outputs"),
  handler: async (args) => {
    if (!existsSync(args.predictions)) throw new UserError(`Predictions file not found: ${args.predictions}`);
    const verifierOptions = parseJsonOption(args.options, "--options");

    try {
      const suite = await loadSuite(args.suite);
      const predictions = await readPredictions(args.predictions);
      const outDir = resolve(args.out ?? defaultOutDir(suite.definition.name));
      const results = await scorePredictions({
        suite,
        predictions,
        outDir,
        run: { predictions: resolve(args.predictions) },
        ...(verifierOptions === undefined ? {} : { verifierOptions }),
        ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      });
      console.log(formatSummary(results));
      console.log(`\nwrote ${outDir}/results.json and ${outDir}/samples.jsonl`);
    } catch (error) {
      if (
        error instanceof SuiteError ||
        error instanceof PredictionsError ||
        error instanceof DataFileError ||
        error instanceof InvalidOptionsError ||
        error instanceof UnknownVerifierError
      ) {
        throw new UserError(error.message);
      }
      throw error;
    }
  },
};

export function defaultOutDir(suiteName: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return `reports/${suiteName}-${stamp}`;
}

/** Renders the metrics of a results file as a table with standard errors, plus the verdict reasons. */
export function formatSummary(results: Results): string {
  const { summary } = results;
  const rows = Object.entries(summary.metrics).map(([name, metric]) => [
    name,
    (metric.value * 100).toFixed(2),
    `± ${(metric.stderr * 100).toFixed(2)}`,
  ]);
  const reasons = Object.entries(summary.reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  const header =
    `${results.suite.name} v${results.suite.version} · verifier ${results.verifier.name} ` +
    `v${results.verifier.version} · ${plural(summary.problems, "problem")}, ${plural(summary.samples, "sample")}` +
    (results.unanswered > 0 ? ` · ${results.unanswered} problems without predictions (left out)` : "");
  const { min, max } = summary.samplesPerProblem;
  const uneven =
    min === max
      ? []
      : [
          `note: problems have ${min} to ${max} samples; avg@${min} is the mean of each problem's own c/n, ` +
            `and pass@k and maj@k stop at k = ${min}.`,
        ];
  return [
    header,
    ...uneven,
    "",
    formatTable(["metric", "%", "stderr"], rows),
    "",
    `reasons: ${reasons}`,
    `verified ${Math.round(results.timing.samplesPerSecond)} samples/s`,
  ].join("\n");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
