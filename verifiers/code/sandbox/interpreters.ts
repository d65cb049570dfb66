/** Finds the real interpreter binaries: a pyenv `python3` shim is a shell script costing ~80 ms a run. */
import { spawnSync } from "node:child_process";
import { SandboxUnavailableError } from "./sandbox.js";

export interface Interpreter {
  /** Absolute path of the binary. */
  path: string;
  /** Folders that must be visible inside the sandbox for it to start. */
  mounts: string[];
  /** Arguments placed before the entry file. */
  flags: string[];
}

export interface Interpreters {
  python: Interpreter;
  javascript: Interpreter;
}

let cached: Interpreters | undefined;

function findPython(command: string): Interpreter {
  const found = spawnSync(command, ["-c", "import sys; print(sys.executable); print(sys.base_prefix)"], {
    encoding: "utf8",
    timeout: 10_000,
  });
  const [path, prefix] = (found.stdout ?? "").trim().split("\n");
  if (found.status !== 0 || !path || !prefix) {
    throw new SandboxUnavailableError(
      `Python interpreter "${command}" not found or not working (${found.error?.message ?? found.stderr?.trim()}): install python3 or set the pythonPath option.`,
    );
  }
  // -I: ignore the environment and the user's site folder; -S: skip site-packages start-up (~20 ms).
  return { path, mounts: prefix.startsWith("/usr/") ? [] : [prefix], flags: ["-I", "-S"] };
}

/** Resolves the interpreters once per process. */
export function findInterpreters(pythonCommand = "python3"): Interpreters {
  if (cached && pythonCommand === "python3") return cached;
  const python = findPython(pythonCommand);
  const nodePath = process.execPath;
  const javascript: Interpreter = {
    path: nodePath,
    mounts: nodePath.startsWith("/usr/") ? [] : [nodePath.replace(/\/bin\/[^/]+$/, "")],
    flags: [],
  };
  const result = { python, javascript };
  if (pythonCommand === "python3") cached = result;
  return result;
}
