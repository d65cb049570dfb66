import type { Answer } from "./answer.js";
import type { LeafComparer } from "./compare.js";

/** Text answers compare case-insensitively, ignoring spaces and punctuation. */
export function canonicalText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\\text\{([^{}]*)\}/g, "$1")
    .replace(/[\s{}()[\].,;:'"`\\-]/g, "");
}

function spacesRemoved(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * The main thread's leaf comparer: decides what needs no parser (identical text, text answers,
 * numbers against words) and returns `"unknown"` for everything that needs symbolic work.
 */
export const fastLeaf: LeafComparer = (answer, reference) => {
  if (answer.kind === "text" || reference.kind === "text") {
    return canonicalText(leafText(answer)) === canonicalText(leafText(reference));
  }
  if (spacesRemoved(leafText(answer)) === spacesRemoved(leafText(reference))) return true;
  return "unknown";
};

/** The text of a leaf (number, expression, text or relation). */
export function leafText(answer: Answer): string {
  switch (answer.kind) {
    case "number":
    case "expression":
    case "text":
      return answer.text;
    case "relation":
      return answer.sides.map((side, index) => `${side}${answer.operators[index] ?? ""}`).join("");
    default:
      return "";
  }
}
