/**
 * One request and one result shape for every sandbox backend. The fields follow SandboxFusion's
 * `/run_code` request (code, language, stdin, files, run_timeout, memory_limit_MB) so the remote
 * backends map onto it field by field; Piston's `/api/v2/execute` maps onto the same fields.
 */

export const SANDBOX_LANGUAGES = ["python", "javascript"] as const;
export type SandboxLanguage = (typeof SANDBOX_LANGUAGES)[number];

export interface SandboxRequest {
  language: SandboxLanguage;
  /** Source of the entry file, run as `<interpreter> main.<ext> ...args`. */
  code: string;
  /** Extra read-only files, by name relative to the work folder (no `/` or `..` in names). */
  files?: Record<string, string>;
  /** Arguments after the entry file. */
  args?: string[];
  /** Bytes written to the program's standard input, then closed. Default: empty. */
  stdin?: string;
  /** Wall-clock limit in milliseconds; the whole process tree is killed when it passes. */
  wallTimeMs: number;
  /** CPU time limit in milliseconds, summed over the program's processes where a cgroup exists. */
  cpuTimeMs: number;
  /** Memory limit in MiB (address space per process, and the cgroup total where available). */
  memoryMb: number;
  /** Limit on stdout and stderr together, in bytes; past it the run is killed. */
  outputLimitBytes: number;
}

/**
 * - `ok`: ran to the end and exited with status 0.
 * - `runtime-error`: exited with another status or was killed by a signal.
 * - `timeout`: passed the wall-clock or CPU limit.
 * - `memory-limit`: passed the memory limit.
 * - `output-limit`: wrote more than the output limit.
 * - `sandbox-error`: the sandbox itself failed; the program's outcome is unknown.
 */
export type SandboxStatus =
  | "ok"
  | "runtime-error"
  | "timeout"
  | "memory-limit"
  | "output-limit"
  | "sandbox-error";

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  /** Name of the signal that ended the program, such as "SIGKILL". */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when stdout was cut at the output limit. */
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  wallMs: number;
  /** CPU time of the whole process tree, or null where the backend cannot measure it. */
  cpuMs: number | null;
  /** Explanation of a `sandbox-error` or of the limit that was passed. */
  message?: string;
}

export interface Sandbox {
  /** Backend name stored with results, such as "bubblewrap" or "sandbox-fusion". */
  readonly name: string;
  /**
   * Runs one program. Returns a result for everything the program does, including crashing the
   * sandbox's own processes; rejects only when the request is invalid or the signal aborts.
   */
  run(request: SandboxRequest, signal?: AbortSignal): Promise<SandboxResult>;
  close(): Promise<void>;
}

/** The sandbox cannot start on this machine; the message names what is missing. */
export class SandboxUnavailableError extends Error {
  override name = "SandboxUnavailableError";
}

/** Builds a `sandbox-error` result. */
export function sandboxError(message: string, wallMs = 0): SandboxResult {
  return {
    status: "sandbox-error",
    exitCode: null,
    signal: null,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    wallMs,
    cpuMs: null,
    message,
  };
}

const FILE_NAME = /^[A-Za-z0-9_.-]+$/;

/** Rejects file names that could leave the work folder. */
export function checkFileNames(files: Record<string, string> | undefined): void {
  for (const name of Object.keys(files ?? {})) {
    if (!FILE_NAME.test(name) || name === "." || name === "..") {
      throw new Error(
        `Invalid sandbox file name ${JSON.stringify(name)}: use letters, digits, "_", "-" and ".".`,
      );
    }
  }
}

export function entryFileName(language: SandboxLanguage): string {
  return language === "python" ? "main.py" : "main.js";
}
