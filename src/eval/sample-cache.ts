import { createHash } from "node:crypto";
import { type FileHandle, mkdir, open, readFile, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import type { Completion, Prompt, SamplingParameters } from "../models/model-backend.js";
import { lockSampleCache } from "./sample-cache-lock.js";

/**
 * An append-only JSONL file of generated samples, so that an interrupted run resumes where it
 * stopped. Each finished sample is written with its own `write` call as it arrives, so it
 * survives the process being killed. The file is fsync'd in batches, so it also survives a
 * machine crash up to the last batch. A sample is keyed by the model, the prompt, the sampling
 * parameters and its sample index: every index of a problem is a separate draw, never one
 * answer reused for all n. A lock file keeps two runs from appending to one cache at once.
 */

/** One line of the cache file. */
export interface CachedSample {
  /** Request key: a hash of the model, the prompt and the sampling parameters. */
  key: string;
  problemId: string;
  index: number;
  text: string;
  tokens: number;
  tokensApproximate?: boolean;
  thinkTokens?: number;
  finishReason: "stop" | "length";
}

/** Options of {@link SampleCache.open}. */
export interface SampleCacheOptions {
  /** Samples written between two fsync calls. Default 32. */
  syncEverySamples?: number;
  /** Maximum time in milliseconds a written sample waits for an fsync. Default 1000. */
  syncEveryMs?: number;
}

/** Returns the cache key of a request: model, prompt and sampling parameters, hashed. */
export function requestKey(modelId: string, prompt: Prompt, sampling: SamplingParameters): string {
  const identity = JSON.stringify({ modelId, prompt, sampling: canonicalSampling(sampling) });
  return createHash("sha256").update(identity).digest("hex").slice(0, 32);
}

/** Returns the sampling fields in a fixed order, so that the key does not depend on property order. */
function canonicalSampling(sampling: SamplingParameters): unknown[] {
  const { temperature, topP, topK, minP, maxTokens, stop, seed } = sampling;
  return [temperature, topP, topK, minP, maxTokens, stop, seed];
}

export class SampleCache {
  private unsynced = 0;
  private syncTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly samples: Map<string, CachedSample>,
    private readonly handle: FileHandle,
    private readonly options: Required<SampleCacheOptions>,
    /** Lines of the file that could not be read (a line cut off by a kill), dropped on open. */
    readonly droppedLines: number,
    private readonly unlock: () => Promise<void>,
  ) {}

  /**
   * Opens (or creates) the cache file and reads what earlier runs stored. A last line cut off
   * by a kill is removed from the file, so that appending starts on a fresh line.
   */
  static async open(path: string, options: SampleCacheOptions = {}): Promise<SampleCache> {
    await mkdir(dirname(path), { recursive: true });
    const unlock = await lockSampleCache(path);
    try {
      const { samples, validBytes, droppedLines } = await readCacheFile(path);
      if (validBytes !== null) await truncate(path, validBytes);

      const handle = await open(path, "a");
      const settings = {
        syncEverySamples: options.syncEverySamples ?? 32,
        syncEveryMs: options.syncEveryMs ?? 1000,
      };
      return new SampleCache(path, samples, handle, settings, droppedLines, unlock);
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  /** Number of samples stored. */
  get size(): number {
    return this.samples.size;
  }

  /** Returns the stored sample `index` of the request `key`, if any. */
  get(key: string, index: number): CachedSample | undefined {
    return this.samples.get(`${key}:${index}`);
  }

  /**
   * Appends a finished sample. Samples that ended in an error are not stored, so that the next
   * run tries them again; a sample already stored is not written twice.
   */
  add(key: string, problemId: string, completion: Completion): void {
    if (this.closed) throw new Error(`sample cache ${this.path} is closed`);
    if (completion.finishReason === "error") return;
    const id = `${key}:${completion.index}`;
    if (this.samples.has(id)) return;

    const sample: CachedSample = {
      key,
      problemId,
      index: completion.index,
      text: completion.text,
      tokens: completion.tokens,
      ...(completion.tokensApproximate ? { tokensApproximate: true } : {}),
      ...(completion.thinkTokens === undefined ? {} : { thinkTokens: completion.thinkTokens }),
      finishReason: completion.finishReason,
    };
    this.samples.set(id, sample);
    this.enqueue(`${JSON.stringify(sample)}\n`);
  }

  /** Waits until every added sample is written and fsync'd. */
  async flush(): Promise<void> {
    await this.writing;
    if (this.unsynced > 0) await this.sync();
  }

  /** Flushes and closes the file. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.syncTimer);
    try {
      await this.flush();
      await this.handle.close();
    } finally {
      await this.unlock();
    }
  }

  private enqueue(line: string): void {
    // Writes are chained so lines never interleave; one write call per line.
    this.writing = this.writing.then(async () => {
      await this.handle.write(line);
      this.unsynced++;
      if (this.unsynced >= this.options.syncEverySamples) await this.sync();
      else this.syncTimer ??= setTimeout(() => void this.syncSoon(), this.options.syncEveryMs);
    });
  }

  private syncSoon(): void {
    this.writing = this.writing.then(() => (this.unsynced > 0 ? this.sync() : undefined));
  }

  private async sync(): Promise<void> {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    this.unsynced = 0;
    await this.handle.sync();
  }
}

/**
 * Reads the cache file. Returns the stored samples and, when the file ends in a partial or
 * unreadable line, the byte length of the valid part, so the caller can cut the rest off.
 */
async function readCacheFile(
  path: string,
): Promise<{ samples: Map<string, CachedSample>; validBytes: number | null; droppedLines: number }> {
  const samples = new Map<string, CachedSample>();
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { samples, validBytes: null, droppedLines: 0 };
    throw error;
  }

  let start = 0;
  let validBytes = 0;
  let droppedLines = 0;
  while (start < content.length) {
    const newline = content.indexOf(0x0a, start);
    const end = newline === -1 ? content.length : newline;
    const sample = parseCachedSample(content.subarray(start, end).toString("utf8"));
    const complete = newline !== -1 && sample !== undefined;
    if (complete) {
      samples.set(`${sample.key}:${sample.index}`, sample);
      validBytes = end + 1;
    } else if (end > start) {
      droppedLines++;
    }
    start = end + 1;
  }
  return { samples, validBytes: validBytes === content.length ? null : validBytes, droppedLines };
}

function parseCachedSample(line: string): CachedSample | undefined {
  try {
    const value = JSON.parse(line) as Partial<CachedSample>;
    const valid =
      typeof value.key === "string" &&
      typeof value.problemId === "string" &&
      Number.isInteger(value.index) &&
      typeof value.text === "string" &&
      typeof value.tokens === "number" &&
      (value.finishReason === "stop" || value.finishReason === "length");
    return valid ? (value as CachedSample) : undefined;
  } catch {
    return undefined;
  }
}
