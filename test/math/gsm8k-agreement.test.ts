import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mathVerifier } from "../../verifiers/math/index.js";

interface Disagreement {
  id: string;
  label: boolean;
  verdict: string;
  explanation: string;
}

const VARIANTS = ["6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"] as const;
const OUTPUTS = new URL("../../examples/outputs/gsm8k-example-model-solutions.jsonl", import.meta.url);
const FIXTURE = new URL("./fixtures/gsm8k-disagreements.json", import.meta.url);

/** GSM8K solutions end in `A: N`; the reference is the number after `A:` (or `####`) in `ground_truth`. */
function referenceOf(groundTruth: string): string {
  const match = /(?:A:|####)\s*(\S+)\s*$/.exec(groundTruth);
  if (!match?.[1]) throw new Error(`ground_truth without a final "A: N": ${groundTruth.slice(-80)}`);
  return match[1];
}

describe("GSM8K example model solutions", () => {
  it("agree with is_correct labels on at least 99.9% of rows", async () => {
    const options = mathVerifier.parseOptions({ answerPhrases: ["A:"] });
    const lines = readFileSync(OUTPUTS, "utf8").trim().split("\n");
    const disagreements: string[] = [];
    let rows = 0;

    for (const [index, line] of lines.entries()) {
      const problem = JSON.parse(line);
      const reference = referenceOf(problem.ground_truth);
      for (const variant of VARIANTS) {
        const { solution, is_correct: label } = problem[variant];
        const verdict = await mathVerifier.verify(solution, reference, options);
        rows++;
        if (verdict.correct !== label) disagreements.push(`${index}/${variant}`);
      }
    }

    const expected: Disagreement[] = JSON.parse(readFileSync(FIXTURE, "utf8"));
    expect(rows).toBe(5276);
    expect(disagreements.sort()).toEqual(expected.map((entry) => entry.id).sort());
    expect(rows - disagreements.length).toBeGreaterThanOrEqual(5271);
  });
});
