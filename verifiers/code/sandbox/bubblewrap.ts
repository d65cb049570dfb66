/**
 * The local sandbox. Each run is a bubblewrap (`bwrap`) container with no network, with /usr and
 * the interpreter read-only and fresh tmpfs mounts for /, /tmp and the work folder. The
 * environment is cleared, and the program runs as an unprivileged uid (one per slot) with no new
 * privileges and no capabilities. rlimits cap each process (CPU seconds, address space for
 * Python, processes per uid, file size, core dumps) and, with cgroup v1, a per-slot cgroup caps
 * memory and process count of the whole tree. The sandbox runs in its own pid namespace, so when
 * its first process ends or is killed, the kernel kills every process left in it.
 * NOTE: this backend needs root to switch to the slot uid with setpriv. As another user, the
 * constructor throws a SandboxUnavailableError that says so.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import pLimit, { type LimitFunction } from "p-limit";
import { type CgroupSlot, createCgroupSlots, removeCgroupSlots } from "./cgroup.js";
import { findInterpreters, type Interpreter, type Interpreters } from "./interpreters.js";
import { type ProcessOutcome, runProcess } from "./run-process.js";
import {
  checkFileNames,
  entryFileName,
  type Sandbox,
  type SandboxRequest,
  type SandboxResult,
  SandboxUnavailableError,
  sandboxError,
} from "./sandbox.js";
import { SlotPool } from "./slot-pool.js";
import { claimUidBlock, UID_BLOCK, type UidBlock } from "./uid-blocks.js";
import { drainUid } from "./uid-processes.js";

export interface BubblewrapOptions {
  /** Runs at the same time. Default: the number of CPU cores. */
  concurrency?: number;
  /**
   * First uid of the slot uids; slot i runs as uid `uidBase + i`. Default: a block of 256 uids
   * from 200000 up, claimed for this sandbox alone (see uid-blocks.ts), so that no other sandbox,
   * in this thread, another worker thread or another process, shares a slot uid or its per-uid
   * process limit. A given `uidBase` is used as is.
   */
  uidBase?: number;
  /** Most processes (and threads) a run may hold at once. Default: 64. */
  maxProcesses?: number;
  /** Size of each tmpfs (/tmp and the work folder) in MiB. Default: 64. */
  tmpfsMb?: number;
  /** Python command used to find the real interpreter. Default: "python3". */
  pythonCommand?: string;
  /** Use cgroup v1 where the host has it; false runs on rlimits alone, as on a cgroup v2 host. Default: true. */
  useCgroups?: boolean;
}

export const WORK_DIR = "/work";
const MIB = 1024 * 1024;

