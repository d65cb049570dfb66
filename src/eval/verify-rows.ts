import { type Row, streamJsonl } from "../suites/read-rows.js";
import { LineWriter } from "../util/line-writer.js";
import { orderedMap } from "../util/ordered-map.js";
import { isConfigurationError, type VerifierSet } from "./verifier-set.js";

/** A row of `verdict verify` input, or the reason it is not one. */
export class InvalidRowError extends Error {
  override name = "InvalidRowError";
}

/** One output row of `verdict verify`; the field set is a stable interface. */
export interface VerifyOutputRow {
  id: string | number;
  correct: boolean;
  score: number;
  extracted: string | null;
  reason: string;
  ms: number;
}

export interface VerifyRowsOptions {
  input: string;
  /** File path, or a stream such as stdout. */
  output: string | NodeJS.WritableStream;
  /** Verifier for rows that do not name one. */
  defaultVerifier: string;
  /** Options for rows that give none. */
  defaultOptions?: Record<string, unknown> | undefined;
  verifiers: VerifierSet;
  /** Rows verified at the same time; output stays in input order. Default 8. */
  concurrency?: number;
}

export interface VerifySummary {
  rows: number;
  correct: number;
  reasons: Record<string, number>;
  seconds: number;
}

/**
 * Streams a JSONL file of `{id, completion, reference, verifier?, options?}` rows through the
 * verifiers and writes `{id, correct, score, extracted, reason, ms}` rows in input order. Memory
 * stays bounded by `concurrency`, whatever the file size. On a malformed row it writes every row
 * before it, closes the output and rethrows with the file and line named.
 */
export async function verifyRows(options: VerifyRowsOptions): Promise<VerifySummary> {
  const started = performance.now();
  const writer = new LineWriter(options.output);
  const summary: VerifySummary = { rows: 0, correct: 0, reasons: {}, seconds: 0 };

  const verifyOne = async ({ row, line }: { row: Row; line: number }): Promise<VerifyOutputRow> => {
    const item = readRow(row, options.input, line);
    const rowOptions = item.options ?? options.defaultOptions;
    let outcome: Awaited<ReturnType<VerifierSet["verify"]>>;
    try {
      outcome = await options.verifiers.verify(
        item.verifier ?? options.defaultVerifier,
        item.completion,
        item.reference,
        rowOptions,
      );
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      throw new InvalidRowError(`${options.input}:${line} (id ${item.id}): ${error.message}`, {
        cause: error,
      });
    }
    const { verdict, ms } = outcome;
    return {
      id: item.id,
      correct: verdict.correct,
      score: verdict.score,
      extracted: verdict.extracted ?? null,
      reason: verdict.reason,
      ms: Math.round(ms * 1000) / 1000,
    };
  };

  try {
    for await (const result of orderedMap(streamJsonl(options.input), options.concurrency ?? 8, verifyOne)) {
      await writer.write(JSON.stringify(result));
      summary.rows++;
      if (result.correct) summary.correct++;
      summary.reasons[result.reason] = (summary.reasons[result.reason] ?? 0) + 1;
    }
  } finally {
    await writer.close();
    summary.seconds = (performance.now() - started) / 1000;
  }
  return summary;
}

interface InputRow {
  id: string | number;
  completion: string;
  reference: unknown;
  verifier?: string;
  options?: Record<string, unknown>;
}

function readRow(row: Row, path: string, line: number): InputRow {
  const where = `${path}:${line}`;
  const { id, completion, reference, verifier, options } = row;

  if (typeof id !== "string" && typeof id !== "number") {
    throw new InvalidRowError(
      `${where}: field "id" is missing or not a string or number. Give every row an id.`,
    );
  }
  if (typeof completion !== "string") {
    throw new InvalidRowError(
      `${where} (id ${id}): field "completion" must be a string, found ${typeName(completion)}.`,
    );
  }
  if (reference === undefined || reference === null) {
    throw new InvalidRowError(`${where} (id ${id}): field "reference" is missing or null.`);
  }
  if (verifier !== undefined && typeof verifier !== "string") {
    throw new InvalidRowError(
      `${where} (id ${id}): field "verifier" must be a verifier name, found ${typeName(verifier)}.`,
    );
  }
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) {
    throw new InvalidRowError(
      `${where} (id ${id}): field "options" must be an object, found ${typeName(options)}.`,
    );
  }

  const item: InputRow = { id, completion, reference };
  if (verifier !== undefined) item.verifier = verifier;
  if (options !== undefined) item.options = options as Record<string, unknown>;
  return item;
}

function typeName(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
