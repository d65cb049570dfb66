/**
 * Remote sandbox backends against stand-in servers on 127.0.0.1. The stand-ins speak the
 * SandboxFusion `/run_code` and Piston `/api/v2/execute` protocols and run the code in verdict's
 * real bubblewrap sandbox, so a full round trip is exercised. They can also fail on purpose, to
 * show which failures are retried.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeVerifier } from "../../../verifiers/code/index.js";
import { BubblewrapSandbox } from "../../../verifiers/code/sandbox/bubblewrap.js";
import type { SandboxLanguage, SandboxResult } from "../../../verifiers/code/sandbox/sandbox.js";

interface StandIn {
  url: string;
  requests: number;
  maxInFlight: number;
  /** Count of coming requests to fail with HTTP 500, a dropped connection, or a body that is not JSON. */
  failNext: { http500: number; drop: number; garbage: number };
  server: FastifyInstance;
}

const local = new BubblewrapSandbox({ concurrency: 4 });
const limits = { cpuTimeMs: 10_000, memoryMb: 512, outputLimitBytes: 1 << 20 };

async function runLocally(
  language: SandboxLanguage,
  code: string,
  files: Record<string, string>,
  stdin: string,
  args: string[],
  wallTimeMs: number,
): Promise<SandboxResult> {
  return local.run({ language, code, files, stdin, args, wallTimeMs, ...limits });
}

async function startStandIn(kind: "sandbox-fusion" | "piston", delayMs = 0): Promise<StandIn> {
  const server = Fastify();
  const standIn: StandIn = {
    url: "",
    requests: 0,
    maxInFlight: 0,
    failNext: { http500: 0, drop: 0, garbage: 0 },
    server,
  };
  let inFlight = 0;
  const path = kind === "sandbox-fusion" ? "/run_code" : "/api/v2/execute";
  server.post(path, async (request, reply) => {
    standIn.requests++;
    inFlight++;
    standIn.maxInFlight = Math.max(standIn.maxInFlight, inFlight);
    try {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (standIn.failNext.http500 > 0) {
        standIn.failNext.http500--;
        return reply.code(500).send({ message: "internal error" });
      }
      if (standIn.failNext.drop > 0) {
        standIn.failNext.drop--;
        request.raw.socket.destroy();
        return reply;
      }
      if (standIn.failNext.garbage > 0) {
        standIn.failNext.garbage--;
        return reply.type("text/plain").send("<html>bad gateway</html>");
      }
      return kind === "sandbox-fusion" ? await sandboxFusion(request.body) : await piston(request.body);
    } finally {
      inFlight--;
    }
  });
  standIn.url = await server.listen({ host: "127.0.0.1", port: 0 });
  return standIn;
}

// SandboxFusion: {code, language, stdin, run_timeout (s), files: {name: base64}} → {status, run_result}.
async function sandboxFusion(body: unknown) {
  const request = body as {
    code: string;
    language: string;
    stdin: string;
    run_timeout: number;
    files: Record<string, string>;
  };
  const files = Object.fromEntries(
    Object.entries(request.files).map(([name, data]) => [name, Buffer.from(data, "base64").toString("utf8")]),
  );
  const language = request.language === "nodejs" ? "javascript" : "python";
  const result = await runLocally(
    language,
    request.code,
    files,
    request.stdin,
    [],
    request.run_timeout * 1000,
  );
  const finished = result.status !== "timeout";
  return {
    status: result.status === "ok" ? "Success" : "Failed",
    message: "",
    compile_result: null,
    run_result: {
      status: finished ? "Finished" : "TimeLimitExceeded",
      execution_time: result.wallMs / 1000,
      return_code: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
    },
    executor_pod_name: null,
    files: {},
  };
}

// Piston: {language, version, files: [{name, content}], stdin, args, run_timeout (ms)} → {language, version, run}.
async function piston(body: unknown) {
  const request = body as {
    language: SandboxLanguage;
    files: { name: string; content: string }[];
    stdin: string;
    args: string[];
    run_timeout: number;
  };
  const [main, ...rest] = request.files;
  const files = Object.fromEntries(rest.map((file) => [file.name, file.content]));
  const result = await runLocally(
    request.language,
    main?.content ?? "",
    files,
    request.stdin,
    request.args,
    request.run_timeout,
  );
  return {
    language: request.language,
    version: "3.11.7",
    run: {
      stdout: result.stdout,
      stderr: result.stderr,
      output: result.stdout + result.stderr,
      code: result.status === "timeout" ? null : result.exitCode,
      signal: result.status === "timeout" ? "SIGKILL" : null,
      ...(result.status === "timeout" ? { status: "TO" } : {}),
    },
  };
}

const humaneval = gunzipSync(readFileSync("suites/humaneval/data/humaneval.jsonl.gz"))
  .toString("utf8")
  .trim()
  .split("\n")
  .slice(0, 12)
  .map(
    (line) =>
      JSON.parse(line) as {
        task_id: string;
        prompt: string;
        canonical_solution: string;
        test: string;
        entry_point: string;
      },
  );

const addTask = {
  prompt: 'def add(a, b):\n    """Return a + b."""\n',
  test: "def check(candidate):\n    assert candidate(1, 2) == 3\n",
  entry_point: "add",
};

