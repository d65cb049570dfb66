import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mathVerifier } from "../../../verifiers/math/index.js";

const options = mathVerifier.parseOptions({});
/** Time allowed over the budget for message passing and replacing a stopped worker. */
const SLACK_MS = 400;

const tower = (depth: number) => `${"x^{".repeat(depth)}x${"}".repeat(depth)}`;

const HOSTILE: Array<[name: string, completion: string, reference: string]> = [
  ["expression tower", `\\boxed{${tower(500)}}`, "1"],
  ["number tower", "\\boxed{2^{2^{2^{2^{2^{2}}}}}}", "2"],
  ["100 KB answer", `\\boxed{${"1+".repeat(50_000)}1}`, "3"],
  ["100 KB of nested parentheses", `\\boxed{${"(".repeat(50_000)}1${")".repeat(50_000)}}`, "1"],
  ["ten thousand nested braces", `\\boxed{${"{".repeat(10_000)}1${"}".repeat(10_000)}}`, "1"],
  ["huge exponent", "\\boxed{10^{10^{10}}}", "1"],
  ["huge exponent literal", "\\boxed{1e999999999}", "1"],
  ["huge factorial", "\\boxed{10000000!}", "1"],
];

beforeAll(async () => {
  // Start the symbolic worker first: its start-up is not part of any verification's budget.
  const warm = await mathVerifier.verify("\\boxed{2\\sqrt{2}}", "\\sqrt{8}", {
    ...options,
    timeoutMs: 60_000,
  });
  expect(warm.reason).toBe("match");
});

afterAll(async () => {
  await mathVerifier.close?.();
});

describe("math verifier on hostile inputs", () => {
  it.each(HOSTILE)("%s ends in timeout or too-large within budget", async (_name, completion, reference) => {
    let maxGapMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
    }, 5);

    const started = performance.now();
    const verdict = await mathVerifier.verify(completion, reference, options);
    const elapsedMs = performance.now() - started;
    clearInterval(ticker);

    expect(["timeout", "too-large"]).toContain(verdict.reason);
    expect(verdict.correct).toBe(false);
    expect(elapsedMs).toBeLessThan(options.timeoutMs + SLACK_MS);
    expect(maxGapMs).toBeLessThan(200);
  });

  it("100 KB of prose before the answer is verified normally", async () => {
    const prose = "We keep reasoning about the problem. ".repeat(2800);
    const started = performance.now();
    const verdict = await mathVerifier.verify(`${prose}\\boxed{42}`, "42", options);
    expect(verdict.reason).toBe("match");
    expect(performance.now() - started).toBeLessThan(options.timeoutMs);
  });

  it("verifier still works after a worker was stopped", async () => {
    await mathVerifier.verify("\\boxed{10000000!}", "1", options);
    const verdict = await mathVerifier.verify("\\boxed{\\frac{\\sqrt{3}}{2}}", "\\frac12\\sqrt3", {
      ...options,
      timeoutMs: 10_000,
    });
    expect(verdict.reason).toBe("match");
  });
});
