import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "verdict-cli-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n");
const readJsonl = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));

describe("verdict verify", () => {
  it("writes one verdict per row in input order", async () => {
    const rows = Array.from({ length: 500 }, (_, index) => ({
      id: `row-${index}`,
      completion: `The answer is \\boxed{${index % 3 === 0 ? index : index + 1}}`,
      reference: String(index),
    }));
    const input = tempFile("pairs.jsonl", jsonl(rows));
    const output = join(input, "..", "out.jsonl");

    const result = await runCli(["verify", "--input", input, "--output", output, "--concurrency", "16"]);

    expect(result.code).toBe(0);
    const out = readJsonl(output);
    expect(out.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect(Object.keys(out[0]).sort()).toEqual(["correct", "extracted", "id", "ms", "reason", "score"]);
    expect(out[0]).toMatchObject({ id: "row-0", correct: true, score: 1, extracted: "0", reason: "match" });
    expect(out[1]).toMatchObject({ id: "row-1", correct: false, score: 0, extracted: "2" });
    expect(result.stderr).toMatch(/verified 500 rows/);
  });

  it("writes to stdout without --output", async () => {
    const input = tempFile("pairs.jsonl", jsonl([{ id: 1, completion: "\\boxed{5}", reference: "5" }]));
    const result = await runCli(["verify", "-i", input]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 1, correct: true });
  });

  it("keeps earlier rows when a line is malformed", async () => {
    const good = jsonl([
      { id: "a", completion: "\\boxed{1}", reference: "1" },
      { id: "b", completion: "\\boxed{2}", reference: "2" },
    ]);
    const input = tempFile(
      "pairs.jsonl",
      `${good}\n{"id": "c", "completion": \n${jsonl([{ id: "d", completion: "", reference: "1" }])}`,
    );
    const output = join(input, "..", "out.jsonl");

    const result = await runCli(["verify", "--input", input, "--output", output]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${input}:3: invalid JSON`);
    expect(result.stderr).toContain("Rows before it were written");
    expect(readJsonl(output).map((row) => row.id)).toEqual(["a", "b"]);
  });

  it.each([
    {
      trap: "missing completion",
      row: { id: "x", reference: "1" },
      message: /:1 \(id x\): field "completion" must be a string, found nothing/,
    },
    {
      trap: "missing reference",
      row: { id: "x", completion: "1" },
      message: /:1 \(id x\): field "reference" is missing or null/,
    },
    { trap: "missing id", row: { completion: "1", reference: "1" }, message: /:1: field "id" is missing/ },
    {
      trap: "unknown verifier",
      row: { id: "x", completion: "1", reference: "1", verifier: "chess" },
      message: /Unknown verifier "chess". Known verifiers: math, code/,
    },
    {
      trap: "options not an object",
      row: { id: "x", completion: "1", reference: "1", options: [1] },
      message: /field "options" must be an object, found an array/,
    },
  ])("$trap names the row", async ({ row, message }) => {
    const input = tempFile("pairs.jsonl", JSON.stringify(row));
    const result = await runCli(["verify", "--input", input, "--output", join(input, "..", "out.jsonl")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(["0", "-3", "abc"])("rejects --concurrency %s", async (value) => {
    const input = tempFile("pairs.jsonl", JSON.stringify({ id: 1, completion: "1", reference: "1" }));
    const result = await runCli(["verify", "--input", input, "--concurrency", value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--concurrency must be a whole number of at least 1");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports a missing input file", async () => {
    const result = await runCli(["verify", "--input", "/nonexistent/pairs.jsonl"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Input file not found: /nonexistent/pairs.jsonl");
  });
});

describe("verdict check", () => {
  it("prints a readable verdict", async () => {
    const result = await runCli(["check", "--reference", "42", "so the answer is \\boxed{42}"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^correct \(match\)/);
    expect(result.stdout).toMatch(/extracted: 42/);
  });

  it("prints JSON with --json", async () => {
    const result = await runCli(["check", "--reference", "42", "--json", "\\boxed{41}"]);
    expect(JSON.parse(result.stdout)).toMatchObject({ correct: false, score: 0, extracted: "41" });
  });

  it("reads the completion from a file", async () => {
    const file = tempFile("completion.txt", "long reasoning...\n\\boxed{7}");
    const result = await runCli(["check", "-r", "7", "--file", file, "--json"]);
    expect(JSON.parse(result.stdout).correct).toBe(true);
  });

  it("asks for a completion when none is given", async () => {
    const result = await runCli(["check", "--reference", "7"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Missing completion");
  });
});
