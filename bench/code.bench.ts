/**
 * Code verifier speed: sandboxed HumanEval programs per second, the bubblewrap sandbox's cost
 * against a bare run of the same file, and isolated-vm function-call throughput.
 * Run: node --import tsx bench/code.bench.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { codeVerifier } from "../verifiers/code/index.js";
import { BubblewrapSandbox } from "../verifiers/code/sandbox/bubblewrap.js";
import { findInterpreters } from "../verifiers/code/sandbox/interpreters.js";

interface Row {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

const rows: Row[] = gunzipSync(readFileSync("suites/humaneval/data/humaneval.jsonl.gz"))
  .toString("utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line));

const table: [string, string, string][] = [];

/** CPU time, in ms, of this process's reaped child processes (user + system, from /proc/self/stat). */
function childCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // Fields 16 and 17 of stat (cutime, cstime) are at 13 and 14 after the command name; clock ticks of 10 ms.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** HumanEval canonical solutions through the whole verifier, at several sandbox concurrencies. */
async function humanEvalThroughput(concurrency: number): Promise<void> {
  const options = codeVerifier.parseOptions({ concurrency });
  const reference = (row: Row) => ({ prompt: row.prompt, test: row.test, entry_point: row.entry_point });
  await codeVerifier.verify(rows[0]!.canonical_solution, reference(rows[0]!), options);
  const started = performance.now();
  const verdicts = await Promise.all(
    rows.map((row) => codeVerifier.verify(row.canonical_solution, reference(row), options)),
  );
  const seconds = (performance.now() - started) / 1000;
  const passed = verdicts.filter((verdict) => verdict.correct).length;
  table.push([
    `HumanEval verify, ${concurrency} sandboxes at once`,
    `${(rows.length / seconds).toFixed(1)} programs/s`,
    `${passed}/${rows.length} passed, ${seconds.toFixed(2)} s`,
  ]);
}

/** Times the same standalone HumanEval files run one after another, bare and in the sandbox. */
async function sandboxOverhead(): Promise<void> {
  const python = findInterpreters().python;
  const sample = rows.slice(0, 40);
  const programs = sample.map(
    (row) => `${row.prompt}${row.canonical_solution}\n${row.test}\ncheck(${row.entry_point})\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), "verdict-bench-"));
  const bare: number[] = [];
  const shim: number[] = [];
  let bareCpu = 0;
  programs.forEach((program, index) => {
    const file = join(dir, `p${index}.py`);
    writeFileSync(file, program);
    const cpuBefore = childCpuMs();
    let started = performance.now();
    const run = spawnSync(python.path, [...python.flags, file]);
    bare.push(performance.now() - started);
    bareCpu += childCpuMs() - cpuBefore;
    if (run.status !== 0) throw new Error(`bare run of ${sample[index]!.task_id} failed: ${run.stderr}`);
    started = performance.now();
    spawnSync("python3", [file]);
    shim.push(performance.now() - started);
  });
  rmSync(dir, { recursive: true, force: true });

  const sandbox = new BubblewrapSandbox({ concurrency: 1 });
  const limits = { wallTimeMs: 10_000, cpuTimeMs: 10_000, memoryMb: 1024, outputLimitBytes: 1 << 20 };
  const boxed: number[] = [];
  let boxedCpu = 0;
  for (const program of programs) {
    const started = performance.now();
    const result = await sandbox.run({ language: "python", code: program, ...limits });
    boxed.push(performance.now() - started);
    if (result.status !== "ok") throw new Error(`sandboxed run failed: ${result.status} ${result.stderr}`);
    // bwrap does not reap through to this process, so the slot's cgroup (shell, bwrap, setpriv, Python) is the measure.
    boxedCpu += result.cpuMs ?? Number.NaN;
  }
  await sandbox.close();
  const ratio = median(boxed) / median(bare);
  table.push([
    `Bare run, ${python.path} -I -S (median of ${programs.length})`,
    `${median(bare).toFixed(1)} ms`,
    "HumanEval prompt + solution + check",
  ]);
  table.push([
    `Bare run, python3 on the PATH (median)`,
    `${median(shim).toFixed(1)} ms`,
    "a pyenv shim on this machine",
  ]);
  table.push([
    `Same file in bubblewrap (median)`,
    `${median(boxed).toFixed(1)} ms`,
    `${ratio.toFixed(2)}x the bare -I -S run`,
  ]);
  const perRun = (total: number) => (total / programs.length).toFixed(1);
  table.push([
    "CPU time per run, bare / in bubblewrap",
    `${perRun(bareCpu)} / ${perRun(boxedCpu)} ms`,
    `${(boxedCpu / bareCpu).toFixed(2)}x; bare from rusage, sandboxed from the slot's cpuacct cgroup`,
  ]);
}

/** Function-call tasks in isolated-vm: one fresh isolate per verification. */
async function isolateThroughput(): Promise<void> {
  const options = codeVerifier.parseOptions({ language: "javascript" });
  const calls = Array.from({ length: 10 }, (_, index) => ({
    args: [index, index + 1],
    expected: 2 * index + 1,
  }));
  const reference = { entry_point: "add", calls };
  const completion = "function add(a, b) { return a + b; }";
  await codeVerifier.verify(completion, reference, options);
  const count = 400;
  const started = performance.now();
  const verdicts = await Promise.all(
    Array.from({ length: count }, () => codeVerifier.verify(completion, reference, options)),
  );
  const seconds = (performance.now() - started) / 1000;
  if (!verdicts.every((verdict) => verdict.correct)) throw new Error("an isolated-vm verification failed");
  table.push([
    "isolated-vm verify (fresh isolate, 10 calls)",
    `${(count / seconds).toFixed(0)} verifications/s`,
    `${((count * calls.length) / seconds).toFixed(0)} function calls/s`,
  ]);
}

const loadBefore = loadavg()[0]!;
await humanEvalThroughput(availableParallelism());
await humanEvalThroughput(4 * availableParallelism());
await humanEvalThroughput(8 * availableParallelism());
await sandboxOverhead();
await isolateThroughput();
await codeVerifier.close?.();

// Other processes on the machine take CPU from the sandboxes, so the load average goes with the figures.
console.log(
  `Load average (1 min) before: ${loadBefore.toFixed(1)}, after: ${loadavg()[0]!.toFixed(1)}, on ${availableParallelism()} cores.\n`,
);
console.log("| measure | result | notes |");
console.log("|---|---|---|");
for (const [measure, result, notes] of table) console.log(`| ${measure} | ${result} | ${notes} |`);
