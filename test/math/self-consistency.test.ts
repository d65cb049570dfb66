import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { lastBoxed, mathVerifier } from "../../verifiers/math/index.js";

/** A reference that is itself unusable, listed instead of loosening a rule. */
interface MalformedReference {
  id: string;
  explanation: string;
}

interface SuiteCase {
  suite: string;
  file: string;
  id: (row: Record<string, unknown>, index: number) => string;
  reference: (row: Record<string, unknown>) => unknown;
}

const SUITES: SuiteCase[] = [
  {
    suite: "math500",
    file: "../../suites/math500/data/math500.jsonl",
    id: (row) => String(row.unique_id),
    reference: (row) => row.answer,
  },
  {
    // Minerva rows have no answer field: the reference is the last box of the solution.
    suite: "minerva_math",
    file: "../../suites/minerva_math/data/minerva_math.jsonl",
    id: (row) => String(row.idx),
    reference: (row) => lastBoxed(String(row.solution)),
  },
];

const MALFORMED: Record<string, MalformedReference[]> = JSON.parse(
  readFileSync(new URL("./fixtures/malformed-references.json", import.meta.url), "utf8"),
);

afterAll(async () => {
  await mathVerifier.close?.();
});

describe.each(SUITES)("$suite self-consistency", ({ suite, file, id, reference }) => {
  it("verifies every solution against its own reference", async () => {
    const options = mathVerifier.parseOptions({ timeoutMs: 10_000 });
    const rows = readFileSync(new URL(file, import.meta.url), "utf8")
      .trim()
      .split("\n");
    const failures: string[] = [];

    for (const [index, line] of rows.entries()) {
      const row = JSON.parse(line);
      const verdict = await mathVerifier.verify(String(row.solution), reference(row), options);
      if (!verdict.correct) failures.push(id(row, index));
    }

    expect(failures).toEqual((MALFORMED[suite] ?? []).map((entry) => entry.id));
  });
});
