// Throughput of `verdict verify` on the bundled real GSM8K outputs (5,276 rows), end to end: JSONL
// parsing, math verification and JSONL writing, in one process on one core. The math verifier
// caches decided (reference, answer) pairs, so the first timed pass sees only new rows and a
// second file repeats the rows ten times to show the rate with the cache warm.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VerifierSet } from "../src/eval/verifier-set.js";
import { verifyRows } from "../src/eval/verify-rows.js";

const PASSES = 10;
const VARIANTS = ["6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"];
const root = new URL("..", import.meta.url).pathname;

function buildPairs(path: string, passes: number): number {
  const outputs = readFileSync(join(root, "examples/outputs/gsm8k-example-model-solutions.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const lines: string[] = [];
  for (let pass = 0; pass < passes; pass++) {
    outputs.forEach((row, index) => {
      const reference = /A:\s*(\S+)\s*$/.exec(row.ground_truth)?.[1] ?? "";
      for (const variant of VARIANTS) {
        lines.push(
          JSON.stringify({ id: `${pass}/${index}/${variant}`, completion: row[variant].solution, reference }),
        );
      }
    });
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  return lines.length;
}

const dir = mkdtempSync(join(tmpdir(), "verdict-bench-"));
const once = join(dir, "pairs.jsonl");
const input = join(dir, "pairs-x10.jsonl");
const uniqueRows = buildPairs(once, 1);
const rows = buildPairs(input, PASSES);
const options = { answerPhrases: ["A:"] };
const run = (path: string, output: string) =>
  verifyRows({
    input: path,
    output: join(dir, output),
    defaultVerifier: "math",
    defaultOptions: options,
    verifiers: new VerifierSet(),
  });

// Warm the JIT on other data (the MATH outputs' answers as references) so the GSM8K pairs stay uncached.
const warmInput = join(dir, "warm.jsonl");
const mathRows = readFileSync(join(root, "examples/outputs/qwen-math-cot-100.jsonl"), "utf8")
  .trim()
  .split("\n");
writeFileSync(
  warmInput,
  mathRows
    .flatMap((line) => {
      const row = JSON.parse(line);
      return (row.code as string[]).map((completion, sample) =>
        JSON.stringify({ id: `${row.idx}/${sample}`, completion, reference: row.gt }),
      );
    })
    .join("\n"),
);
await run(warmInput, "warm-out.jsonl");

const rssBefore = process.memoryUsage().rss;
const cold = await run(once, "out.jsonl");
const summary = await run(input, "out-x10.jsonl");
const inProcessRate = summary.rows / summary.seconds;

// The same through the real command, process start-up included.
const cliStart = performance.now();
const cli = spawnSync(
  process.execPath,
  [
    join(root, "bin/verdict.js"),
    "verify",
    "--input",
    input,
    "--output",
    join(dir, "cli.jsonl"),
    "--options",
    JSON.stringify(options),
  ],
  { encoding: "utf8" },
);
const cliSeconds = (performance.now() - cliStart) / 1000;
if (cli.status !== 0) console.error(`verdict verify failed (run \`npm run build\` first): ${cli.stderr}`);

console.log("| measure | value |");
console.log("|---|---|");
console.log(
  `| first pass, new rows: rows/s (one thread, ${uniqueRows} rows) | ${Math.round(cold.rows / cold.seconds)} |`,
);
console.log(
  `| repeated rows (GSM8K outputs × ${PASSES}, pair cache warm): rows/s | ${Math.round(inProcessRate)} |`,
);
console.log(`| \`verdict verify\` CLI incl. start-up, rows/s | ${Math.round(rows / cliSeconds)} |`);
console.log(`| correct rows, first pass | ${cold.correct} of ${cold.rows} |`);
console.log(
  `| RSS after, MiB | ${Math.round(process.memoryUsage().rss / 2 ** 20)} (before timed pass ${Math.round(rssBefore / 2 ** 20)}) |`,
);

// Memory on a large input: one million distinct rows (about 300 MB of JSONL) must stream through
// with flat memory, so a 1 GB file needs no more.
const bigInput = join(dir, "big.jsonl");
const LARGE_ROWS = 1_000_000;
const filler = "Let me think step by step about this problem. ".repeat(5);
const bigLines: string[] = [];
writeFileSync(bigInput, "");
for (let index = 0; index < LARGE_ROWS; index++) {
  bigLines.push(
    JSON.stringify({
      id: index,
      completion: `${filler} The answer is $\\boxed{${index * 7}}$.`,
      reference: String(index * 7),
    }),
  );
  if (bigLines.length === 10_000) {
    appendFileSync(bigInput, `${bigLines.join("\n")}\n`);
    bigLines.length = 0;
  }
}
const bigBytes = statSync(bigInput).size;
const big = await run(bigInput, "big-out.jsonl");
console.log(
  `| large input: ${LARGE_ROWS} distinct rows, ${Math.round(bigBytes / 2 ** 20)} MiB: rows/s | ${Math.round(big.rows / big.seconds)} |`,
);
console.log(`| large input: correct rows | ${big.correct} of ${big.rows} |`);
console.log(
  `| peak RSS of the whole benchmark (max resident set) | ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB |`,
);
rmSync(dir, { recursive: true, force: true });
