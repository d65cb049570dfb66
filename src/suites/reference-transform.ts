import { lastBoxed } from "../../verifiers/math/index.js";
import type { ReferenceTransform } from "./suite-definition.js";

/**
 * Takes the reference answer out of a solution field. Throws when the field does not contain one,
 * because a suite whose reference cannot be read is a data bug, not a wrong model answer.
 */
export function transformReference(transform: ReferenceTransform, value: unknown): string {
  if (typeof value !== "string")
    throw new Error(`the ${transform} transform needs a text field, found ${typeof value}`);

  if (transform === "after-####") {
    const at = value.lastIndexOf("####");
    if (at < 0) throw new Error(`no "####" marker in the reference field: ${preview(value)}`);
    // GSM8K writes thousands with commas after the marker (e.g. "#### 1,000").
    return value
      .slice(at + 4)
      .trim()
      .replace(/,/g, "");
  }

  const boxed = lastBoxed(value);
  if (boxed === undefined) throw new Error(`no \\boxed{} answer in the reference field: ${preview(value)}`);
  return boxed;
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `...${text.slice(-80)}` : text);
}