let fusionA: StandIn;
let fusionB: StandIn;
let pistonA: StandIn;
let slow: StandIn;

beforeAll(async () => {
  await local.probe();
  [fusionA, fusionB, pistonA, slow] = await Promise.all([
    startStandIn("sandbox-fusion"),
    startStandIn("sandbox-fusion"),
    startStandIn("piston"),
    startStandIn("sandbox-fusion", 100),
  ]);
});

afterAll(async () => {
  await Promise.all([fusionA, fusionB, pistonA, slow].map((standIn) => standIn?.server.close()));
  await local.close();
  await codeVerifier.close?.();
});

function reset(...standIns: StandIn[]) {
  for (const standIn of standIns) {
    standIn.requests = 0;
    standIn.maxInFlight = 0;
    standIn.failNext = { http500: 0, drop: 0, garbage: 0 };
  }
}

describe.each(["sandbox-fusion", "piston"] as const)("%s backend", (backend) => {
  const endpoints = () => (backend === "sandbox-fusion" ? [fusionA.url, fusionB.url] : [pistonA.url]);

  it("passes HumanEval canonical solutions", async () => {
    const options = codeVerifier.parseOptions({ sandbox: backend, endpoints: endpoints() });
    const verdicts = await Promise.all(
      humaneval.map((row) =>
        codeVerifier.verify(
          row.canonical_solution,
          { prompt: row.prompt, test: row.test, entry_point: row.entry_point },
          options,
        ),
      ),
    );

    expect(verdicts.map((verdict) => verdict.reason)).toEqual(humaneval.map(() => "match"));
  });

  it("fails a wrong completion", async () => {
    const options = codeVerifier.parseOptions({ sandbox: backend, endpoints: endpoints() });
    const verdict = await codeVerifier.verify("    return a - b\n", addTask, options);

    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe("wrong-answer");
  });

  it("runs stdin/stdout cases", async () => {
    const options = codeVerifier.parseOptions({ sandbox: backend, endpoints: endpoints() });
    const reference = {
      cases: [
        { input: "2 3\n", output: "5\n" },
        { input: "10 -4\n", output: "6\n" },
      ],
    };
    const verdict = await codeVerifier.verify(
      "```python\na, b = map(int, input().split())\nprint(a + b)\n```",
      reference,
      options,
    );

    expect(verdict.correct).toBe(true);
  });
});

describe("remote endpoint pool", () => {
  it("spreads requests over several endpoints", async () => {
    reset(fusionA, fusionB);
    const options = codeVerifier.parseOptions({
      sandbox: "sandbox-fusion",
      endpoints: [fusionA.url, fusionB.url],
    });
    await Promise.all(
      Array.from({ length: 8 }, () => codeVerifier.verify("    return a + b\n", addTask, options)),
    );

    expect(fusionA.requests).toBeGreaterThan(0);
    expect(fusionB.requests).toBeGreaterThan(0);
    expect(fusionA.requests + fusionB.requests).toBe(8);
  });

  it("keeps to the per-endpoint concurrency", async () => {
    reset(slow);
    const options = codeVerifier.parseOptions({
      sandbox: "sandbox-fusion",
      endpoints: [slow.url],
      endpointConcurrency: 2,
    });
    await Promise.all(
      Array.from({ length: 8 }, () => codeVerifier.verify("    return a + b\n", addTask, options)),
    );

    expect(slow.requests).toBe(8);
    expect(slow.maxInFlight).toBe(2);
  });

  it.each([
    ["HTTP 500", { http500: 2, drop: 0, garbage: 0 }],
    ["dropped connection", { http500: 0, drop: 2, garbage: 0 }],
    ["body that is not JSON", { http500: 0, drop: 0, garbage: 2 }],
  ])("retries after %s", async (_name, failures) => {
    reset(fusionA);
    fusionA.failNext = { ...failures };
    const options = codeVerifier.parseOptions({
      sandbox: "sandbox-fusion",
      endpoints: [fusionA.url],
      retries: 2,
    });
    const verdict = await codeVerifier.verify("    return a + b\n", addTask, options);

    expect(verdict.correct).toBe(true);
    expect(fusionA.requests).toBe(3);
  });

  it("never retries a failed program", async () => {
    reset(fusionA);
    const options = codeVerifier.parseOptions({
      sandbox: "sandbox-fusion",
      endpoints: [fusionA.url],
      retries: 2,
    });
    const verdict = await codeVerifier.verify("    raise ValueError('no')\n", addTask, options);

    expect(verdict.correct).toBe(false);
    expect(fusionA.requests).toBe(1);
  });

  it("gives a sandbox-error verdict when every try fails", async () => {
    reset(fusionA);
    fusionA.failNext = { http500: 10, drop: 0, garbage: 0 };
    const options = codeVerifier.parseOptions({
      sandbox: "sandbox-fusion",
      endpoints: [fusionA.url],
      retries: 1,
    });
    const verdict = await codeVerifier.verify("    return a + b\n", addTask, options);

    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe("sandbox-error");
    expect(fusionA.requests).toBe(2);
  });
});
