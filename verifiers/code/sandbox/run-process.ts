/**
 * Spawns one sandboxed command, feeds it stdin and its files, collects output up to a limit and
 * kills the whole process group when the wall-clock limit or the output limit is passed.
 */
import { spawn } from "node:child_process";
import type { Writable } from "node:stream";

export interface ProcessLaunch {
  file: string;
  args: string[];
  stdin: string;
  /** Contents written, in order, to the extra pipes at fd 3, 4, ... (bubblewrap's data files). */
  dataFds: string[];
  wallTimeMs: number;
  outputLimitBytes: number;
  cwd?: string;
  /** Called after the process group is killed, to sweep what escaped the group. */
  killStragglers?: () => void;
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  wallMs: number;
  killedFor: "timeout" | "output-limit" | "abort" | null;
  spawnError: string | null;
}

function writeQuietly(stream: Writable | null | undefined, text: string): void {
  if (!stream) return;
  // The program may close its stdin early; EPIPE then is the program's business, not an error here.
  stream.on("error", () => {});
  stream.end(text);
}

export function runProcess(launch: ProcessLaunch, signal?: AbortSignal): Promise<ProcessOutcome> {
  const started = performance.now();
  const stdio: ("pipe" | "ignore")[] = ["pipe", "pipe", "pipe", ...launch.dataFds.map(() => "pipe" as const)];
  const child = spawn(launch.file, launch.args, { stdio, detached: true, cwd: launch.cwd, env: {} });

  return new Promise((resolve) => {
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const truncated = { stdout: false, stderr: false };
    let outputBytes = 0;
    let killedFor: ProcessOutcome["killedFor"] = null;
    let spawnError: string | null = null;

    const kill = (reason: NonNullable<ProcessOutcome["killedFor"]>) => {
      killedFor ??= reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
      launch.killStragglers?.();
    };

    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      const room = launch.outputLimitBytes - outputBytes;
      outputBytes += chunk.length;
      if (room > 0) chunks[stream].push(room >= chunk.length ? chunk : chunk.subarray(0, room));
      if (outputBytes > launch.outputLimitBytes) {
        truncated[stream] = true;
        kill("output-limit");
      }
    };
    child.stdout?.on("data", collect("stdout"));
    child.stderr?.on("data", collect("stderr"));

    const timer = setTimeout(() => kill("timeout"), launch.wallTimeMs);
    const onAbort = () => kill("abort");
    signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.on("close", (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      // Whatever the command left behind in its process group goes too.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Nothing left.
      }
      resolve({
        exitCode: code,
        signal: exitSignal,
        stdout: Buffer.concat(chunks.stdout).toString("utf8"),
        stderr: Buffer.concat(chunks.stderr).toString("utf8"),
        stdoutTruncated: truncated.stdout,
        stderrTruncated: truncated.stderr,
        wallMs: performance.now() - started,
        killedFor,
        spawnError,
      });
    });

    writeQuietly(child.stdin, launch.stdin);
    launch.dataFds.forEach((content, index) => {
      writeQuietly(child.stdio[3 + index] as Writable | null, content);
    });
  });
}
