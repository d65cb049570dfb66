import { streamJsonl } from "../suites/read-rows.js";

/** A predictions file that cannot be used; the message names the file and line. */
export class PredictionsError extends Error {
  override name = "PredictionsError";
}

/**
 * Reads a predictions file: JSONL rows `{id, completion}` (one sample) or `{id, completions: [...]}`
 * (several samples of one problem). Rows with the same id add samples in file order. Returns the
 * completions per id, in first-seen order.
 */
export async function readPredictions(path: string): Promise<Map<string, string[]>> {
  const predictions = new Map<string, string[]>();

  for await (const { row, line } of streamJsonl(path)) {
    const where = `${path}:${line}`;
    const { id, completion, completions } = row;
    if (typeof id !== "string" && typeof id !== "number") {
      throw new PredictionsError(`${where}: field "id" is missing or not a string or number.`);
    }

    const samples = readSamples(completion, completions, `${where} (id ${id})`);
    const key = String(id);
    const existing = predictions.get(key);
    if (existing === undefined) predictions.set(key, samples);
    else existing.push(...samples);
  }
  return predictions;
}

function readSamples(completion: unknown, completions: unknown, where: string): string[] {
  if (completion !== undefined && completions !== undefined) {
    throw new PredictionsError(`${where}: give either "completion" or "completions", not both.`);
  }
  if (typeof completion === "string") return [completion];
  if (Array.isArray(completions) && completions.every((item) => typeof item === "string")) {
    if (completions.length === 0) throw new PredictionsError(`${where}: "completions" is empty.`);
    return completions as string[];
  }
  throw new PredictionsError(
    `${where}: expected "completion" (a string) or "completions" (an array of strings); ` +
      `found completion=${JSON.stringify(completion)?.slice(0, 40)}, completions=${JSON.stringify(completions)?.slice(0, 40)}.`,
  );
}
