import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import { ModelLoadError } from "./model-errors.js";

const ggufMagic = "GGUF";
/** Bytes hashed from each end of the file for its fingerprint. */
const fingerprintSpan = 4 * 1024 * 1024;

/**
 * Checks that `path` is a readable file that starts like a GGUF file, so that a wrong path or
 * a text file fails with a clear message before llama.cpp sees it.
 */
export async function checkGgufFile(path: string): Promise<{ size: number }> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ModelLoadError(`model file ${path} not found or unreadable (${error.code ?? error.message})`);
  });
  if (!info.isFile()) throw new ModelLoadError(`model path ${path} is not a file; pass a .gguf file`);

  const header = await readBytes(path, 0, 8);
  if (header.subarray(0, 4).toString("latin1") !== ggufMagic) {
    throw new ModelLoadError(
      `model file ${path} is not a GGUF file (it does not start with "GGUF"); convert it with llama.cpp's convert_hf_to_gguf.py`,
    );
  }
  return { size: info.size };
}

/**
 * Returns a content fingerprint of a model file: SHA-256 over its size and its first and last
 * 4 MiB. It survives copying and renaming, and changes when the weights or metadata are
 * rewritten, without reading a multi-gigabyte file in full.
 */
export async function fingerprintModelFile(path: string): Promise<string> {
  const { size } = await stat(path);
  const hash = createHash("sha256").update(String(size));
  hash.update(await readBytes(path, 0, Math.min(size, fingerprintSpan)));
  hash.update(await readBytes(path, Math.max(0, size - fingerprintSpan), Math.min(size, fingerprintSpan)));
  return hash.digest("hex").slice(0, 16);
}

async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
