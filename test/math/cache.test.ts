import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { cacheStatistics, clearCaches } from "../../verifiers/math/decide.js";
import { mathVerifier } from "../../verifiers/math/index.js";

const options = mathVerifier.parseOptions({ timeoutMs: 10_000 });

beforeEach(() => {
  clearCaches();
});

afterAll(async () => {
  await mathVerifier.close?.();
});

describe("math verifier caches", () => {
  it("parses one reference once for many completions", async () => {
    for (let answer = 0; answer < 50; answer++) {
      await mathVerifier.verify(`\\boxed{\\frac{${answer}}{7}}`, "\\frac{3}{8}", options);
    }
    // 50 distinct answers plus the one reference.
    expect(cacheStatistics().parses).toBe(51);
    expect(cacheStatistics().decisions).toBe(50);
  });

  it("decides an identical pair once", async () => {
    for (let repeat = 0; repeat < 20; repeat++) {
      const verdict = await mathVerifier.verify("so $\\boxed{2\\sqrt{2}}$", "\\sqrt{8}", options);
      expect(verdict.reason).toBe("match");
    }
    expect(cacheStatistics().decisions).toBe(1);
  });

  it("keys decisions by mode and tolerance", async () => {
    await mathVerifier.verify("\\boxed{1.63}", "1.6", options);
    await mathVerifier.verify("\\boxed{1.63}", "1.6", { ...options, mode: "lenient" });
    expect(cacheStatistics().decisions).toBe(2);
  });

  it("normalises at most seventeen of ten thousand boxes", async () => {
    const boxes = Array.from({ length: 10_000 }, (_, index) => `\\boxed{${index}}`).join(" ");
    const verdict = await mathVerifier.verify(boxes, "7", options);
    expect(verdict.reason).toBe("hedged");
    expect(cacheStatistics().decisions).toBe(0);
  });
});
