import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";

/**
 * Buffered, back-pressure-aware writer of text lines to a file or to stdout. Lines are collected
 * into chunks of about `chunkBytes` (default 64 KiB) so a million small rows do not cost a million
 * write calls.
 */
export class LineWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  private readonly stream: NodeJS.WritableStream;
  private readonly ownsStream: boolean;

  constructor(
    target: string | NodeJS.WritableStream,
    private readonly chunkBytes = 64 * 1024,
  ) {
    this.ownsStream = typeof target === "string";
    this.stream = typeof target === "string" ? createWriteStream(target) : target;
  }

  /** Queues one line (without its newline); flushes when the buffer is full. */
  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars >= this.chunkBytes) await this.flush();
  }

  /** Writes out every queued line and waits if the stream asks for back-pressure. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join("\n")}\n`;
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  /** Flushes and, for a file opened by this writer, closes it and waits until it is on disk. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.ownsStream) return;
    const file = this.stream as WriteStream;
    await new Promise<void>((resolve, reject) => {
      file.once("error", reject);
      file.end(() => resolve());
    });
  }
}
