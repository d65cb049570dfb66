import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createGenerationProgress } from "../../src/eval/generate-progress.js";

/** Creates a stream that records what is written to it and reports itself as a terminal or not. */
function captureStream(isTTY: boolean): { stream: NodeJS.WriteStream; output: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let written = "";
  stream.on("data", (chunk: Buffer) => {
    written += chunk.toString();
  });
  Object.assign(stream, {
    isTTY,
    columns: 120,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, output: () => written };
}

describe("createGenerationProgress", () => {
  it("writes plain lines when the stream is not a terminal", async () => {
    const { stream, output } = captureStream(false);
    const progress = createGenerationProgress({ stream, logIntervalSeconds: 3600 });
    progress.start(10, 4);
    for (let sample = 0; sample < 6; sample++) progress.advance(100);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));

    const lines = output().trim().split("\n");
    expect(lines[0]).toBe("generating 10 samples (4 from the cache)");
    expect(lines[1]).toMatch(/^generated 10\/10 samples, \d+ tokens\/s, 0s left$/);
  });

  it("draws a bar with samples, tokens/s and time left on a terminal", async () => {
    const { stream, output } = captureStream(true);
    const progress = createGenerationProgress({ stream });
    progress.start(8, 0);
    for (let sample = 0; sample < 8; sample++) progress.advance(50);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));

    expect(output()).toMatch(/generating .* 8\/8 samples \| \d+ tokens\/s \| \S+ left/);
  });
});
