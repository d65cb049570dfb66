import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

/** A data file that could not be read or parsed; the message names the file and, for JSONL, the line. */
export class DataFileError extends Error {
  override name = "DataFileError";
}

export type Row = Record<string, unknown>;
export type DataFormat = "jsonl" | "json" | "parquet";

/** Infers the format from the file name: `.jsonl`, `.json`, `.parquet`, each optionally `.gz`. */
export function dataFormatOf(path: string): { format: DataFormat; gzip: boolean } {
  const gzip = path.endsWith(".gz");
  const base = gzip ? path.slice(0, -3) : path;
  if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) return { format: "jsonl", gzip };
  if (base.endsWith(".json")) return { format: "json", gzip };
  if (base.endsWith(".parquet")) return { format: "parquet", gzip };
  throw new DataFileError(
    `Cannot tell the format of ${path}: use a .jsonl, .json or .parquet file (optionally .gz-compressed).`,
  );
}

/**
 * Streams the rows of a JSONL file (optionally gzip-compressed) one line at a time, so files larger
 * than memory work. Blank lines are skipped. A line that is not a JSON object throws a
 * `DataFileError` naming the file and line, after every earlier row has been yielded.
 */
export async function* streamJsonl(path: string): AsyncGenerator<{ row: Row; line: number }> {
  let input: Readable = createReadStream(path);
  if (path.endsWith(".gz")) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });

  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    yield { row: parseJsonObject(text, path, line), line };
  }
}

/** Parses one JSONL line; throws `DataFileError` naming the place when it is not a JSON object. */
export function parseJsonObject(text: string, path: string, line: number): Row {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DataFileError(`${path}:${line}: invalid JSON (${detail}). Fix or remove this line.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataFileError(`${path}:${line}: expected a JSON object per line, found ${describe(value)}.`);
  }
  return value as Row;
}

/** Reads every row of a data file into memory (suites are small; use `streamJsonl` for big inputs). */
export async function readRows(path: string): Promise<Row[]> {
  const { format, gzip } = dataFormatOf(path);
  if (format === "jsonl") {
    const rows: Row[] = [];
    for await (const { row } of streamJsonl(path)) rows.push(row);
    return rows;
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(path);
    if (gzip) bytes = gunzipSync(bytes);
  } catch (error) {
    throw new DataFileError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  return format === "json" ? parseJsonArray(bytes, path) : readParquet(bytes, path);
}

function parseJsonArray(bytes: Buffer, path: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new DataFileError(`${path}: invalid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(value)) {
    throw new DataFileError(`${path}: expected a JSON array of objects, found ${describe(value)}.`);
  }
  value.forEach((item, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new DataFileError(`${path}: element ${index} is ${describe(item)}, expected an object.`);
    }
  });
  return value as Row[];
}

async function readParquet(bytes: Buffer, path: string): Promise<Row[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Row[];
  try {
    rows = (await parquetReadObjects({ file, compressors })) as Row[];
  } catch (error) {
    throw new DataFileError(`${path}: not a readable Parquet file (${(error as Error).message}).`);
  }
  return rows.map(plainRow);
}

// Parquet INT64 columns come back as bigint, which JSON cannot hold; small ones become numbers.
function plainRow(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    return plainRow(value as Row);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
