/**
 * The code suites against the real sandbox: every HumanEval canonical solution passes, an empty
 * completion and a wrong constant fail on every task, and every stdio-basics reference solution
 * passes its cases.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { codeVerifier } from "../../../verifiers/code/index.js";

interface HumanEvalRow {
  task_id: string;
  prompt: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

interface StdioRow {
  id: string;
  cases: { input: string; output: string }[];
  comparator: string;
  solution: string;
}

const humaneval: HumanEvalRow[] = gunzipSync(readFileSync("suites/humaneval/data/humaneval.jsonl.gz"))
  .toString("utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line));

const stdio: StdioRow[] = readFileSync("suites/stdio-basics/data/problems.jsonl", "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line));

const options = codeVerifier.parseOptions({ concurrency: 8 });

async function verifyAll(completionFor: (row: HumanEvalRow) => string) {
  return Promise.all(
    humaneval.map(async (row) => {
      const reference = { prompt: row.prompt, test: row.test, entry_point: row.entry_point };
      return { id: row.task_id, verdict: await codeVerifier.verify(completionFor(row), reference, options) };
    }),
  );
}

afterAll(async () => {
  await codeVerifier.close?.();
});

describe("humaneval suite", () => {
  it("has 164 tasks", () => {
    expect(humaneval).toHaveLength(164);
  });

  it("canonical solutions pass 164/164", async () => {
    const results = await verifyAll((row) => row.canonical_solution);
    const failing = results.filter((result) => !result.verdict.correct).map((result) => result.id);

    expect(failing).toEqual([]);
    expect(results.every((result) => result.verdict.score === 1)).toBe(true);
  });

  it("empty completion fails every task", async () => {
    const results = await verifyAll(() => "");
    const passing = results.filter((result) => result.verdict.correct).map((result) => result.id);

    expect(passing).toEqual([]);
  });

  it("wrong constant fails every task", async () => {
    const results = await verifyAll(() => "    return 0\n");
    const passing = results.filter((result) => result.verdict.correct).map((result) => result.id);

    expect(passing).toEqual([]);
  });
});

describe("stdio-basics suite", () => {
  it("holds at least 20 problems with several cases each", () => {
    expect(stdio.length).toBeGreaterThanOrEqual(20);
    expect(stdio.every((row) => row.cases.length >= 3)).toBe(true);
  });

  it.each(stdio.map((row) => [row.id, row] as const))("%s reference solution passes", async (_id, row) => {
    const completion = `Here is my program:\n\n\`\`\`python\n${row.solution}\`\`\`\n`;
    const verdict = await codeVerifier.verify(
      completion,
      { cases: row.cases, comparator: row.comparator },
      options,
    );

    expect(verdict.details?.tests).toEqual(row.cases.map(() => ({ passed: true })));
    expect(verdict.correct).toBe(true);
  });

  it.each(stdio.map((row) => [row.id, row] as const))("%s empty program fails", async (_id, row) => {
    const verdict = await codeVerifier.verify(
      "```python\npass\n```",
      { cases: row.cases, comparator: row.comparator },
      options,
    );

    expect(verdict.correct).toBe(false);
  });
});
