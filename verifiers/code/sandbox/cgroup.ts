/**
 * Per-slot cgroups (version 1 hierarchies: memory, pids, cpuacct) that cap a sandbox's memory and
 * process count as a whole and measure its CPU time. Each concurrent sandbox slot owns one
 * cgroup in each hierarchy and reuses it run after run.
 * NOTE: only cgroup v1 hierarchies are used. On a host with cgroup v2 only, the sandbox falls back
 * to per-process rlimits, which cap each process but not the tree.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";

const ROOT = "/sys/fs/cgroup";
const CONTROLLERS = ["memory", "pids", "cpuacct"] as const;

export class CgroupSlot {
  constructor(readonly dirs: Record<(typeof CONTROLLERS)[number], string>) {}

  /** Files a shell writes its pid into, so that it and everything it starts join the cgroups. */
  procsFiles(): string[] {
    return CONTROLLERS.map((controller) => join(this.dirs[controller], "cgroup.procs"));
  }

  /** Sets the limits for the next run and zeroes the counters. */
  prepare(memoryBytes: number, maxProcesses: number): void {
    writeFileSync(join(this.dirs.memory, "memory.limit_in_bytes"), String(memoryBytes));
    writeFileSync(join(this.dirs.pids, "pids.max"), String(maxProcesses));
    writeFileSync(join(this.dirs.cpuacct, "cpuacct.usage"), "0");
  }

  oomKills(): number {
    const text = readFileSync(join(this.dirs.memory, "memory.oom_control"), "utf8");
    return Number(/oom_kill (\d+)/.exec(text)?.[1] ?? 0);
  }

  cpuMs(): number {
    return Number(readFileSync(join(this.dirs.cpuacct, "cpuacct.usage"), "utf8")) / 1e6;
  }

  /** Pids still in the slot: after a run this must be empty. */
  pids(): number[] {
    let text: string;
    try {
      text = readFileSync(join(this.dirs.pids, "cgroup.procs"), "utf8");
    } catch {
      return [];
    }
    return text.split("\n").filter(Boolean).map(Number);
  }

  /** Kills every process left in the slot by pid; they can only be this slot's sandbox processes. */
  killAll(): void {
    for (const pid of this.pids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }

  /**
   * Kills what is left and waits until the kernel has removed it, so that no process of one run
   * is still alive when the slot's next run starts. Returns false if processes remain after `timeoutMs`.
   */
  async drain(timeoutMs = 2000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.pids().length === 0) return true;
      if (performance.now() > deadline) return false;
      this.killAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  remove(): void {
    this.killAll();
    for (const dir of Object.values(this.dirs)) {
      try {
        rmdirSync(dir);
      } catch {
        // A process that has not been reaped yet keeps the cgroup busy; the kernel frees it later.
      }
    }
  }
}

// Counts per thread: each worker thread has its own module state, so the thread id is in the name too.
let created = 0;

/**
 * Creates `count` slots under a folder named after this process, thread and sandbox, or returns
 * null without cgroup v1. Sandboxes in other worker threads or processes never share a folder.
 */
export function createCgroupSlots(count: number): CgroupSlot[] | null {
  const base = `verdict-${process.pid}-t${threadId}-${created++}`;
  if (!CONTROLLERS.every((controller) => existsSync(join(ROOT, controller, "cgroup.procs")))) return null;
  removeStaleFolders();
  try {
    const slots: CgroupSlot[] = [];
    for (let index = 0; index < count; index++) {
      const dirs = Object.fromEntries(
        CONTROLLERS.map((controller) => {
          const dir = join(ROOT, controller, base, `slot-${index}`);
          mkdirSync(dir, { recursive: true });
          return [controller, dir];
        }),
      ) as CgroupSlot["dirs"];
      slots.push(new CgroupSlot(dirs));
    }
    // The folders are removed on a normal exit even when the sandbox is never closed.
    process.once("exit", () => removeCgroupSlots(slots));
    return slots;
  } catch {
    return null;
  }
}

/** Removes the slots and their parent folders. */
export function removeCgroupSlots(slots: CgroupSlot[]): void {
  for (const slot of slots) slot.remove();
  for (const dir of new Set(
    slots.flatMap((slot) => Object.values(slot.dirs).map((slotDir) => dirname(slotDir))),
  )) {
    try {
      rmdirSync(dir);
    } catch {
      // Left for the kernel when a slot is still busy.
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the empty folders of processes that have ended: a worker thread that is terminated
 * runs no exit handler, so its folders outlive it until here.
 */
function removeStaleFolders(): void {
  for (const controller of CONTROLLERS) {
    const root = join(ROOT, controller);
    for (const name of readdirSync(root)) {
      const pid = Number(/^verdict-(\d+)-/.exec(name)?.[1] ?? 0);
      if (pid === 0 || processAlive(pid)) continue;
      try {
        for (const slot of readdirSync(join(root, name))) {
          if (slot.startsWith("slot-")) rmdirSync(join(root, name, slot));
        }
        rmdirSync(join(root, name));
      } catch {
        // It still contains a process, or another sandbox removed it first.
      }
    }
  }
}
