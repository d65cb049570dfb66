import { describe, expect, it } from "vitest";
import { majorityAtK } from "../../src/metrics/majority.js";

// Stand-in equivalence for the test: 1/2 and 0.5 are the same answer.
const halfIsHalf = async (a: string, b: string) => {
  const canonical = (text: string) => (text === "0.5" ? "1/2" : text);
  return canonical(a) === canonical(b);
};

describe("majorityAtK", () => {
  const votes = [
    { extracted: "1/2", correct: true },
    { extracted: "0.5", correct: true },
    { extracted: "3", correct: false },
    { extracted: "3", correct: false },
    { extracted: "3", correct: false },
  ];

  it("groups equivalent answers, not strings", async () => {
    const results = await majorityAtK(votes, [1, 2, 4, 5], halfIsHalf);
    expect(results.get(1)).toBe(1);
    expect(results.get(2)).toBe(1);
    expect(results.get(5)).toBe(0);
  });

  it("breaks ties by first appearance", async () => {
    const results = await majorityAtK(votes, [4], halfIsHalf);
    expect(results.get(4)).toBe(1);
  });

  it("ignores samples without an answer", async () => {
    const results = await majorityAtK(
      [{ correct: false }, { extracted: "7", correct: true }, { correct: false }],
      [1, 3],
      halfIsHalf,
    );
    expect(results.get(1)).toBe(0);
    expect(results.get(3)).toBe(1);
  });
});
