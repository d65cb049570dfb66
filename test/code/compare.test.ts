import { describe, expect, it } from "vitest";
import { type ComparatorName, compareOutput } from "../../verifiers/code/compare.js";

type Case = [trap: string, comparator: ComparatorName, actual: string, expected: string, match: boolean];

const cases: Case[] = [
  ["exact equal", "exact", "1 2\n", "1 2\n", true],
  ["exact missing final newline", "exact", "1 2", "1 2\n", true],
  ["exact extra space", "exact", "1 2 \n", "1 2\n", false],
  ["exact extra blank line", "exact", "1\n\n", "1\n", false],
  ["whitespace runs of blanks", "whitespace", "1   2\t3\n", "1 2 3\n", true],
  ["whitespace trailing blanks and lines", "whitespace", "a \nb\n\n\n", "a\nb\n", true],
  ["whitespace windows line ends", "whitespace", "a\r\nb\r\n", "a\nb\n", true],
  ["whitespace line count differs", "whitespace", "1 2\n", "1\n2\n", false],
  ["whitespace leading blank line", "whitespace", "\n1\n", "1\n", false],
  ["whitespace case differs", "whitespace", "Yes\n", "YES\n", false],
  ["numeric within tolerance", "numeric", "3.14159265\n", "3.1415926\n", true],
  ["numeric integer against decimal", "numeric", "2.500000000\n", "2.5\n", true],
  ["numeric outside tolerance", "numeric", "3.15\n", "3.14\n", false],
  ["numeric near zero uses absolute tolerance", "numeric", "1e-12\n", "0\n", true],
  ["numeric words must be equal", "numeric", "x 1.0\n", "y 1.0\n", false],
  ["numeric token count differs", "numeric", "1 2\n", "1 2 3\n", false],
  ["numeric not a number against a number", "numeric", "nan\n", "1\n", false],
  ["case-insensitive yes", "case-insensitive", "yes\n", "YES\n", true],
  ["case-insensitive other word", "case-insensitive", "no\n", "YES\n", false],
];

describe("compareOutput", () => {
  it.each(cases)("%s", (_trap, comparator, actual, expected, match) => {
    expect(compareOutput(comparator, actual, expected)).toBe(match);
  });
});
