/** The Python assert-list and function-call harnesses in the real sandbox. */
import { afterAll, describe, expect, it } from "vitest";
import { codeVerifier } from "../../../verifiers/code/index.js";

const options = codeVerifier.parseOptions({ timeoutMs: 5000 });

afterAll(async () => {
  await codeVerifier.close?.();
});

describe("humaneval harness", () => {
  const task = {
    prompt: 'from typing import List\n\n\ndef total(xs: List[int]) -> int:\n    """Sum of xs."""\n',
    test: "def check(candidate):\n    assert candidate([1, 2]) == 3\n    assert total([]) == 0\n",
    entry_point: "total",
  };

  it("fenced full function after chat text passes", async () => {
    const completion =
      "Here you go:\n```python\ndef total(xs: List[int]) -> int:\n    return sum(xs)\n```\nIt sums the list.";
    const verdict = await codeVerifier.verify(completion, task, options);

    expect(verdict.reason).toBe("match");
  });

  it("tests calling the function by name use the completion", async () => {
    const verdict = await codeVerifier.verify("    return sum(xs) if xs else 1\n", task, options);

    expect(verdict.score).toBe(0.5);
    expect(verdict.reason).toBe("wrong-answer");
  });
});

describe("assert-list harness", () => {
  const reference = {
    asserts: [
      "assert remove_char('hello', 'l') == 'heo'",
      "assert remove_char('abc', 'b') == 'ac'",
      "assert remove_char('', 'x') == ''",
    ],
  };

  it("correct program passes every assert", async () => {
    const verdict = await codeVerifier.verify(
      "```python\ndef remove_char(s, c):\n    return s.replace(c, '')\n```",
      reference,
      options,
    );

    expect(verdict.reason).toBe("match");
    expect(verdict.score).toBe(1);
  });

  it("partly right program gets partial score", async () => {
    const verdict = await codeVerifier.verify(
      "```python\ndef remove_char(s, c):\n    return s.replace(c, '', 1)\n```",
      reference,
      options,
    );

    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe("wrong-answer");
    expect(verdict.score).toBeCloseTo(2 / 3);
  });

  it("setup code runs in the test process", async () => {
    const withSetup = { asserts: ["assert double(BASE) == 20"], setup: "BASE = 10" };
    const verdict = await codeVerifier.verify("def double(x):\n    return 2 * x\n", withSetup, options);

    expect(verdict.correct).toBe(true);
  });

  it("syntax error is a compile error", async () => {
    const verdict = await codeVerifier.verify("def remove_char(s, c)\n    return s\n", reference, options);

    expect(verdict.reason).toBe("compile-error");
    expect(verdict.score).toBe(0);
  });

  it("program that redefines assert helpers still fails", async () => {
    const program =
      "import builtins\nbuiltins.AssertionError = KeyError\ndef remove_char(s, c):\n    return s\n";
    const verdict = await codeVerifier.verify(program, reference, options);

    expect(verdict.correct).toBe(false);
  });
});

describe("function-call harness", () => {
  const reference = {
    entry_point: "stats",
    calls: [
      { args: [[1, 2, 3]], expected: [6, 2.0] },
      { args: [[0.1, 0.2]], expected: [0.30000001, 0.15] },
      { args: [[5]], kwargs: {}, expected: [5, 5.0] },
    ],
  };

  it("tuples match lists and floats match within tolerance", async () => {
    const program = "def stats(xs):\n    return (sum(xs), sum(xs) / len(xs))\n";
    const verdict = await codeVerifier.verify(program, reference, options);

    expect(verdict.reason).toBe("match");
  });

  it("bool is not accepted for a number", async () => {
    const booleans = { entry_point: "is_one", calls: [{ args: [1], expected: 1 }] };
    const verdict = await codeVerifier.verify("def is_one(x):\n    return True\n", booleans, options);

    expect(verdict.correct).toBe(false);
  });

  it("an exception in one call fails only that call", async () => {
    const program =
      "def stats(xs):\n    if len(xs) == 1:\n        raise ValueError('one')\n    return (sum(xs), sum(xs) / len(xs))\n";
    const verdict = await codeVerifier.verify(program, reference, options);

    expect(verdict.reason).toBe("runtime-error");
    expect(verdict.score).toBeCloseTo(2 / 3);
  });
});

describe("a run stopped by the caller's signal", () => {
  const task = {
    prompt: 'def spin() -> int:\n    """Never returns."""\n',
    test: "def check(candidate):\n    assert candidate() == 1\n",
    entry_point: "spin",
  };

  it("returns a timeout verdict instead of throwing AbortError", async () => {
    const slow = codeVerifier.parseOptions({ timeoutMs: 30_000, cpuTimeMs: 30_000 });
    const started = performance.now();
    const verdict = await codeVerifier.verify(
      "    while True:\n        pass\n",
      task,
      slow,
      AbortSignal.timeout(300),
    );

    expect(verdict).toMatchObject({ correct: false, score: 0, reason: "timeout" });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("returns a timeout verdict for a signal aborted before the run", async () => {
    const verdict = await codeVerifier.verify("    return 1\n", task, options, AbortSignal.abort());

    expect(verdict.reason).toBe("timeout");
  });
});
