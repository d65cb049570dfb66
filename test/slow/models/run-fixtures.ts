import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** One addition problem of the test suite: `a+b` with its sum as the reference. */
export interface AdditionProblem {
  id: string;
  a: number;
  b: number;
}

/**
 * Writes a small math suite of addition problems to `dir` (suite.json plus data) and returns
 * the path of its suite.json. The prompt is the bare `a+b`, so a stand-in server can answer it.
 */
export async function writeAdditionSuite(
  dir: string,
  problems: AdditionProblem[],
  generation: Record<string, unknown> = {},
): Promise<string> {
  await mkdir(join(dir, "data"), { recursive: true });
  const definition = {
    name: "addition",
    version: "1",
    description: "Sums of two small numbers, for tests.",
    data: "data/problems.jsonl",
    fields: { id: "id", prompt: "question", reference: "answer" },
    verifier: "math",
    promptTemplate: "{question}",
    generation,
  };
  const rows = problems.map(({ id, a, b }) =>
    JSON.stringify({ id, question: `${a}+${b}`, answer: String(a + b) }),
  );
  await writeFile(join(dir, "suite.json"), JSON.stringify(definition, null, 2));
  await writeFile(join(dir, "data", "problems.jsonl"), `${rows.join("\n")}\n`);
  return join(dir, "suite.json");
}

export const additionProblems: AdditionProblem[] = [
  { id: "p1", a: 1, b: 1 },
  { id: "p2", a: 2, b: 3 },
  { id: "p3", a: 4, b: 4 },
];

/** Reads `a+b` at the end of a prompt and returns the sum, or undefined. */
export function sumInPrompt(prompt: string): number | undefined {
  const match = /(\d+)\+(\d+)\s*$/.exec(prompt);
  return match ? Number(match[1]) + Number(match[2]) : undefined;
}
