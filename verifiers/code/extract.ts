/**
 * Takes the program out of a completion: the last fenced code block of the right language, else
 * the last fenced block with no language tag, else the whole completion (the usual case when the
 * prompt ends in a function head and the model writes the body).
 */
import type { SandboxLanguage } from "./sandbox/sandbox.js";

export type ProgramLanguage = SandboxLanguage | "typescript";

const LANGUAGE_TAGS: Record<ProgramLanguage, string[]> = {
  python: ["python", "python3", "py"],
  javascript: ["javascript", "js", "node", "mjs"],
  typescript: ["typescript", "ts"],
};

// An opening fence of three or more backticks with an optional tag, up to the matching close.
const FENCE = /^(`{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;

export interface ExtractedProgram {
  code: string;
  /** "fenced" when a code block was found, "whole" when the whole completion was taken. */
  source: "fenced" | "whole";
}

export function extractProgram(completion: string, language: ProgramLanguage): ExtractedProgram {
  const tags = LANGUAGE_TAGS[language];
  let tagged: string | undefined;
  let untagged: string | undefined;
  for (const match of completion.matchAll(FENCE)) {
    const tag = (match[2] ?? "").toLowerCase();
    const body = match[3] ?? "";
    if (tags.includes(tag)) tagged = body;
    else if (tag === "") untagged = body;
  }
  const fenced = tagged ?? untagged;
  if (fenced !== undefined) return { code: fenced, source: "fenced" };
  return { code: completion, source: "whole" };
}
