import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { listSuites, loadSuite, renderTemplate, SuiteError } from "../../src/suites/load-suite.js";

describe("built-in suites", () => {
  it("lists every shipped suite", async () => {
    const names = await listSuites();
    for (const name of ["aime24", "aime25", "amc23", "math500", "minerva_math", "gsm8k", "cmath"]) {
      expect(names).toContain(name);
    }
  });

  it.each([
    { name: "aime24", problems: 30, firstId: "60" },
    { name: "aime25", problems: 30, firstId: "2025-I-1", firstReference: "70" },
    { name: "amc23", problems: 40, firstId: "0", firstReference: 27 },
    { name: "math500", problems: 500, firstId: "test/precalculus/807.json" },
    { name: "minerva_math", problems: 272, firstId: "0", firstReference: "1.6" },
    { name: "gsm8k", problems: 1319, firstId: "0", firstReference: "18" },
    { name: "cmath", problems: 600, firstId: "0", firstReference: "9" },
  ])("$name loads $problems problems", async ({ name, problems, firstId, firstReference }) => {
    const suite = await loadSuite(name);
    expect(suite.problems).toHaveLength(problems);
    expect(suite.problems[0]?.id).toBe(firstId);
    if (firstReference !== undefined) expect(suite.problems[0]?.reference).toBe(firstReference);
    expect(suite.problems[0]?.prompt).toContain("\\boxed{}");
  });

  it("gsm8k references drop thousands commas", async () => {
    const suite = await loadSuite("gsm8k");
    for (const problem of suite.problems) expect(problem.reference).toMatch(/^-?[0-9.]+$/);
  });
});

function suiteFolder(
  dataName: string,
  data: Buffer | string,
  overrides: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), "verdict-suite-"));
  writeFileSync(join(dir, dataName), data);
  const definition = {
    name: "tiny",
    version: "1",
    data: dataName,
    fields: { id: "key", prompt: "question", reference: "answer" },
    verifier: "math",
    promptTemplate: "Q: {question}",
    ...overrides,
  };
  writeFileSync(join(dir, "suite.json"), JSON.stringify(definition));
  return dir;
}

const rows = [
  { key: "a", question: "1+1?", answer: "2" },
  { key: "b", question: "2+2?", answer: "4" },
];
const jsonl = rows.map((row) => JSON.stringify(row)).join("\n");

describe("data formats", () => {
  it.each([
    { format: "jsonl", file: "data.jsonl", data: jsonl },
    { format: "jsonl.gz", file: "data.jsonl.gz", data: gzipSync(jsonl) },
    { format: "json", file: "data.json", data: JSON.stringify(rows) },
    { format: "json.gz", file: "data.json.gz", data: gzipSync(JSON.stringify(rows)) },
    {
      format: "parquet",
      file: "data.parquet",
      data: Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "key", data: ["a", "b"], type: "STRING" },
            { name: "question", data: ["1+1?", "2+2?"], type: "STRING" },
            { name: "answer", data: ["2", "4"], type: "STRING" },
          ],
        }),
      ),
    },
  ])("$format loads", async ({ file, data }) => {
    const suite = await loadSuite(suiteFolder(file, data));
    expect(suite.problems.map((problem) => problem.id)).toEqual(["a", "b"]);
    expect(suite.problems[1]?.prompt).toBe("Q: 2+2?");
    expect(suite.problems[1]?.reference).toBe("4");
  });

  it("gathers several reference fields into an object", async () => {
    const dir = suiteFolder("data.jsonl", jsonl, {
      fields: { id: "key", prompt: "question", reference: ["question", "answer"] },
    });
    const suite = await loadSuite(join(dir, "suite.json"));
    expect(suite.problems[0]?.reference).toEqual({ question: "1+1?", answer: "2" });
  });
});

describe("bad suites", () => {
  it.each([
    {
      trap: "unknown name",
      path: () => "no-such-suite",
      message: /Unknown suite "no-such-suite".*Built-in suites: .*gsm8k/,
    },
    {
      trap: "missing file",
      path: () => "/nonexistent/suite.json",
      message: /not found: \/nonexistent\/suite.json/,
    },
    {
      trap: "definition not JSON",
      path: () => {
        const dir = suiteFolder("data.jsonl", jsonl);
        writeFileSync(join(dir, "suite.json"), "{ name: tiny");
        return dir;
      },
      message: /suite.json is not valid JSON/,
    },
    {
      trap: "misspelt field",
      path: () => suiteFolder("data.jsonl", jsonl, { promt_template: "x" }),
      message: /invalid:[\s\S]*promt_template/,
    },
    {
      trap: "malformed data line",
      path: () => suiteFolder("data.jsonl", `${JSON.stringify(rows[0])}\n{"key": "b",\n`),
      message: /data.jsonl:2: invalid JSON.*Fix or remove this line/,
    },
    {
      trap: "missing reference field",
      path: () => suiteFolder("data.jsonl", JSON.stringify({ key: "a", question: "q" })),
      message: /row 1: field "answer" is missing/,
    },
    {
      trap: "duplicate ids",
      path: () => suiteFolder("data.jsonl", `${JSON.stringify(rows[0])}\n${JSON.stringify(rows[0])}`),
      message: /duplicate problem id "a"/,
    },
    {
      trap: "unknown template field",
      path: () => suiteFolder("data.jsonl", jsonl, { promptTemplate: "{problem}" }),
      message: /uses \{problem\} but the row has no field "problem"/,
    },
    {
      trap: "unknown verifier",
      path: () => suiteFolder("data.jsonl", jsonl, { verifier: "maths" }),
      message: /verifier "maths" is not known. Use one of: math, code/,
    },
    {
      trap: "misspelt prompt field",
      path: () =>
        suiteFolder("data.jsonl", jsonl, { fields: { id: "key", prompt: "questoin", reference: "answer" } }),
      message: /row 1: field "questoin" is missing or null/,
    },
    {
      trap: "garbage parquet",
      path: () => suiteFolder("data.parquet", "not parquet at all"),
      message: /not a readable Parquet file/,
    },
    {
      trap: "unknown extension",
      path: () => suiteFolder("data.csv", "a,b"),
      message: /Cannot tell the format.*\.jsonl, \.json or \.parquet/,
    },
  ])("$trap gives a clear error", async ({ path, message }) => {
    await expect(loadSuite(path())).rejects.toThrow(SuiteError);
    await expect(loadSuite(path())).rejects.toThrow(message);
  });
});

describe("renderTemplate", () => {
  it.each([
    { template: "{q} \\boxed{}", row: { q: "x" }, expected: "x \\boxed{}" },
    { template: "{{q}}", row: { q: "x" }, expected: "{q}" },
    { template: "{n}", row: { n: 3 }, expected: "3" },
  ])("$template", ({ template, row, expected }) => {
    expect(renderTemplate(template, row)).toBe(expected);
  });
});
