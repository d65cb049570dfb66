/**
 * Runs programs with no isolation at all: the program can read and write everything the user
 * can and reach the network. It exists for machines where bubblewrap cannot run and the programs
 * are trusted; it prints a warning once per process. Only rlimits and the wall-clock kill apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classify } from "./bubblewrap.js";
import { findInterpreters, type Interpreters } from "./interpreters.js";
import { runProcess } from "./run-process.js";
import {
  checkFileNames,
  entryFileName,
  type Sandbox,
  type SandboxRequest,
  type SandboxResult,
} from "./sandbox.js";

let warned = false;

export class UnsandboxedRunner implements Sandbox {
  readonly name = "UNSAFE-no-sandbox";
  private readonly interpreters: Interpreters;

  constructor(pythonCommand = "python3") {
    this.interpreters = findInterpreters(pythonCommand);
    if (!warned) {
      warned = true;
      process.emitWarning(
        "verdict is running model-written programs WITHOUT A SANDBOX (sandbox: UNSAFE-no-sandbox). They can read, change and delete your files and reach the network.",
        { code: "VERDICT_UNSANDBOXED" },
      );
    }
  }

  async run(request: SandboxRequest, signal?: AbortSignal): Promise<SandboxResult> {
    checkFileNames(request.files);
    const dir = mkdtempSync(join(tmpdir(), "verdict-unsafe-"));
    try {
      const files = { [entryFileName(request.language)]: request.code, ...request.files };
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      const interpreter = this.interpreters[request.language];
      const limits = [`ulimit -t ${Math.max(1, Math.ceil(request.cpuTimeMs / 1000))}`, "ulimit -c 0"];
      if (request.language === "python") limits.push(`ulimit -v ${request.memoryMb * 1024}`);
      const outcome = await runProcess(
        {
          file: "/bin/sh",
          args: [
            "-c",
            `${limits.join("; ")}; exec "$@"`,
            "sh",
            interpreter.path,
            ...interpreter.flags,
            entryFileName(request.language),
            ...(request.args ?? []),
          ],
          stdin: request.stdin ?? "",
          dataFds: [],
          wallTimeMs: request.wallTimeMs,
          outputLimitBytes: request.outputLimitBytes,
          cwd: dir,
        },
        signal,
      );
      signal?.throwIfAborted();
      return classify(outcome, request, null, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {}
}
