import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

const root = new URL("../../../", import.meta.url).pathname;
const readJsonl = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));

describe("scoring the bundled real outputs", () => {
  it("GSM8K 175b_verification matches its labels", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verdict-real-"));
    const outputs = readJsonl(join(root, "examples/outputs/gsm8k-example-model-solutions.jsonl"));
    const predictions = join(dir, "predictions.jsonl");
    writeFileSync(
      predictions,
      outputs
        .map((row, index) =>
          JSON.stringify({ id: String(index), completion: row["175b_verification"].solution }),
        )
        .join("\n"),
    );
    const out = join(dir, "out");

    const result = await runCli([
      "score",
      "--suite",
      "gsm8k",
      "--predictions",
      predictions,
      "--out",
      out,
      "--options",
      JSON.stringify({ answerPhrases: ["A:"] }),
    ]);

    expect(result.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const labelled = outputs.filter((row) => row["175b_verification"].is_correct).length / outputs.length;
    expect(results.summary.problems).toBe(1319);
    expect(results.unanswered).toBe(0);
    expect(Math.abs(results.summary.metrics["avg@1"].value - labelled)).toBeLessThan(0.001);
    expect(readJsonl(join(out, "samples.jsonl"))).toHaveLength(1319);
  });

  it("Qwen MATH outputs score with 8 samples per problem", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verdict-real-"));
    const outputs = readJsonl(join(root, "examples/outputs/qwen-math-cot-100.jsonl"));
    const predictions = join(dir, "predictions.jsonl");
    writeFileSync(
      predictions,
      outputs.map((row) => JSON.stringify({ id: String(row.idx), completions: row.code })).join("\n"),
    );
    const out = join(dir, "out");

    const result = await runCli([
      "score",
      "--suite",
      join(root, "examples/math-cot-100/suite.json"),
      "--predictions",
      predictions,
      "--out",
      out,
    ]);

    expect(result.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.summary.samples).toBe(800);
    expect(Object.keys(results.summary.metrics)).toEqual(
      expect.arrayContaining(["avg@8", "pass@1", "pass@2", "pass@4", "pass@8", "maj@8"]),
    );
    // The other project's grader marked 91% of samples right; verdict differs on a few disputed ones.
    expect(results.summary.metrics["avg@8"].value).toBeGreaterThan(0.85);
    expect(results.summary.metrics["pass@8"].value).toBeGreaterThanOrEqual(
      results.summary.metrics["avg@8"].value,
    );
    expect(readJsonl(join(out, "samples.jsonl"))).toHaveLength(800);
  });
});
