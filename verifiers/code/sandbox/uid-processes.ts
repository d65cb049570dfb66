/**
 * Finds processes by uid through /proc, for hosts without cgroup v1, where a slot has no cgroup to
 * list its processes. A slot uid belongs to one sandbox slot, so its processes are that slot's.
 */
import { readdirSync, statSync } from "node:fs";

/** Pids of the processes whose /proc entry belongs to `uid`. */
export function pidsOfUid(uid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (statSync(`/proc/${name}`).uid === uid) pids.push(Number(name));
    } catch {
      // The process ended while the folder was read.
    }
  }
  return pids;
}

/** Kills the uid's processes by pid until none is left; returns false if some remain after `timeoutMs`. */
export async function drainUid(uid: number, timeoutMs = 2000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const pids = pidsOfUid(uid);
    if (pids.length === 0) return true;
    if (performance.now() > deadline) return false;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
