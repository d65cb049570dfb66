import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { mathVerifier } from "../../verifiers/math/index.js";

/** One sample where verdict and the other project's grader disagree, with why verdict is right. */
interface Disagreement {
  id: string;
  reference: string;
  extracted: string | null;
  label: boolean;
  verdict: string;
  explanation: string;
}

const OUTPUTS = new URL("../../examples/outputs/qwen-math-cot-100.jsonl", import.meta.url);
const FIXTURE = new URL("./fixtures/qwen-math-disagreements.json", import.meta.url);

afterAll(async () => {
  await mathVerifier.close?.();
});

describe("Qwen MATH chain-of-thought outputs", () => {
  it("disagree with the other grader only where the fixture says", async () => {
    // A generous budget: a loaded test machine must not turn a slow symbolic case into a timeout.
    const options = mathVerifier.parseOptions({ timeoutMs: 10_000 });
    const lines = readFileSync(OUTPUTS, "utf8").trim().split("\n");
    const found = new Map<string, string>();
    let samples = 0;

    for (const line of lines) {
      const problem = JSON.parse(line);
      for (const [sample, completion] of (problem.code as string[]).entries()) {
        const verdict = await mathVerifier.verify(completion, problem.gt, options);
        samples++;
        if (verdict.correct !== problem.score[sample]) found.set(`${problem.idx}/${sample}`, verdict.reason);
      }
    }

    const expected: Disagreement[] = JSON.parse(readFileSync(FIXTURE, "utf8"));
    expect(samples).toBe(800);
    expect([...found.keys()].sort()).toEqual(expected.map((entry) => entry.id).sort());
    for (const entry of expected) expect(found.get(entry.id), entry.id).toBe(entry.verdict);
  });
});
