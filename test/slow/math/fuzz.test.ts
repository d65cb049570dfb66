import { afterAll, describe, expect, it } from "vitest";
import { mathVerifier } from "../../../verifiers/math/index.js";
import { seededRandom } from "../../../verifiers/seeded-random.js";

const TOKENS = [
  "\\boxed{",
  "\\fbox{",
  "{",
  "}",
  "\\{",
  "\\}",
  "(",
  ")",
  "[",
  "]",
  "|",
  ",",
  ";",
  "=",
  "<",
  "\\le ",
  ">",
  "\\frac",
  "\\dfrac",
  "\\sqrt",
  "\\sqrt[3]",
  "^",
  "_",
  "!",
  "%",
  "\\%",
  "\\$",
  "$",
  "\\pi",
  "e",
  "i",
  "x",
  "y",
  "\\sin",
  "\\log_",
  "\\ln",
  "\\cdot",
  "\\times",
  "\\text{",
  "\\begin{pmatrix}",
  "\\end{pmatrix}",
  "&",
  "\\\\",
  "\\infty",
  "\\cup",
  "-",
  "+",
  "/",
  ".",
  "0",
  "1",
  "7",
  "12",
  "1,000",
  "3.5",
  "1e9",
  "10^{",
  "\\left(",
  "\\right)",
  "\\langle",
  "\\rangle",
  "<think>",
  "</think>",
  "<answer>",
  "</answer>",
  "The answer is ",
  "Final Answer: ",
  "####",
  "答案是",
  " ",
  "\n",
  "A",
  "(B)",
  "\\circ",
  "°",
  "１",
];

function randomText(random: () => number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += TOKENS[Math.floor(random() * TOKENS.length)];
  return text;
}

afterAll(async () => {
  await mathVerifier.close?.();
});

describe("math verifier on random LaTeX", () => {
  it("returns a verdict for every completion and never throws", async () => {
    const random = seededRandom(20_261_204);
    const options = mathVerifier.parseOptions({ timeoutMs: 2000 });
    const allowed = new Set(["match", "mismatch", "hedged", "no-answer", "timeout", "too-large"]);
    const reasons = new Map<string, number>();

    for (let index = 0; index < 3000; index++) {
      const completion = `\\boxed{${randomText(random, 1 + Math.floor(random() * 12))}}${randomText(random, 3)}`;
      const reference = randomText(random, 1 + Math.floor(random() * 4)).replace(/[{}]/g, "") || "1";
      let reason: string;
      try {
        reason = (await mathVerifier.verify(completion, reference, options)).reason;
      } catch (error) {
        // An empty or unusable random reference is a data error, which verify may raise.
        if (error instanceof Error && error.name === "InvalidReferenceError") continue;
        throw new Error(
          `case ${index} threw for ${JSON.stringify(completion)} / ${JSON.stringify(reference)}`,
          {
            cause: error,
          },
        );
      }
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      expect(
        allowed,
        `case ${index}: ${JSON.stringify(completion)} / ${JSON.stringify(reference)}`,
      ).toContain(reason);
    }
    expect(reasons.get("mismatch")).toBeGreaterThan(0);
  });
});
