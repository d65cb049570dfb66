import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyGguf } from "../../fixtures-gen/tiny-gguf.js";
import { runCli } from "../../helpers/run-cli.js";
import { writeAdditionSuite } from "./run-fixtures.js";

const entry = fileURLToPath(new URL("../../../src/cli/entry.ts", import.meta.url));
const problems = Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, a: i, b: i + 1 }));
const n = 8;
const total = problems.length * n;
/** Cache sizes at which successive runs are killed: early, middle, late. */
const killAtLines = [6, 24, 44];

let dir: string;
let args: (out: string) => string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "verdict-resume-"));
  const suitePath = await writeAdditionSuite(join(dir, "suite"), problems, {
    temperature: 0.9,
    maxTokens: 96,
  });
  const modelPath = join(dir, "tiny.gguf");
  await writeTinyGguf(modelPath);
  // Two sequences at a time keep the run long enough (seconds) to be killed between samples.
  args = (out) => [
    "run",
    "--suite",
    suitePath,
    "--model",
    modelPath,
    "--gpu",
    "cpu",
    "-n",
    String(n),
    "--parallel",
    "2",
    "--out",
    out,
  ];
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cacheLines(out: string): Promise<string[]> {
  const path = join(out, "generations.jsonl");
  if (!existsSync(path)) return [];
  return (await readFile(path, "utf8")).split("\n").filter((line) => line !== "");
}

/** Starts a run and SIGKILLs it once its cache contains at least `lines` lines; returns the count then. */
async function runUntilKilled(
  out: string,
  lines: number,
): Promise<{ linesAtKill: number; exitSignal: string | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args(out)], { stdio: "ignore" });
  const exited = new Promise<string | null>((resolve) =>
    child.on("exit", (_code, signal) => resolve(signal)),
  );
  const deadline = Date.now() + 120_000;

  while (Date.now() < deadline && child.exitCode === null) {
    const count = (await cacheLines(out)).length;
    if (count >= lines) {
      child.kill("SIGKILL");
      return { linesAtKill: count, exitSignal: await exited };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill("SIGKILL");
  return { linesAtKill: (await cacheLines(out)).length, exitSignal: await exited };
}

describe("verdict run resumed after SIGKILL", () => {
  it("ends with the same samples as an uninterrupted run", async () => {
    const straight = join(dir, "straight");
    const straightRun = await runCli(args(straight));
    expect(straightRun.code).toBe(0);

    const resumed = join(dir, "resumed");
    for (const lines of killAtLines) {
      const { linesAtKill, exitSignal } = await runUntilKilled(resumed, lines);
      expect(exitSignal).toBe("SIGKILL");
      expect(linesAtKill).toBeGreaterThanOrEqual(lines);
      expect(linesAtKill).toBeLessThan(total);
    }
    const beforeLastRun = (await cacheLines(resumed)).length;
    const finalRun = await runCli(args(resumed));
    expect(finalRun.code).toBe(0);
    expect(finalRun.stdout).toContain(
      `generated ${total - beforeLastRun} samples (${beforeLastRun} from the cache)`,
    );

    const straightSamples = (await cacheLines(straight)).map((line) => JSON.parse(line));
    const resumedSamples = (await cacheLines(resumed)).map((line) => JSON.parse(line));
    const identity = (sample: { key: string; index: number }) => `${sample.key}:${sample.index}`;

    expect(resumedSamples).toHaveLength(total);
    expect(new Set(resumedSamples.map(identity)).size).toBe(total);
    const byIdentity = new Map(straightSamples.map((sample) => [identity(sample), sample.text]));
    for (const sample of resumedSamples) expect(sample.text).toBe(byIdentity.get(identity(sample)));

    const straightScored = await readFile(join(straight, "samples.jsonl"), "utf8");
    const resumedScored = await readFile(join(resumed, "samples.jsonl"), "utf8");
    const completions = (text: string) =>
      text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).completion);
    expect(completions(resumedScored)).toEqual(completions(straightScored));
  });
});
