/**
 * JavaScript and TypeScript programs: function calls in isolated-vm (on worker threads) and
 * stdin/stdout programs under Node in the bubblewrap sandbox.
 */
import { afterAll, describe, expect, it } from "vitest";
import { codeVerifier } from "../../../verifiers/code/index.js";

const options = codeVerifier.parseOptions({ timeoutMs: 2000, memoryMb: 64 });
const js = codeVerifier.parseOptions({ timeoutMs: 5000, memoryMb: 512, language: "javascript" });

const addCalls = {
  entry_point: "add",
  language: "javascript",
  calls: [
    { args: [1, 2], expected: 3 },
    { args: [-1, 1], expected: 0 },
    { args: [0.1, 0.2], expected: 0.3 },
  ],
};

afterAll(async () => {
  await codeVerifier.close?.();
});

describe("isolated-vm function calls", () => {
  it.each([
    ["plain function", "function add(a, b) { return a + b; }", "javascript"],
    ["fenced arrow function", "Sure:\n```js\nconst add = (a, b) => a + b;\n```", "javascript"],
    ["exported function", "export function add(a, b) { return a + b; }", "javascript"],
    [
      "typescript with types",
      "```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```",
      "typescript",
    ],
  ])("%s passes", async (_name, completion, language) => {
    const verdict = await codeVerifier.verify(completion, { ...addCalls, language }, options);

    expect(verdict.reason).toBe("match");
    expect(verdict.score).toBe(1);
  });

  it.each([
    ["wrong value", "function add(a, b) { return a - b; }", "wrong-answer"],
    ["infinite loop", "function add(a, b) { while (true) {} }", "timeout"],
    ["infinite loop at load", "while (true) {}\nfunction add(a, b) { return a + b; }", "timeout"],
    [
      "memory bomb",
      "function add(a, b) { const xs = []; while (true) xs.push(new Array(1e6).fill(a)); }",
      "memory-limit",
    ],
    [
      "object posing as a number",
      "function add(a, b) { return { valueOf() { return a + b; }, toString() { return String(a + b); } }; }",
      "runtime-error",
    ],
    [
      "reach for the host",
      "function add(a, b) { require('fs').writeFileSync('/tmp/escaped', 'x'); return a + b; }",
      "runtime-error",
    ],
    ["exit the process", "function add(a, b) { process.exit(0); }", "runtime-error"],
    ["no such function", "function plus(a, b) { return a + b; }", "runtime-error"],
    ["syntax error", "function add(a, b) { return a + ; }", "compile-error"],
  ])("%s fails", async (_name, completion, reason) => {
    const verdict = await codeVerifier.verify(completion, addCalls, options);

    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe(reason);
  });

  it("isolates keep working after a memory bomb", async () => {
    await codeVerifier.verify(
      "function add(a, b) { const xs = []; while (true) xs.push(new Array(1e6).fill(1)); }",
      addCalls,
      options,
    );
    const verdict = await codeVerifier.verify("function add(a, b) { return a + b; }", addCalls, options);

    expect(verdict.correct).toBe(true);
  });

  it("each call sees a fresh isolate", async () => {
    await codeVerifier.verify(
      "globalThis.leak = 41; function add(a, b) { return a + b; }",
      addCalls,
      options,
    );
    const verdict = await codeVerifier.verify(
      "function add(a, b) { return typeof leak === 'number' ? 0 : a + b; }",
      addCalls,
      options,
    );

    expect(verdict.correct).toBe(true);
  });
});

describe("node stdin/stdout programs in the sandbox", () => {
  const cases = {
    cases: [
      { input: "2 3\n", output: "5\n" },
      { input: "-1 1\n", output: "0\n" },
    ],
  };

  it.each([
    [
      "commonjs javascript",
      "```js\nconst [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n```",
      "javascript",
    ],
    [
      "esm javascript",
      "```js\nimport { readFileSync } from 'node:fs';\nconst [a, b] = readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n```",
      "javascript",
    ],
    [
      "typescript",
      "```ts\nimport { readFileSync } from 'node:fs';\nconst [a, b]: number[] = readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n```",
      "typescript",
    ],
  ])("%s passes", async (_name, completion, language) => {
    const verdict = await codeVerifier.verify(completion, { ...cases, language }, js);

    expect(verdict.reason).toBe("match");
  });

  it("process.exit(0) without output fails", async () => {
    const verdict = await codeVerifier.verify("```js\nprocess.exit(0);\n```", cases, js);

    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe("wrong-answer");
  });

  it("network access fails", async () => {
    const program =
      "```js\nconst net = require('net');\nconst s = net.connect(9, '127.0.0.1');\ns.on('error', () => process.exit(3));\n```";
    const verdict = await codeVerifier.verify(program, cases, js);

    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe("runtime-error");
  });
});
