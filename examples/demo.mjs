#!/usr/bin/env node
// The README's demo: scores the bundled real model outputs with the real `verdict` command and
// writes a small leaderboard. Run it with `npm run demo` after `npm install`.
//
// 1. GSM8K: 4 GPT-3 variants × 1,319 problems, scored on the gsm8k suite; then `verdict verify` on
//    all 5,276 rows, compared with the outputs' own `is_correct` labels.
// 2. MATH: Qwen2.5-Math, 100 problems × 8 samples, scored with avg@8, pass@k and maj@k.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "reports", "demo");
const inputs = join(out, "inputs");
const verdictBin = join(root, "bin", "verdict.js");
const gsm8kOutputs = join(root, "examples", "outputs", "gsm8k-example-model-solutions.jsonl");
const mathOutputs = join(root, "examples", "outputs", "qwen-math-cot-100.jsonl");
const VARIANTS = ["6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"];
// These GPT-3 solutions end in "A: <number>" rather than a boxed answer.
const GSM8K_OPTIONS = JSON.stringify({ answerPhrases: ["A:"] });

function readJsonl(path) {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

function writeJsonl(path, rows) {
  writeFileSync(path, `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`);
}

function verdict(args) {
  console.log(`\n$ verdict ${args.map(shellQuote).join(" ")}`);
  const result = spawnSync(process.execPath, [verdictBin, ...args], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`demo: \`verdict ${args[0]}\` failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

// Quotes an argument for display so the printed command can be pasted into a POSIX shell.
function shellQuote(arg) {
  return /^[A-Za-z0-9_./:=@-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function percent(metric) {
  return metric === undefined
    ? ""
    : `${(metric.value * 100).toFixed(1)} ± ${(metric.stderr * 100).toFixed(1)}`;
}

mkdirSync(inputs, { recursive: true });

// GSM8K: one predictions file per model variant; row i answers problem id i.
const gsm8k = readJsonl(gsm8kOutputs);
const leaderboard = [];
for (const variant of VARIANTS) {
  const predictions = join(inputs, `gsm8k-${variant}.jsonl`);
  writeJsonl(
    predictions,
    gsm8k.map((row, index) => ({ id: String(index), completion: row[variant].solution })),
  );
  const dir = join(out, `gsm8k-${variant}`);
  verdict([
    "score",
    "--suite",
    "gsm8k",
    "--predictions",
    predictions,
    "--out",
    dir,
    "--options",
    GSM8K_OPTIONS,
  ]);
  leaderboard.push({ model: `GPT-3 ${variant}`, dir });
}

// MATH: the bundled outputs file doubles as the suite (problems and references) and the predictions.
const mathPredictions = join(inputs, "math-cot-100.jsonl");
writeJsonl(
  mathPredictions,
  readJsonl(mathOutputs).map((row) => ({ id: String(row.idx), completions: row.code })),
);
const mathDir = join(out, "math-cot-100-qwen2.5-math");
verdict([
  "score",
  "--suite",
  join(root, "examples", "math-cot-100", "suite.json"),
  "--predictions",
  mathPredictions,
  "--out",
  mathDir,
]);
leaderboard.push({ model: "Qwen2.5-Math (8 samples)", dir: mathDir });

// Agreement of `verdict verify` with the human-checked GSM8K labels.
const pairs = join(inputs, "gsm8k-pairs.jsonl");
const references = readJsonl(join(root, "suites", "gsm8k", "data", "gsm8k.jsonl")).map((row) =>
  row.answer
    .slice(row.answer.lastIndexOf("####") + 4)
    .trim()
    .replace(/,/g, ""),
);
const labels = new Map();
writeJsonl(
  pairs,
  gsm8k.flatMap((row, index) =>
    VARIANTS.map((variant) => {
      const id = `${index}/${variant}`;
      labels.set(id, row[variant].is_correct);
      return { id, completion: row[variant].solution, reference: references[index] };
    }),
  ),
);
const verdicts = join(out, "gsm8k-verdicts.jsonl");
verdict(["verify", "--input", pairs, "--output", verdicts, "--options", GSM8K_OPTIONS]);
const rows = readJsonl(verdicts);
const disagreements = rows.filter((row) => row.correct !== labels.get(row.id));

// The leaderboard page: one line per model, every metric with its standard error.
const lines = [
  "# verdict demo: scores of real model outputs",
  "",
  "| model | suite | problems | samples | avg@n (%) | pass@k (%) | maj@k (%) |",
  "|---|---|---|---|---|---|---|",
];
for (const entry of leaderboard) {
  const results = JSON.parse(readFileSync(join(entry.dir, "results.json"), "utf8"));
  const { metrics, problems, samplesPerProblem } = results.summary;
  const n = samplesPerProblem.min;
  lines.push(
    `| ${entry.model} | ${results.suite.name} | ${problems} | ${n} | ${percent(metrics[`avg@${n}`])} | ` +
      `${n > 1 ? `pass@${n} ${percent(metrics[`pass@${n}`])}` : ""} | ${n > 1 ? `maj@${n} ${percent(metrics[`maj@${n}`])}` : ""} |`,
  );
}
lines.push(
  "",
  `GSM8K: \`verdict verify\` agrees with the outputs' \`is_correct\` labels on ${rows.length - disagreements.length} ` +
    `of ${rows.length} rows (${(((rows.length - disagreements.length) / rows.length) * 100).toFixed(2)}%).`,
  "",
  "Errors are standard errors over problems (clustered by problem for several samples).",
);
writeFileSync(join(out, "leaderboard.md"), `${lines.join("\n")}\n`);
console.log(`\n${lines.join("\n")}\n\nwrote ${join(out, "leaderboard.md")}`);
