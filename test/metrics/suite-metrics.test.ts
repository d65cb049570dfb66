import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/suite-metrics.js";
import type { Verdict } from "../../verifiers/verifier.js";

const right = (extracted: string): Verdict => ({ correct: true, score: 1, reason: "match", extracted });
const wrong = (extracted: string): Verdict => ({ correct: false, score: 0, reason: "mismatch", extracted });
const sameText = async (a: string, b: string) => a === b;

describe("computeMetrics", () => {
  it("reports avg@n, pass@k and maj@k for four samples", async () => {
    const summary = await computeMetrics(
      [
        { id: "p1", verdicts: [right("1"), wrong("2"), wrong("2"), right("1")] },
        { id: "p2", verdicts: [wrong("5"), wrong("5"), wrong("6"), wrong("5")] },
      ],
      sameText,
    );

    expect(Object.keys(summary.metrics)).toEqual([
      "avg@4",
      "pass@1",
      "pass@2",
      "pass@4",
      "maj@1",
      "maj@2",
      "maj@4",
    ]);
    expect(summary.metrics["avg@4"]?.value).toBe(0.25);
    // p1: pass@2 = 1 − C(2,2)/C(4,2) = 5/6; p2: 0.
    expect(summary.metrics["pass@2"]?.value).toBeCloseTo(5 / 12, 12);
    expect(summary.metrics["pass@4"]?.value).toBe(0.5);
    // p1 at k=4: "1" and "2" tie at two votes, "1" came first.
    expect(summary.metrics["maj@4"]?.value).toBe(0.5);
    expect(summary.reasons).toEqual({ match: 2, mismatch: 6 });
    expect(summary.samplesPerProblem).toEqual({ min: 4, max: 4 });
  });

  it("clusters avg@n standard error by problem", async () => {
    const summary = await computeMetrics([
      { id: "a", verdicts: [right("1"), right("1")] },
      { id: "b", verdicts: [wrong("2"), wrong("2")] },
    ]);
    expect(summary.metrics["avg@2"]?.stderr).toBeCloseTo(0.5, 12);
  });

  it("weighs problems equally with uneven samples", async () => {
    const summary = await computeMetrics([
      { id: "a", verdicts: [right("1"), wrong("2")] },
      { id: "b", verdicts: [right("1")] },
    ]);
    expect(summary.metrics["avg@1"]?.value).toBe(0.75);
    expect(summary.metrics["pass@1"]?.value).toBe(0.75);
    expect(summary.metrics["avg@1"]?.stderr).toBeCloseTo(summary.metrics["pass@1"]?.stderr ?? Number.NaN, 12);
    expect(summary.samplesPerProblem).toEqual({ min: 1, max: 2 });
  });

  it("omits maj@k without an equivalence", async () => {
    const summary = await computeMetrics([{ id: "a", verdicts: [right("1")] }]);
    expect(summary.metrics["maj@1"]).toBeUndefined();
  });

  it("adds mean_score for partial credit", async () => {
    const partial: Verdict = { correct: false, score: 0.5, reason: "wrong-answer" };
    const summary = await computeMetrics([{ id: "a", verdicts: [partial, right("x")] }]);
    expect(summary.metrics.mean_score?.value).toBe(0.75);
  });
});
