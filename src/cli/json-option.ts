import { UserError } from "./user-error.js";

/** Parses a command-line option that holds a JSON object; `undefined` when the option is absent. */
export function parseJsonOption(text: string | undefined, flag: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${flag} must be a JSON object, e.g. '{"mode":"lenient"}': ${(error as Error).message}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UserError(`${flag} must be a JSON object, e.g. '{"mode":"lenient"}', got ${text}`);
  }
  return value as Record<string, unknown>;
}
