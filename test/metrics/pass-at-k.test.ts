import { describe, expect, it } from "vitest";
import { passAtK, reportedKs } from "../../src/metrics/pass-at-k.js";

describe("passAtK", () => {
  // Expected values are 1 − C(n−c, k)/C(n, k), worked out by hand.
  it.each([
    { n: 5, c: 2, k: 1, expected: 0.4 },
    { n: 5, c: 2, k: 2, expected: 1 - 3 / 10 },
    { n: 10, c: 3, k: 5, expected: 1 - 21 / 252 },
    { n: 16, c: 0, k: 8, expected: 0 },
    { n: 16, c: 16, k: 1, expected: 1 },
    { n: 4, c: 3, k: 2, expected: 1 },
    { n: 1000, c: 1, k: 1, expected: 0.001 },
    { n: 64, c: 1, k: 64, expected: 1 },
  ])("n=$n c=$c k=$k is $expected", ({ n, c, k, expected }) => {
    expect(passAtK(n, c, k)).toBeCloseTo(expected, 12);
  });

  it("stays finite where binomials overflow", () => {
    const value = passAtK(2000, 700, 1000);
    expect(value).toBeGreaterThan(0.999999);
    expect(value).toBeLessThanOrEqual(1);
  });

  it.each([
    { n: 4, c: 1, k: 5 },
    { n: 4, c: 1, k: 0 },
    { n: 4, c: 5, k: 1 },
    { n: 4, c: -1, k: 1 },
    { n: 4.5, c: 1, k: 1 },
  ])("rejects n=$n c=$c k=$k", ({ n, c, k }) => {
    expect(() => passAtK(n, c, k)).toThrow(RangeError);
  });
});

describe("reportedKs", () => {
  it.each([
    { n: 1, expected: [1] },
    { n: 8, expected: [1, 2, 4, 8] },
    { n: 10, expected: [1, 2, 4, 8, 10] },
    { n: 0, expected: [] },
  ])("n=$n gives powers of two and n", ({ n, expected }) => {
    expect(reportedKs(n)).toEqual(expected);
  });
});
