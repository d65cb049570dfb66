/**
 * Python code items through a live `verdict serve` with two worker threads: each thread builds its
 * own bubblewrap sandbox in one process, which must not share cgroup folders or slot uids with the
 * other thread's (they did, and every Python item got status 500).
 */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RewardServer, startRewardServer } from "../../../src/server/app.js";
import { serverConfig } from "../../../src/server/server-config.js";

let server: RewardServer;

beforeAll(async () => {
  server = await startRewardServer(
    serverConfig({ port: 0, threads: 2, itemTimeoutMs: 20_000 }),
    pino({ level: "silent" }),
  );
});

afterAll(async () => {
  await server?.close();
});

const addTask = {
  prompt: 'def add(a: int, b: int) -> int:\n    """Returns a + b."""\n',
  test: "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-4, 4) == 0\n",
  entry_point: "add",
};
const reverseTask = {
  prompt: 'def reverse(text: str) -> str:\n    """Returns text backwards."""\n',
  test: "def check(candidate):\n    assert candidate('abc') == 'cba'\n    assert candidate('') == ''\n",
  entry_point: "reverse",
};

interface ItemBody {
  reward: number;
  timeout: boolean;
  verdict: { correct: boolean; reason: string; details?: { sandbox?: string } };
}

describe("Python HumanEval items in a batch with math items", () => {
  it("scores passing and failing programs on both worker threads", async () => {
    const code = (completion: string, reference: object) => ({ verifier: "code", completion, reference });
    const items = [
      code("    return a + b\n", addTask),
      code("    return a - b\n", addTask),
      code("```python\ndef reverse(text: str) -> str:\n    return text[::-1]\n```", reverseTask),
      code("    return text\n", reverseTask),
      // Exits with status 0 before any test ran: must not count as a pass.
      code("    import os\n    os._exit(0)\n", addTask),
      code("    return a +\n", addTask),
      { completion: "The answer is \\boxed{4}.", reference: "4" },
      { completion: "The answer is \\boxed{5}.", reference: "4" },
      // Repeats of the passing programs, so that both threads run sandboxes at the same time.
      ...Array.from({ length: 6 }, () => code("    return a + b\n", addTask)),
    ];

    const response = await fetch(`${server.url}/v1/rewards`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items }),
    });

    expect(response.status).toBe(200);
    const json = (await response.json()) as { rewards: number[]; items: ItemBody[] };
    expect(json.rewards).toEqual([1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1]);
    expect(json.items.map((item) => item.verdict.reason).slice(0, 8)).toEqual([
      "match",
      "wrong-answer",
      "match",
      "wrong-answer",
      "runtime-error",
      "compile-error",
      "match",
      "mismatch",
    ]);
    expect(json.items[0]!.verdict.details?.sandbox).toBe("bubblewrap");
    expect(json.items.every((item) => item.timeout === false)).toBe(true);
  });

  it("keeps scoring Python items in a second request", async () => {
    const response = await fetch(`${server.url}/v1/rewards`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        items: [
          { verifier: "code", completion: "    return a + b\n", reference: addTask },
          { verifier: "code", completion: "    return 0\n", reference: addTask },
        ],
      }),
    });

    expect(response.status).toBe(200);
    const json = (await response.json()) as { rewards: number[]; items: { verdict: { score: number } }[] };
    // The accuracy reward counts all tests passed; the verdict's score keeps the partial credit.
    expect(json.rewards).toEqual([1, 0]);
    expect(json.items.map((item) => item.verdict.score)).toEqual([1, 0.5]);
  });
});

describe("a JavaScript item stopped by the item budget", () => {
  it("lets the server close at once, not at the isolate's time limit", async () => {
    // The item's own limit is 60 s and the server's budget 1 s. A worker thread blocked in a
    // synchronous isolate call could not stop before the 60 s limit, which held up close().
    const budgeted = await startRewardServer(
      serverConfig({ port: 0, threads: 1, itemTimeoutMs: 1000 }),
      pino({ level: "silent" }),
    );
    const endless = {
      verifier: "code",
      completion: "```javascript\nfunction spin() { while (true) {} }\n```",
      reference: { entry_point: "spin", calls: [{ args: [], expected: 1 }], language: "javascript" },
      options: { timeoutMs: 60_000, cpuTimeMs: 60_000 },
    };
    const response = await fetch(`${budgeted.url}/v1/rewards`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: [endless] }),
    });
    const json = (await response.json()) as { items: ItemBody[] };
    expect(json.items[0]).toMatchObject({ timeout: true, verdict: { reason: "timeout" } });

    const started = performance.now();
    await budgeted.close();
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
