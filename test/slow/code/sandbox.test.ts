/** The bubblewrap sandbox itself: the view from inside, the result fields, and the start-up check. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeVerifier } from "../../../verifiers/code/index.js";
import { BubblewrapSandbox } from "../../../verifiers/code/sandbox/bubblewrap.js";
import { SandboxUnavailableError } from "../../../verifiers/code/sandbox/sandbox.js";
import { UnsandboxedRunner } from "../../../verifiers/code/sandbox/unsandboxed.js";

const sandbox = new BubblewrapSandbox({ concurrency: 2 });
const limits = { wallTimeMs: 5000, cpuTimeMs: 5000, memoryMb: 256, outputLimitBytes: 4096 };

beforeAll(async () => {
  await sandbox.probe();
});

afterAll(async () => {
  await sandbox.close();
  await codeVerifier.close?.();
});

async function python(code: string, stdin = "") {
  return sandbox.run({ language: "python", code, stdin, ...limits });
}

describe("inside the bubblewrap sandbox", () => {
  it("runs as an unprivileged uid", async () => {
    const result = await python("import os; print(os.getuid(), os.getgid(), os.getgroups())");

    const [uid, gid, groups] = result.stdout.trim().split(" ");

    expect(Number(uid)).toBeGreaterThanOrEqual(sandbox.uids[0]);
    expect(Number(uid)).toBeLessThanOrEqual(sandbox.uids[1]);
    expect(gid).toBe(uid);
    expect(groups).toBe("[]");
  });

  it("has no capabilities and no new privileges", async () => {
    const result = await python("print(open('/proc/self/status').read())");

    expect(result.stdout).toMatch(/CapEff:\s+0+\n/);
    expect(result.stdout).toMatch(/CapBnd:\s+0+\n/);
    expect(result.stdout).toMatch(/NoNewPrivs:\s+1/);
  });

  it("sees a cleared environment", async () => {
    const result = await python("import os; print(sorted(os.environ))");

    expect(result.stdout.trim()).toBe("['HOME', 'LANG', 'PATH', 'PWD']");
  });

  it("sees no /etc, home or repository", async () => {
    const result = await python("import os; print(sorted(os.listdir('/')))");

    expect(result.stdout.trim()).toBe(
      "['bin', 'dev', 'lib', 'lib64', 'proc', 'root', 'sbin', 'tmp', 'usr', 'work']",
    );
  });

  it("cannot write to /usr or its own files", async () => {
    const code =
      "import os\nfor path in ['/usr/x', '/work/main.py', '/x']:\n    try:\n        open(path, 'a').write('x')\n        print('wrote', path)\n    except OSError as e:\n        print('denied', path)";
    const result = await python(code);

    expect(result.stdout).not.toContain("wrote");
  });

  it("can write in /tmp and the work folder", async () => {
    const result = await python(
      "open('/tmp/a', 'w').write('1'); open('/work/b', 'w').write('2'); print('ok')",
    );

    expect(result.status).toBe("ok");
    expect(result.stdout).toBe("ok\n");
  });

  it("sees only its own processes", async () => {
    const result = await python(
      "import os; print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))",
    );

    expect(JSON.parse(result.stdout).length).toBeLessThanOrEqual(3);
  });

  it("reads its stdin", async () => {
    const result = await python("import sys; print(sys.stdin.read().upper())", "abc");

    expect(result.stdout).toBe("ABC\n");
  });
});

describe("sandbox results", () => {
  it("marks output cut at the limit", async () => {
    const result = await python("print('x' * 10000)");

    expect(result.status).toBe("output-limit");
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stdout.length).toBe(4096);
  });

  it("reports exit status and CPU time", async () => {
    const result = await python("import sys\nsum(range(10**6))\nsys.exit(3)");

    expect(result.status).toBe("runtime-error");
    expect(result.exitCode).toBe(3);
    expect(result.cpuMs).toBeGreaterThan(0);
  });

  it("stops at the CPU time limit", async () => {
    const result = await sandbox.run({
      language: "python",
      code: "while True: pass",
      ...limits,
      cpuTimeMs: 1000,
    });

    expect(result.status).toBe("timeout");
    expect(result.wallMs).toBeLessThan(limits.wallTimeMs);
  });

  it("rejects a file name that leaves the work folder", async () => {
    await expect(
      sandbox.run({ language: "python", code: "", files: { "../x": "" }, ...limits }),
    ).rejects.toThrow(/Invalid sandbox file name/);
  });
});

describe("aborting a run", () => {
  it("rejects and kills the program", async () => {
    const run = sandbox.run(
      { language: "python", code: "while True: pass", ...limits },
      AbortSignal.timeout(300),
    );

    await expect(run).rejects.toThrow(/abort|timeout/i);
  });

  it("leaves the slot free for the next run", async () => {
    await sandbox
      .run({ language: "python", code: "while True: pass", ...limits }, AbortSignal.timeout(300))
      .catch(() => {});
    const result = await python("print('next')");

    expect(result.stdout).toBe("next\n");
  });
});

describe("without cgroups", () => {
  const plain = new BubblewrapSandbox({ concurrency: 1, useCgroups: false });

  afterAll(async () => {
    await plain.close();
  });

  it("kills a forked tree at the time limit", async () => {
    const code =
      "import os, time\nfor _ in range(5):\n    if os.fork() == 0:\n        os.setsid()\n        break\ntime.sleep(60)";
    const result = await plain.run({ language: "python", code, ...limits, wallTimeMs: 1000 });
    const listing = await import("node:child_process").then(({ execFileSync }) =>
      execFileSync("ps", ["-e", "-o", "uid="], { encoding: "utf8" }),
    );

    expect(plain.hasCgroups).toBe(false);
    expect(result.status).toBe("timeout");
    expect(listing.split("\n").map(Number)).not.toContain(plain.uids[0]);
  });

  it("still caps the processes of a fork bomb", async () => {
    const code =
      "import os\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            import time; time.sleep(60)\n        n += 1\nexcept OSError:\n    print(n)";
    const result = await plain.run({ language: "python", code, ...limits, wallTimeMs: 3000 });

    expect(Number(result.stdout.trim())).toBeLessThan(64);
  });
});

describe("sandbox start-up check", () => {
  it("names a missing Python interpreter", () => {
    expect(() => new BubblewrapSandbox({ pythonCommand: "python-not-installed" })).toThrow(
      SandboxUnavailableError,
    );
    expect(() => new BubblewrapSandbox({ pythonCommand: "python-not-installed" })).toThrow(
      /python-not-installed/,
    );
  });

  it("fails verification loudly instead of scoring", async () => {
    const options = codeVerifier.parseOptions({ pythonCommand: "python-not-installed" });
    const reference = { cases: [{ input: "", output: "1\n" }] };

    await expect(codeVerifier.verify("print(1)", reference, options)).rejects.toThrow(
      SandboxUnavailableError,
    );
  });
});

describe("UNSAFE-no-sandbox", () => {
  it("runs programs and warns once", async () => {
    const warnings: string[] = [];
    const listener = (warning: Error) => warnings.push(warning.message);
    process.on("warning", listener);
    const runner = new UnsandboxedRunner();
    const result = await runner.run({ language: "python", code: "print(2 + 2)", ...limits });
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", listener);

    expect(result.stdout).toBe("4\n");
    expect(warnings.some((message) => message.includes("WITHOUT A SANDBOX"))).toBe(true);
  });
});
