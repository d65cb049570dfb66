import { describe, expect, it } from "vitest";
import { extractProgram, type ProgramLanguage } from "../../verifiers/code/extract.js";

type Case = [
  trap: string,
  completion: string,
  language: ProgramLanguage,
  code: string,
  source: "fenced" | "whole",
];

const cases: Case[] = [
  ["function body without fence", "    return a + b\n", "python", "    return a + b\n", "whole"],
  ["one python block", "Here:\n```python\nprint(1)\n```\nDone.", "python", "print(1)\n", "fenced"],
  [
    "last python block wins",
    "```python\nprint(1)\n```\nBetter:\n```python\nprint(2)\n```",
    "python",
    "print(2)\n",
    "fenced",
  ],
  [
    "tagged block beats later untagged",
    "```py\nprint(1)\n```\n```\noutput: 1\n```",
    "python",
    "print(1)\n",
    "fenced",
  ],
  ["untagged block when no tagged one", "```\nprint(3)\n```", "python", "print(3)\n", "fenced"],
  [
    "block of another language ignored",
    "```js\nconsole.log(1)\n```",
    "python",
    "```js\nconsole.log(1)\n```",
    "whole",
  ],
  ["typescript tag", "```ts\nconst x: number = 1;\n```", "typescript", "const x: number = 1;\n", "fenced"],
  ["javascript tag js", "```js\nconsole.log(1)\n```", "javascript", "console.log(1)\n", "fenced"],
  ["four-backtick fence holds three", "````python\ns = '```'\n````", "python", "s = '```'\n", "fenced"],
  ["unclosed fence taken whole", "```python\nprint(1)\n", "python", "```python\nprint(1)\n", "whole"],
];

describe("extractProgram", () => {
  it.each(cases)("%s", (_trap, completion, language, code, source) => {
    expect(extractProgram(completion, language)).toEqual({ code, source });
  });
});
