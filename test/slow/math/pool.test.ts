import { afterAll, describe, expect, it } from "vitest";
import { mathVerifier } from "../../../verifiers/math/index.js";
import { MATH_DEFAULTS } from "../../../verifiers/math/options.js";
import { WorkerPool } from "../../../verifiers/math/symbolic/pool.js";

afterAll(async () => {
  await mathVerifier.close?.();
});

describe("symbolic worker pool", () => {
  it("decides concurrent verifications beside a runaway one", async () => {
    const options = mathVerifier.parseOptions({ timeoutMs: 2000 });
    const pairs = Array.from({ length: 200 }, (_, index) => ({
      completion: `\\boxed{(x+${index})^2}`,
      reference: `x^2+${2 * index}x+${index * index}`,
    }));
    const runaway = mathVerifier.verify("\\boxed{10000000!}", "1", options);

    const verdicts = await Promise.all(
      pairs.map((pair) => mathVerifier.verify(pair.completion, pair.reference, options)),
    );

    expect((await runaway).reason).toBe("timeout");
    expect(verdicts.map((verdict) => verdict.reason)).toEqual(pairs.map(() => "match"));
  });

  it("runs two workers and survives closing twice", async () => {
    const pool = new WorkerPool(2);
    const options = { ...MATH_DEFAULTS, answerPhrases: [] };
    const decisions = await Promise.all([
      pool.compare("2\\sqrt{2}", "\\sqrt{8}", options, 60_000),
      pool.compare("x+1", "1+x", options, 60_000),
      pool.compare("x+2", "1+x", options, 60_000),
    ]);
    expect(decisions).toEqual(["equal", "equal", "different"]);
    await pool.close();
    await pool.close();
  });

  it("answers queued work after close with timeout", async () => {
    const pool = new WorkerPool(1);
    const pending = pool.compare("x", "x", { ...MATH_DEFAULTS, answerPhrases: [] }, 60_000);
    await pool.close();
    expect(await pending).toBe("timeout");
  });
});
