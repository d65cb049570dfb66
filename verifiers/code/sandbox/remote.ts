/**
 * Remote sandboxes for fleets: SandboxFusion (`POST /run_code`) and Piston
 * (`POST /api/v2/execute`). Both map the shared request onto their own fields. The output limit,
 * which neither service enforces, is applied here to the response.
 */
import { EndpointPool, type EndpointPoolOptions } from "./endpoint-pool.js";
import {
  checkFileNames,
  entryFileName,
  type Sandbox,
  type SandboxRequest,
  type SandboxResult,
  type SandboxStatus,
  sandboxError,
} from "./sandbox.js";

/** Slack added to the HTTP timeout over the program's own wall-clock limit, in milliseconds. */
const HTTP_SLACK_MS = 5_000;

async function postJson(
  url: string,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ status: number; json: unknown }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) };
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** Cuts stdout and stderr to the output limit and marks the result when it was passed. */
function applyOutputLimit(result: SandboxResult, limit: number): SandboxResult {
  const stdoutBytes = Buffer.byteLength(result.stdout);
  const stderrBytes = Buffer.byteLength(result.stderr);
  if (stdoutBytes + stderrBytes <= limit) return result;
  const stdout = Buffer.from(result.stdout).subarray(0, limit).toString("utf8");
  const stderr = Buffer.from(result.stderr)
    .subarray(0, Math.max(0, limit - stdoutBytes))
    .toString("utf8");
  return {
    ...result,
    stdout,
    stderr,
    stdoutTruncated: stdoutBytes > limit,
    stderrTruncated: stdoutBytes + stderrBytes > limit,
    status: "output-limit",
    message: `output passed ${limit} bytes`,
  };
}

/** Puts `sys.argv` in place for services that cannot pass command-line arguments. */
function withArgv(request: SandboxRequest): string {
  if (!request.args?.length || request.language !== "python") return request.code;
  return `import sys\nsys.argv = ${JSON.stringify([entryFileName("python"), ...request.args])}\n${request.code}`;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

export class SandboxFusionSandbox implements Sandbox {
  readonly name = "sandbox-fusion";
  readonly pool: EndpointPool;

  constructor(options: EndpointPoolOptions) {
    this.pool = new EndpointPool(options);
  }

  async run(request: SandboxRequest, signal?: AbortSignal): Promise<SandboxResult> {
    checkFileNames(request.files);
    const body = {
      code: withArgv(request),
      language: request.language === "python" ? "python" : "nodejs",
      stdin: request.stdin ?? "",
      run_timeout: request.wallTimeMs / 1000,
      compile_timeout: request.wallTimeMs / 1000,
      memory_limit_MB: request.memoryMb,
      files: Object.fromEntries(
        Object.entries(request.files ?? {}).map(([name, content]) => [
          name,
          Buffer.from(content).toString("base64"),
        ]),
      ),
    };
    return this.pool.run(async (url) => {
      const { status, json } = await postJson(
        `${url}/run_code`,
        body,
        request.wallTimeMs + HTTP_SLACK_MS,
        signal,
      );
      if (status >= 500) return sandboxError(`${url}/run_code returned HTTP ${status}`);
      return applyOutputLimit(fromSandboxFusion(json, status), request.outputLimitBytes);
    }, signal);
  }

  async close(): Promise<void> {}
}

/** Maps a `/run_code` response: status Success/Failed/SandboxError, run_result.status Finished/TimeLimitExceeded/Error. */
export function fromSandboxFusion(json: unknown, httpStatus: number): SandboxResult {
  const body = asRecord(json);
  if (body.status === "SandboxError" || httpStatus !== 200) {
    return sandboxError(`SandboxFusion: ${text(body.message) || `HTTP ${httpStatus}`}`);
  }
  const run = asRecord(body.run_result);
  const compile = asRecord(body.compile_result);
  const stage = Object.keys(run).length > 0 ? run : compile;
  const returnCode = typeof stage.return_code === "number" ? stage.return_code : null;
  let status: SandboxStatus;
  if (stage.status === "TimeLimitExceeded") status = "timeout";
  else if (stage.status === "Finished") status = returnCode === 0 ? "ok" : "runtime-error";
  else if (stage.status === "Error") status = "runtime-error";
  else return sandboxError(`SandboxFusion: unknown run status ${JSON.stringify(stage.status)}`);
  const stderr = text(stage.stderr);
  if (status === "runtime-error" && /\bMemoryError\b|heap out of memory/.test(stderr))
    status = "memory-limit";
  return {
    status,
    exitCode: returnCode,
    signal: null,
    stdout: text(stage.stdout),
    stderr,
    stdoutTruncated: false,
    stderrTruncated: false,
    wallMs: typeof stage.execution_time === "number" ? stage.execution_time * 1000 : 0,
    cpuMs: null,
  };
}

export class PistonSandbox implements Sandbox {
  readonly name = "piston";
  readonly pool: EndpointPool;

  constructor(options: EndpointPoolOptions) {
    this.pool = new EndpointPool(options);
  }

  async run(request: SandboxRequest, signal?: AbortSignal): Promise<SandboxResult> {
    checkFileNames(request.files);
    const body = {
      language: request.language,
      version: "*",
      files: [
        { name: entryFileName(request.language), content: request.code },
        ...Object.entries(request.files ?? {}).map(([name, content]) => ({ name, content })),
      ],
      stdin: request.stdin ?? "",
      args: request.args ?? [],
      run_timeout: request.wallTimeMs,
      compile_timeout: request.wallTimeMs,
      run_memory_limit: request.memoryMb * 1024 * 1024,
    };
    return this.pool.run(async (url) => {
      const { status, json } = await postJson(
        `${url}/api/v2/execute`,
        body,
        request.wallTimeMs + HTTP_SLACK_MS,
        signal,
      );
      if (status >= 500) return sandboxError(`${url}/api/v2/execute returned HTTP ${status}`);
      return applyOutputLimit(fromPiston(json, status), request.outputLimitBytes);
    }, signal);
  }

  async close(): Promise<void> {}
}

/** Maps a Piston response: `run.code`, `run.signal` and, in newer versions, `run.status` (TO, SG, RE, OL, EL, XX). */
export function fromPiston(json: unknown, httpStatus: number): SandboxResult {
  const body = asRecord(json);
  if (httpStatus !== 200) return sandboxError(`Piston: ${text(body.message) || `HTTP ${httpStatus}`}`);
  const compile = asRecord(body.compile);
  const run =
    Object.keys(asRecord(body.compile)).length > 0 && compile.code !== 0 ? compile : asRecord(body.run);
  if (Object.keys(run).length === 0) return sandboxError("Piston: the response has no run result");
  const code = typeof run.code === "number" ? run.code : null;
  const signal = typeof run.signal === "string" ? run.signal : null;
  const stderr = text(run.stderr);
  let status: SandboxStatus = code === 0 && signal === null ? "ok" : "runtime-error";
  if (run.status === "TO") status = "timeout";
  else if (run.status === "OL" || run.status === "EL") status = "output-limit";
  else if (run.status === "XX") return sandboxError(`Piston: internal error ${text(run.message)}`);
  else if (status === "runtime-error" && /\bMemoryError\b|heap out of memory/.test(stderr))
    status = "memory-limit";
  return {
    status,
    exitCode: code,
    signal,
    stdout: text(run.stdout),
    stderr,
    stdoutTruncated: false,
    stderrTruncated: false,
    wallMs: typeof run.wall_time === "number" ? run.wall_time : 0,
    cpuMs: typeof run.cpu_time === "number" ? run.cpu_time : null,
  };
}
