/**
 * Math verifier speed: verifications per second on the GSM8K outputs (plain numbers, the fast
 * path), on the MATH outputs (LaTeX answers), and on symbolic-answer pairs (worker threads), with
 * the slowest single verification and the peak memory of the process.
 * Run: node --import tsx bench/math.bench.ts
 */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { clearCaches } from "../verifiers/math/decide.js";
import { mathVerifier } from "../verifiers/math/index.js";

interface Pair {
  completion: string;
  reference: string;
  options: ReturnType<typeof mathVerifier.parseOptions>;
}

const PASSES = 3;

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

function gsm8kPairs(): Pair[] {
  const options = mathVerifier.parseOptions({ answerPhrases: ["A:"] });
  const pairs: Pair[] = [];
  for (const row of readJsonl("examples/outputs/gsm8k-example-model-solutions.jsonl")) {
    const reference = /(?:A:|####)\s*(\S+)\s*$/.exec(String(row.ground_truth))?.[1] ?? "";
    for (const variant of ["6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"]) {
      const sample = row[variant] as { solution: string };
      pairs.push({ completion: sample.solution, reference, options });
    }
  }
  return pairs;
}

function mathPairs(): Pair[] {
  const options = mathVerifier.parseOptions({});
  return readJsonl("examples/outputs/qwen-math-cot-100.jsonl").flatMap((row) =>
    (row.code as string[]).map((completion) => ({ completion, reference: String(row.gt), options })),
  );
}

/**
 * 600 distinct pairs that all need the symbolic engine, identities in six forms, a third of them
 * false. Each pass gets new constants, so the worker's compiled-expression cache never hits.
 */
function symbolicPairs(pass: number): Pair[] {
  const options = mathVerifier.parseOptions({});
  const pairs: Pair[] = [];
  for (let a = 1 + 10 * pass; a <= 10 + 10 * pass; a++) {
    for (let b = 1; b <= 10; b++) {
      const forms: [string, string][] = [
        [`(x+${a})(x+${b})`, `x^2+${a + b}x+${a * b}`],
        [`(x+${a})(x-${b})`, `x^2+${a - b}x+${a * b}`],
        [`${a}\\sqrt{${b * b * 2}}`, `${a * b}\\sqrt{2}`],
        [`\\frac{${a}}{\\sqrt{${b}}}`, `\\frac{${a}\\sqrt{${b + 1}}}{${b}}`],
        [`${a}\\sin^2 x + ${a}\\cos^2 x`, `${a}`],
        [`\\left(${a}, \\frac{\\pi}{${b}}\\right)`, `(${a}, \\frac{${b}\\pi}{${b * b}})`],
      ];
      for (const [answer, reference] of forms) {
        pairs.push({ completion: `so the answer is $\\boxed{${answer}}$.`, reference, options });
      }
    }
  }
  return pairs;
}

interface Figures {
  perSecond: number;
  perCpuSecond: number;
  slowestMs: number;
  reasons: Record<string, number>;
}

/** Verifies every pair once, sequentially, from cold caches; the best of `PASSES` passes. */
async function measure(pairsOf: (pass: number) => Pair[]): Promise<Figures> {
  let best: Figures | undefined;
  for (let pass = 0; pass < PASSES; pass++) {
    const pairs = pairsOf(pass);
    clearCaches();
    const reasons: Record<string, number> = {};
    let slowestMs = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (const pair of pairs) {
      const one = performance.now();
      const verdict = await mathVerifier.verify(pair.completion, pair.reference, pair.options);
      slowestMs = Math.max(slowestMs, performance.now() - one);
      reasons[verdict.reason] = (reasons[verdict.reason] ?? 0) + 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const figures = {
      perSecond: pairs.length / seconds,
      perCpuSecond: pairs.length / cpuSeconds,
      slowestMs,
      reasons,
    };
    if (!best || figures.perSecond > best.perSecond) best = figures;
  }
  return best as Figures;
}

// Start the symbolic worker before timing: loading mathjs takes seconds once per process.
await mathVerifier.verify(
  "\\boxed{2\\sqrt{2}}",
  "\\sqrt{8}",
  mathVerifier.parseOptions({ timeoutMs: 60_000 }),
);

const gsm8k = gsm8kPairs();
const math = mathPairs();
const sets: [string, (pass: number) => Pair[]][] = [
  ["GSM8K outputs (5,276)", () => gsm8k],
  ["MATH outputs (800)", () => math],
  ["symbolic pairs (600 new per pass)", symbolicPairs],
];

const rows: string[] = [];
for (const [name, pairs] of sets) {
  const figures = await measure(pairs);
  const reasons = Object.entries(figures.reasons)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(", ");
  rows.push(
    `| ${name} | ${Math.round(figures.perSecond).toLocaleString("en")} | ${Math.round(figures.perCpuSecond).toLocaleString("en")} | ${figures.slowestMs.toFixed(1)} | ${reasons} |`,
  );
}
await mathVerifier.close?.();

const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `Machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown"}), load ${loadavg()[0]?.toFixed(2)}`,
);
console.log(`Single process, one symbolic worker thread, best of ${PASSES} passes from cold caches.\n`);
console.log("| set | verifications/s (wall) | verifications per CPU-second | slowest (ms) | verdicts |");
console.log("|---|---:|---:|---:|---|");
for (const row of rows) console.log(row);
console.log(`\nPeak RSS: ${peakRssMb.toFixed(0)} MiB (main thread and worker together).`);
