import { boxedCases } from "./case.js";

const R = String.raw;

export const choiceCases = boxedCases([
  ["bare letter", "B", "B", "match"],
  ["letter in parentheses", "(B)", "B", "match"],
  ["bold letter in parentheses", R`\textbf{(B)}`, "B", "match"],
  ["bold letter with value", R`\textbf{(B) } 12`, "B", "match"],
  ["text letter", R`\text{B}`, "B", "match"],
  ["letter with closing parenthesis", "B)", "B", "match"],
  ["lowercase letter", "b", "B", "match"],
  ["option word", "option B", "B", "match"],
  ["letter with period", "B.", "B", "match"],
  ["reference in parentheses", "B", "(B)", "match"],
  ["reference bold", "C", R`\text{(C)}`, "match"],
  ["wrong letter", "C", "B", "mismatch"],
  ["wrong letter decorated", R`\textbf{(D)}`, "B", "mismatch"],
  ["value instead of letter", "12", "B", "mismatch"],
  ["letter E", "(E)", "E", "match"],
  ["letter A", "A", "A", "match"],
  ["two letters hedge", "A, B", "A", "hedged"],
  ["letter with colon", "A: 5", "A", "match"],
  ["choice letter bracketed", "[C]", "C", "match"],
  ["mathrm letter", R`\mathrm{(A)}`, "A", "match"],
]);

export const textCases = boxedCases([
  ["text answer", R`\text{odd}`, R`\text{odd}`, "match"],
  ["text vs plain word", "odd", R`\text{odd}`, "match"],
  ["text case-insensitive", R`\text{Even}`, "even", "match"],
  ["text different", R`\text{even}`, R`\text{odd}`, "mismatch"],
  ["text two words", R`\text{no solution}`, "No solution", "match"],
  ["text weekday", R`\text{Monday}`, R`\text{Monday}`, "match"],
  ["text weekday wrong", R`\text{Tuesday}`, R`\text{Monday}`, "mismatch"],
  ["text with number reference", R`\text{odd}`, "1", "mismatch"],
  ["text yes", "Yes", R`\text{yes}`, "match"],
  ["text name", R`\text{Alice}`, "Alice", "match"],
  ["chinese text", "正确", "正确", "match"],
  ["text with punctuation", R`\text{neither}.`, "neither", "match"],
]);