/** Finds a tool on the PATH, or returns null. */
function which(tool: string): string | null {
  const found = spawnSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

export class BubblewrapSandbox implements Sandbox {
  readonly name = "bubblewrap";
  private readonly slots: SlotPool;
  /** Runs in flight; there are twice as many slots, so a released slot rests before its next run. */
  private readonly running: LimitFunction;
  private readonly slotCount: number;
  private readonly cgroups: CgroupSlot[] | null;
  private readonly interpreters: Interpreters;
  private readonly bwrap: string;
  private readonly setpriv: string;
  private readonly options: Required<BubblewrapOptions>;
  /** The claimed uid block when `uidBase` was not given. */
  private readonly uidBlock: UidBlock | null = null;

  /** Checks the tools and cgroups; `probe()` then checks that a sandbox really starts. */
  constructor(options: BubblewrapOptions = {}) {
    this.options = {
      concurrency: options.concurrency ?? availableParallelism(),
      uidBase: options.uidBase ?? 0,
      maxProcesses: options.maxProcesses ?? 64,
      tmpfsMb: options.tmpfsMb ?? 64,
      pythonCommand: options.pythonCommand ?? "python3",
      useCgroups: options.useCgroups ?? true,
    };
    if (this.options.concurrency > UID_BLOCK && options.uidBase === undefined) {
      throw new Error(
        `A sandbox runs at most ${UID_BLOCK} programs at once; concurrency ${this.options.concurrency} is too high.`,
      );
    }
    const bwrap = which("bwrap");
    if (!bwrap) {
      throw new SandboxUnavailableError(
        "bubblewrap (bwrap) not found on the PATH: install it (Debian/Ubuntu: apt-get install -y bubblewrap).",
      );
    }
    const setpriv = which("setpriv");
    if (!setpriv) {
      throw new SandboxUnavailableError("setpriv not found on the PATH: install util-linux.");
    }
    if (process.getuid?.() !== 0) {
      throw new SandboxUnavailableError(
        "The bubblewrap sandbox must run as root, to run each program as its own unprivileged uid. Run verdict as root (for example in a container), or use a remote sandbox (sandbox: sandbox-fusion or piston).",
      );
    }
    this.bwrap = bwrap;
    this.setpriv = setpriv;
    this.interpreters = findInterpreters(this.options.pythonCommand);
    if (options.uidBase === undefined) {
      this.uidBlock = claimUidBlock();
      this.options.uidBase = this.uidBlock.first;
    }
    // A run's exited processes can stay charged to its slot's pids cgroup and uid for a while after
    // it ends. A slot reused at once then failed to fork (EAGAIN) in about one run in ten at two
    // sandboxes, so spare slots, handed out oldest first, give each slot time to settle.
    this.slotCount = Math.min(UID_BLOCK, this.options.concurrency * 2);
    this.running = pLimit(this.options.concurrency);
    this.slots = new SlotPool(this.slotCount);
    this.cgroups = this.options.useCgroups ? createCgroupSlots(this.slotCount) : null;
  }

  /** The uids the slots run as, first and last. */
  get uids(): [number, number] {
    return [this.options.uidBase, this.options.uidBase + this.slotCount - 1];
  }

  /** Whether memory and process limits also apply to the whole process tree. */
  get hasCgroups(): boolean {
    return this.cgroups !== null;
  }

  /** Runs a small program in each language; throws `SandboxUnavailableError` naming what failed. */
  async probe(): Promise<void> {
    const limits = { wallTimeMs: 10_000, cpuTimeMs: 10_000, memoryMb: 512, outputLimitBytes: 4096 };
    for (const language of ["python", "javascript"] as const) {
      const code = language === "python" ? "print(6 * 7)" : "console.log(6 * 7)";
      const result = await this.run({ language, code, ...limits });
      if (result.status !== "ok" || result.stdout.trim() !== "42") {
        const found = result.message ?? result.stderr.trim().slice(0, 500);
        throw new SandboxUnavailableError(
          `The bubblewrap sandbox failed its start-up check for ${language} (status ${result.status}): ${found}. It needs bwrap with mount, pid and network namespaces, and /usr plus ${this.interpreters[language].path} readable.`,
        );
      }
    }
  }

  async run(request: SandboxRequest, signal?: AbortSignal): Promise<SandboxResult> {
    checkFileNames(request.files);
    return this.running(() => this.slots.use((slot) => this.runInSlot(slot, request, signal)));
  }

  private async runInSlot(
    slot: number,
    request: SandboxRequest,
    signal?: AbortSignal,
  ): Promise<SandboxResult> {
    const cgroup = this.cgroups?.[slot] ?? null;
    try {
      cgroup?.killAll();
      cgroup?.prepare(request.memoryMb * MIB, this.options.maxProcesses);
    } catch (error) {
      return sandboxError(`cgroup setup failed: ${(error as Error).message}`);
    }
    const oomBefore = cgroup?.oomKills() ?? 0;
    const interpreter = this.interpreters[request.language];
    const files = { [entryFileName(request.language)]: request.code, ...request.files };

    const outcome = await runProcess(
      {
        file: "/bin/sh",
        args: [
          "-c",
          this.shellScript(request, cgroup),
          "sh",
          ...this.bwrapArgs(slot, request, interpreter, files),
        ],
        stdin: request.stdin ?? "",
        dataFds: Object.values(files),
        wallTimeMs: request.wallTimeMs,
        outputLimitBytes: request.outputLimitBytes,
        killStragglers: () => cgroup?.killAll(),
      },
      signal,
    );

    // A killed sandbox's pid namespace dies asynchronously; without a cgroup, /proc shows what is left.
    const uid = this.options.uidBase + slot;
    const drained = cgroup ? await cgroup.drain() : outcome.killedFor === null || (await drainUid(uid));
    signal?.throwIfAborted();
    if (!drained) {
      return sandboxError(`processes of uid ${uid} were still alive 2 s after the run ended`);
    }
    const cpuMs = cgroup?.cpuMs() ?? null;
    const oomKilled = (cgroup?.oomKills() ?? 0) > oomBefore;
    return classify(outcome, request, cpuMs, oomKilled);
  }

  /** Joins the slot's cgroups, sets rlimits, then starts bwrap in place of the shell. */
  private shellScript(request: SandboxRequest, cgroup: CgroupSlot | null): string {
    const join = (cgroup?.procsFiles() ?? []).map((file) => `echo $$ > ${file} || exit 125`);
    const cpuSeconds = Math.max(1, Math.ceil(request.cpuTimeMs / 1000));
    const limits = [
      // SIGXCPU at the soft limit marks a CPU timeout; the hard limit one second later kills.
      `ulimit -S -t ${cpuSeconds}`,
      `ulimit -H -t ${cpuSeconds + 1}`,
      `ulimit -p ${this.options.maxProcesses}`,
      `ulimit -f ${this.options.tmpfsMb * 2048}`,
      "ulimit -c 0",
      "ulimit -n 256",
    ];
    // Node reserves far more address space than it uses, so JavaScript relies on the heap flag and the cgroup.
    if (request.language === "python") limits.push(`ulimit -v ${request.memoryMb * 1024}`);
    return [...join, ...limits, 'exec "$@"'].join("; ");
  }

  private bwrapArgs(
    slot: number,
    request: SandboxRequest,
    interpreter: Interpreter,
    files: Record<string, string>,
  ): string[] {
    const uid = String(this.options.uidBase + slot);
    const tmpfsBytes = String(this.options.tmpfsMb * MIB);
    const args = [
      this.bwrap,
      "--unshare-net",
      "--unshare-pid",
      "--unshare-ipc",
      "--unshare-uts",
      "--unshare-cgroup-try",
      "--die-with-parent",
      "--new-session",
      "--clearenv",
      "--setenv",
      "PATH",
      "/usr/bin:/bin",
      "--setenv",
      "HOME",
      WORK_DIR,
      "--setenv",
      "LANG",
      "C.UTF-8",
      "--ro-bind",
      "/usr",
      "/usr",
      "--symlink",
      "usr/bin",
      "/bin",
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      "--symlink",
      "usr/sbin",
      "/sbin",
    ];
    for (const mount of interpreter.mounts) args.push("--ro-bind", mount, mount);
    args.push(
      "--proc",
      "/proc",
      "--dev",
      "/dev",
      "--perms",
      "1777",
      "--size",
      tmpfsBytes,
      "--tmpfs",
      "/tmp",
      "--perms",
      "0777",
      "--size",
      tmpfsBytes,
      "--tmpfs",
      WORK_DIR,
    );
    Object.keys(files).forEach((name, index) => {
      args.push("--perms", "0444", "--ro-bind-data", String(3 + index), `${WORK_DIR}/${name}`);
    });
    args.push("--remount-ro", "/", "--chdir", WORK_DIR, "--");
    args.push(
      this.setpriv,
      `--reuid=${uid}`,
      `--regid=${uid}`,
      "--clear-groups",
      "--no-new-privs",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--",
      interpreter.path,
      ...interpreter.flags,
      ...(request.language === "javascript"
        ? [`--max-old-space-size=${Math.max(16, request.memoryMb >> 1)}`]
        : []),
      entryFileName(request.language),
      ...(request.args ?? []),
    );
    return args;
  }

  async close(): Promise<void> {
    if (this.cgroups) removeCgroupSlots(this.cgroups);
    this.uidBlock?.release();
  }
}

/** Turns a finished process into a sandbox result; limits win over the exit status. */
export function classify(
  outcome: ProcessOutcome,
  request: SandboxRequest,
  cpuMs: number | null,
  oomKilled: boolean,
): SandboxResult {
  const base = {
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    stdoutTruncated: outcome.stdoutTruncated,
    stderrTruncated: outcome.stderrTruncated,
    wallMs: outcome.wallMs,
    cpuMs,
  };
  if (outcome.spawnError)
    return { ...sandboxError(`failed to start: ${outcome.spawnError}`), wallMs: outcome.wallMs };
  if (outcome.killedFor === "abort") return { ...base, status: "sandbox-error", message: "aborted" };
  if (outcome.killedFor === "output-limit") {
    return { ...base, status: "output-limit", message: `output passed ${request.outputLimitBytes} bytes` };
  }
  if (outcome.killedFor === "timeout") {
    return { ...base, status: "timeout", message: `wall-clock time passed ${request.wallTimeMs} ms` };
  }
  if (oomKilled) return { ...base, status: "memory-limit", message: `memory passed ${request.memoryMb} MiB` };
  // SIGXCPU (24) from the CPU rlimit; bwrap reports a signal death as 128 + the signal number.
  if (
    (cpuMs !== null && cpuMs > request.cpuTimeMs) ||
    outcome.exitCode === 128 + 24 ||
    outcome.signal === "SIGXCPU"
  ) {
    return { ...base, status: "timeout", message: `CPU time passed ${request.cpuTimeMs} ms` };
  }
  if (
    outcome.exitCode === 125 ||
    (/^bwrap: /m.test(outcome.stderr.slice(0, 200)) && outcome.exitCode === 1)
  ) {
    return { ...base, status: "sandbox-error", message: outcome.stderr.trim().slice(0, 500) };
  }
  if (outcome.exitCode !== 0 && /\bMemoryError\b|JavaScript heap out of memory/.test(outcome.stderr)) {
    return { ...base, status: "memory-limit", message: `memory passed ${request.memoryMb} MiB` };
  }
  return { ...base, status: outcome.exitCode === 0 ? "ok" : "runtime-error" };
}
