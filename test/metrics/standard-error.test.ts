import { describe, expect, it } from "vitest";
import { clusteredMean, meanWithError } from "../../src/metrics/standard-error.js";

describe("meanWithError", () => {
  it("matches the CLT standard error with the n−1 variance", () => {
    // mean 0.75, s² = 0.25, SE = √(0.25/4) = 0.25
    const estimate = meanWithError([1, 0, 1, 1]);
    expect(estimate.mean).toBe(0.75);
    expect(estimate.stderr).toBeCloseTo(0.25, 12);
  });

  it("is zero for a single value", () => {
    expect(meanWithError([1]).stderr).toBe(0);
  });

  it("is NaN for no values", () => {
    expect(meanWithError([]).mean).toBeNaN();
  });
});

describe("clusteredMean", () => {
  it("treats samples of one problem as one cluster", () => {
    // Two problems, two samples each; per-problem means [1, 0] give CLT SE √(0.5/2) = 0.5.
    const estimate = clusteredMean([1, 1, 0, 0], (index) => (index < 2 ? "a" : "b"));
    expect(estimate.mean).toBe(0.5);
    expect(estimate.clusters).toBe(2);
    expect(estimate.stderr).toBeCloseTo(0.5, 12);
  });

  it("is wider than the naive error for correlated samples", () => {
    const values = [1, 1, 1, 1, 0, 0, 0, 0];
    const clustered = clusteredMean(values, (index) => (index < 4 ? "a" : "b"));
    const naive = meanWithError(values);
    expect(clustered.stderr).toBeGreaterThan(naive.stderr);
  });
});
