import type { Case } from "./case.js";

const R = String.raw;

export const hedgingCases: Case[] = [
  ["two different boxes", R`\boxed{3} or maybe \boxed{5}`, "3", "hedged"],
  ["two different boxes, neither right", R`\boxed{4} or \boxed{5}`, "3", "mismatch"],
  ["same answer boxed twice", R`\boxed{3}. Again: \boxed{3}`, "3", "match"],
  ["equivalent boxes in two spellings", R`\boxed{\frac12} that is \boxed{0.5}`, "1/2", "match"],
  ["box contradicts stated answer", "The answer is 5.\n\nActually \\boxed{6}", "6", "hedged"],
  ["stated answer after box contradicts it", "\\boxed{6}\n\nFinal Answer: 5", "6", "hedged"],
  ["stated answer after box agrees", "\\boxed{6}\n\nFinal Answer: 6", "6", "match"],
  ["list containing the reference", R`\boxed{3, 5}`, "3", "hedged"],
  ["list with or containing the reference", R`\boxed{3 \text{ or } 5}`, "5", "hedged"],
  ["list of every digit", R`\boxed{0,1,2,3,4,5,6,7,8,9}`, "7", "hedged"],
  ["list not containing the reference", R`\boxed{4, 5}`, "3", "mismatch"],
  ["list equals list reference", R`\boxed{5, 3}`, "3, 5", "match"],
  ["lenient takes the last box", R`\boxed{3} or \boxed{5}`, "5", "hedged"],
  ["three boxes all equal", R`\boxed{2}, \boxed{2.0}, \boxed{\frac{4}{2}}`, "2", "match"],
  ["plus-minus is two answers", R`\boxed{\pm 2}`, "2", "mismatch"],
  ["number only in reasoning", "First 3 + 4 = 7. Then I am done.", "7", "no-answer"],
  ["answer tag and box disagree", R`<answer>4 \boxed{5}</answer>`, "5", "match"],
  ["box in think and different answer tag", R`<think>\boxed{1}</think><answer>2</answer>`, "1", "mismatch"],
  ["hedge across think boundary is fine", R`<think>\boxed{1} \boxed{2}</think>\boxed{2}`, "2", "match"],
  [
    "boxed intermediate and final differ",
    R`We get $a=\boxed{2}$, so the sum is $\boxed{10}$.`,
    "10",
    "hedged",
  ],
  [
    "remark about the answer ignored",
    "We check that the answer is reasonable.\n\n\\boxed{12}",
    "12",
    "match",
  ],
  [
    "final answer mid-sentence ignored",
    "To get the final answer, add 3 and 4.\n\nSo \\boxed{7}",
    "7",
    "match",
  ],
  ["stated number contradicting box", "The answer is 8.\n\nSo \\boxed{7}", "7", "hedged"],
  ["every choice letter", R`\boxed{A B C D E}`, "A", "mismatch"],
  ["choice letters with or", R`\boxed{(A) \text{ or } (C)}`, "C", "hedged"],
  ["scatter of many boxes", Array.from({ length: 40 }, (_, i) => `\\boxed{${i}}`).join(" "), "7", "hedged"],
  ["zero-width space inside number", "\\boxed{1\u200b2}", "12", "match"],
  [
    "prose after answer phrase ignored",
    "the answer is expected to be an integer here\n\\boxed{12}",
    "12",
    "match",
  ],
];
