/**
 * HumanEval canonical solutions scored with two samples in flight. The sandbox used to hand the
 * slot released last to the next run, whose fork then failed with EAGAIN while the kernel still
 * charged the previous run's processes to the slot: 142 to 156 of 164 passed this way.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

const root = new URL("../../../", import.meta.url).pathname;

describe("sandbox slots reused quickly", () => {
  it("pass every canonical HumanEval solution at concurrency 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verdict-slots-"));
    const rows = gunzipSync(readFileSync(join(root, "suites/humaneval/data/humaneval.jsonl.gz")))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const predictions = join(dir, "predictions.jsonl");
    writeFileSync(
      predictions,
      rows.map((row) => JSON.stringify({ id: row.task_id, completion: row.canonical_solution })).join("\n"),
    );

    const result = await runCli([
      "score",
      "--suite",
      "humaneval",
      "--predictions",
      predictions,
      "--out",
      join(dir, "out"),
      "--concurrency",
      "2",
    ]);

    expect(result.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8"));
    expect(results.summary.reasons).toEqual({ match: 164 });
  });
});
