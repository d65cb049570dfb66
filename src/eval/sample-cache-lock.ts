import { open, readFile, rm } from "node:fs/promises";

/** Another live process is writing to the same sample cache. */
export class SampleCacheLockedError extends Error {
  override name = "SampleCacheLockedError";
}

/**
 * Takes the lock file `<cachePath>.lock`, which holds the owner's process id, so that two runs
 * never append to one cache at once. A lock left by a process that no longer exists (a run
 * killed with SIGKILL) is taken over. Returns a function that releases the lock.
 */
export async function lockSampleCache(cachePath: string): Promise<() => Promise<void>> {
  const lockPath = `${cachePath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }

    const owner = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new SampleCacheLockedError(
        `sample cache ${cachePath} is in use by another verdict run (process ${owner}); wait for it or pass another --out or --cache`,
      );
    }
    await rm(lockPath, { force: true });
  }
  throw new SampleCacheLockedError(`could not lock sample cache ${cachePath}: ${lockPath} keeps reappearing`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
