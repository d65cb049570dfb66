import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "verdict-score-"));
}

describe("verdict score", () => {
  it("writes results.json and samples.jsonl with metrics", async () => {
    const dir = tempDir();
    const predictions = join(dir, "predictions.jsonl");
    // gsm8k problems 0, 1 and 2 have references 18, 3 and 70000.
    writeFileSync(
      predictions,
      [
        { id: "0", completions: ["\\boxed{18}", "\\boxed{18}", "\\boxed{17}", "no idea"] },
        { id: 1, completions: ["\\boxed{3}", "\\boxed{4}", "\\boxed{4}", "\\boxed{4}"] },
        { id: "2", completions: ["\\boxed{1}", "\\boxed{2}", "\\boxed{3}", "\\boxed{4}"] },
      ]
        .map((row) => JSON.stringify(row))
        .join("\n"),
    );
    const out = join(dir, "out");

    const result = await runCli(["score", "--suite", "gsm8k", "--predictions", predictions, "--out", out]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/gsm8k v1 · verifier math/);
    expect(result.stdout).toMatch(/avg@4\s+25\.00/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.suite).toMatchObject({ name: "gsm8k", version: "1", problemsInSuite: 1319 });
    expect(results.verifier.name).toBe("math");
    expect(results.unanswered).toBe(1316);
    expect(results.summary.problems).toBe(3);
    expect(results.summary.metrics["avg@4"].value).toBeCloseTo(3 / 12, 12);
    expect(results.summary.metrics["pass@4"].value).toBeCloseTo(2 / 3, 12);
    expect(results.summary.metrics["maj@4"].value).toBeCloseTo(1 / 3, 12);
    expect(results.timing.seconds).toBeGreaterThan(0);

    const samples = readFileSync(join(out, "samples.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(samples).toHaveLength(12);
    expect(samples[0]).toMatchObject({ id: "0", sample: 0, correct: true, completion: "\\boxed{18}" });
    expect(samples[3]).toMatchObject({ id: "0", sample: 3, correct: false, reason: "no-answer" });
  });

  it("rejects predictions for another suite", async () => {
    const dir = tempDir();
    const predictions = join(dir, "predictions.jsonl");
    writeFileSync(predictions, JSON.stringify({ id: "HumanEval/0", completion: "x" }));
    const result = await runCli([
      "score",
      "--suite",
      "gsm8k",
      "--predictions",
      predictions,
      "--out",
      join(dir, "o"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 prediction id\(s\) are not problems of suite "gsm8k": "HumanEval\/0"/);
  });

  it("rejects an unknown suite", async () => {
    const dir = tempDir();
    const predictions = join(dir, "predictions.jsonl");
    writeFileSync(predictions, JSON.stringify({ id: "0", completion: "x" }));
    const result = await runCli(["score", "--suite", "gsm9k", "--predictions", predictions]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown suite "gsm9k"/);
  });

  it("names the line of a bad prediction row", async () => {
    const dir = tempDir();
    const predictions = join(dir, "predictions.jsonl");
    writeFileSync(
      predictions,
      `${JSON.stringify({ id: "0", completion: "x" })}\n${JSON.stringify({ id: "1", completions: [1, 2] })}`,
    );
    const result = await runCli(["score", "--suite", "gsm8k", "--predictions", predictions]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${predictions}:2 (id 1): expected "completion"`);
  });
});

describe("verdict suites", () => {
  it("lists the built-in suites", async () => {
    const result = await runCli(["suites"]);
    expect(result.code).toBe(0);
    for (const name of ["aime24", "gsm8k", "math500", "cmath"]) expect(result.stdout).toContain(name);
  });

  it("describes one suite", async () => {
    const result = await runCli(["suites", "gsm8k"]);
    expect(result.stdout).toMatch(/problems:\s+1319/);
    expect(result.stdout).toMatch(/licence:\s+MIT/);
  });
});
