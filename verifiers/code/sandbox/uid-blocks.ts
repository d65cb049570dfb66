/**
 * Hands out blocks of slot uids so that no two sandboxes share one, whether they live in one
 * process (several worker threads, each with its own module state) or in several. A block is
 * claimed by creating its claim file exclusively, which the kernel makes atomic across threads
 * and processes; the file names the owner's pid and thread id. A claim whose process has ended is
 * taken over.
 * NOTE: a worker thread that is terminated (not closed) leaves its claim until its process ends,
 * since a terminated thread runs no exit handlers. With 15,000 blocks this matters only after
 * thousands of replaced workers in one process.
 * NOTE: removing a stale claim reads its owner and then deletes the file, which is not atomic. Two
 * processes that take over the same stale block within that gap could both own it.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";

const UID_FIRST = 200_000;
/** Uids per block, which is the maximum number of slots of one sandbox. */
export const UID_BLOCK = 256;
const UID_BLOCKS = 15_000;
const CLAIM_DIR = "/run/verdict-uid-blocks";

let claimsMade = 0;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads the pid in a claim file; NaN while the file is being written or after it was removed. */
function ownerOf(file: string): number {
  try {
    return Number(readFileSync(file, "utf8").split(" ")[0] || Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** Deletes the claims of processes that have ended, so that the folder does not grow. */
function removeStaleClaims(): void {
  for (const name of readdirSync(CLAIM_DIR)) {
    const file = join(CLAIM_DIR, name);
    const owner = ownerOf(file);
    if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) rmSync(file, { force: true });
  }
}

function tryClaim(file: string): boolean {
  try {
    const fd = openSync(file, "wx", 0o644);
    writeSync(fd, `${process.pid} ${threadId}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // Taken: take it over only when its owner process is gone. A claim being written right now
  // reads as empty and is left alone.
  const owner = ownerOf(file);
  if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) return false;
  try {
    rmSync(file);
  } catch {
    return false;
  }
  return tryClaim(file);
}

/** A claimed block of uids; `release()` gives it back. */
export interface UidBlock {
  first: number;
  release(): void;
}

/**
 * Claims a free block of `UID_BLOCK` uids, starting the search at a place picked from the process
 * id, thread id and claim count so that concurrent claimers rarely contend for one file.
 */
export function claimUidBlock(): UidBlock {
  mkdirSync(CLAIM_DIR, { recursive: true, mode: 0o755 });
  removeStaleClaims();
  const start = (process.pid * 64 + threadId * 8 + claimsMade++) % UID_BLOCKS;
  for (let step = 0; step < UID_BLOCKS; step++) {
    const block = (start + step) % UID_BLOCKS;
    const file = join(CLAIM_DIR, `block-${block}`);
    if (!tryClaim(file)) continue;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      rmSync(file, { force: true });
      process.off("exit", release);
    };
    // Released on a normal exit even when the sandbox is never closed.
    process.once("exit", release);
    return { first: UID_FIRST + block * UID_BLOCK, release };
  }
  throw new Error(
    `All ${UID_BLOCKS} sandbox uid blocks in ${CLAIM_DIR} are claimed by running processes. Close unused sandboxes, or delete the claim files of processes that have ended.`,
  );
}
