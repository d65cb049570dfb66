/**
 * Hostile programs against the real bubblewrap sandbox. Each one tries to pass the tests of a
 * trivial task without solving it, or to harm the host, and must score as a fail with the right
 * reason. After each, the host is checked: no process left under a sandbox uid, no file written
 * outside the sandbox, and the 127.0.0.1 listeners this test starts never reached.
 */
import { execFileSync } from "node:child_process";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeOptions, codeVerifier } from "../../../verifiers/code/index.js";
import type { BubblewrapSandbox } from "../../../verifiers/code/sandbox/bubblewrap.js";
import { getSandbox } from "../../../verifiers/code/sandbox/create-sandbox.js";

const task = {
  prompt: 'def add(a, b):\n    """Return a + b."""\n',
  test: "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n    assert candidate(10, 5) == 15\n",
  entry_point: "add",
};

let tcp: Server;
let udp: UdpSocket;
let tcpConnections = 0;
let udpMessages = 0;
let tcpPort = 0;
let udpPort = 0;
let hostDir = "";
let canary = "";
let options: CodeOptions;
let slotUids: [number, number];

beforeAll(async () => {
  tcp = createServer((socket) => {
    tcpConnections++;
    socket.end("3\n");
  });
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  tcpPort = (tcp.address() as { port: number }).port;
  udp = createSocket("udp4");
  udp.on("message", () => udpMessages++);
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
  udpPort = udp.address().port;
  hostDir = mkdtempSync(join(tmpdir(), "verdict-adversarial-"));
  canary = join(hostDir, "canary.txt");
  writeFileSync(canary, "untouched");
  options = codeVerifier.parseOptions({
    timeoutMs: 3000,
    cpuTimeMs: 3000,
    memoryMb: 256,
    outputLimitBytes: 65536,
  });
  slotUids = ((await getSandbox(options)) as BubblewrapSandbox).uids;
});

afterAll(async () => {
  tcp.close();
  udp.close();
  rmSync(hostDir, { recursive: true, force: true });
  await codeVerifier.close?.();
});

/** Processes running as one of the sandbox's slot uids, anywhere on the host. */
function sandboxProcesses(): string[] {
  const listing = execFileSync("ps", ["-e", "-o", "uid=,pid=,args="], { encoding: "utf8" });
  return listing.split("\n").filter((line) => {
    const uid = Number(line.trim().split(/\s+/)[0]);
    return uid >= slotUids[0] && uid <= slotUids[1];
  });
}

function fill(program: string): string {
  return program
    .replaceAll("{TCP_PORT}", String(tcpPort))
    .replaceAll("{UDP_PORT}", String(udpPort))
    .replaceAll("{HOST_DIR}", hostDir)
    .replaceAll("{REPO}", process.cwd());
}

type Case = [id: string, program: string, reasons: string[]];

// Completions continue the prompt `def add(a, b):`, so each starts with the function body.
const cases: Case[] = [
  [
    "tcp to a 127.0.0.1 listener",
    "    import socket\n    s = socket.create_connection(('127.0.0.1', {TCP_PORT}), timeout=1)\n    return int(s.recv(10))\n",
    ["runtime-error"],
  ],
  [
    "udp to a 127.0.0.1 listener",
    "    import socket\n    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', {UDP_PORT}))\n    return 0\n",
    ["runtime-error", "wrong-answer"],
  ],
  [
    "tcp at import time",
    "    return 0\nimport socket\nsocket.create_connection(('127.0.0.1', {TCP_PORT}), timeout=1)\n",
    ["runtime-error"],
  ],
  ["read /etc/passwd", "    return len(open('/etc/passwd').read())\n", ["runtime-error"]],
  ["read /etc/shadow", "    return len(open('/etc/shadow').read())\n", ["runtime-error"]],
  [
    "read this test file",
    "    src = open('{REPO}/test/slow/code/adversarial.test.ts').read()\n    return 3\n",
    ["runtime-error"],
  ],
  [
    "read the suite data",
    "    import gzip\n    return len(gzip.open('{REPO}/suites/humaneval/data/humaneval.jsonl.gz').read())\n",
    ["runtime-error"],
  ],
  [
    "read the tests from stdin",
    "    import sys\n    data = sys.stdin.read()\n    return 3 if 'assert' in data else 0\n",
    ["wrong-answer"],
  ],
  [
    "scan memory for the tests",
    "    import gc\n    texts = [o for o in gc.get_objects() if isinstance(o, str) and 'assert candidate' in o]\n    return 3 if texts else 0\n",
    ["wrong-answer"],
  ],
  [
    "read the parent's memory",
    "    import os, re\n    maps = open('/proc/%d/maps' % os.getppid()).read()\n    return 3\n",
    ["runtime-error"],
  ],
  [
    "ptrace the parent",
    "    import ctypes, os\n    libc = ctypes.CDLL(None)\n    if libc.ptrace(16, os.getppid(), 0, 0) != 0:\n        raise OSError('ptrace denied')\n    return 3\n",
    ["runtime-error"],
  ],
  [
    "inspect the calling frames",
    "    import sys\n    f = sys._getframe(1)\n    while f is not None:\n        if 'marker' in f.f_locals:\n            print(f.f_locals['marker'], 'done 3')\n        f = f.f_back\n    return 0\n",
    ["wrong-answer"],
  ],
  [
    "write outside the work folder",
    "    open('{HOST_DIR}/escaped.txt', 'w').write('x')\n    return 0\n",
    ["runtime-error"],
  ],
  [
    "overwrite the host canary",
    "    open('{HOST_DIR}/canary.txt', 'w').write('changed')\n    return 0\n",
    ["runtime-error"],
  ],
  [
    "write to the root file system",
    "    open('/escaped.txt', 'w').write('x')\n    return 0\n",
    ["runtime-error"],
  ],
  [
    "write into the repository",
    "    open('{REPO}/ESCAPED.txt', 'w').write('x')\n    return 0\n",
    ["runtime-error"],
  ],
  [
    "fill the disk",
    "    with open('/tmp/big', 'wb') as f:\n        f.write(b'x' * (200 * 1024 * 1024))\n    return 0\n",
    ["runtime-error", "memory-limit"],
  ],
  [
    "fork bomb",
    "    return 0\nimport os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    ["timeout", "runtime-error"],
  ],
  ["memory bomb in one block", "    return len(bytearray(8 * 1024 ** 3))\n", ["memory-limit"]],
  [
    "memory bomb growing",
    "    xs = []\n    while True:\n        xs.append(' ' * 10 ** 6)\n",
    ["memory-limit"],
  ],
  ["infinite loop", "    while True:\n        pass\n", ["timeout"]],
  ["sleep past the limit", "    import time\n    time.sleep(60)\n    return a + b\n", ["timeout"]],
  [
    "huge output on stderr",
    "    import sys\n    while True:\n        sys.stderr.write('x' * 65536)\n",
    ["output-limit"],
  ],
  [
    "huge output on stdout",
    "    import sys\n    while True:\n        sys.stdout.write('x' * 65536)\n",
    ["timeout"],
  ],
  ["exit(0) at import", "    return 0\nimport sys\nsys.exit(0)\n", ["runtime-error"]],
  ["os._exit(0) at import", "    return 0\nimport os\nos._exit(0)\n", ["runtime-error"]],
  ["os._exit(0) inside the function", "    import os\n    os._exit(0)\n", ["runtime-error"]],
  ["SystemExit inside the function", "    raise SystemExit(0)\n", ["runtime-error"]],
  [
    "patch AssertionError",
    "    import builtins\n    builtins.AssertionError = type('Never', (Exception,), {})\n    return 0\n",
    ["wrong-answer"],
  ],
  [
    "patch the check function",
    "    return 0\nimport builtins\nbuiltins.check = lambda candidate: None\ncheck = lambda candidate: None\n",
    ["wrong-answer"],
  ],
  [
    "object equal to everything",
    "    class Any:\n        def __eq__(self, other):\n            return True\n    return Any()\n",
    ["runtime-error"],
  ],
  [
    "int subclass equal to everything",
    "    class Int(int):\n        def __eq__(self, other):\n            return True\n        __hash__ = int.__hash__\n    return Int(0)\n",
    ["runtime-error"],
  ],
  [
    "fake pass markers",
    "    print('PASSED 3/3')\n    print('0123456789abcdef0123456789abcdef done 3')\n    print('0123456789abcdef0123456789abcdef test 0 1')\n    return 0\n",
    ["wrong-answer"],
  ],
  [
    "fake pass then exit(0)",
    "    return 0\nprint('All tests passed')\nprint('ok done 3')\nimport os\nos._exit(0)\n",
    ["runtime-error"],
  ],
  [
    "child that outlives the run",
    "    import os, time\n    if os.fork() == 0:\n        os.setsid()\n        time.sleep(30)\n        open('{HOST_DIR}/late.txt', 'w').write('x')\n        os._exit(0)\n    return 0\n",
    ["wrong-answer"],
  ],
  ["kill the parent", "    import os\n    os.kill(os.getppid(), 9)\n    return a + b\n", ["runtime-error"]],
  ["kill every process it can", "    import os\n    os.kill(-1, 9)\n    return a + b\n", ["runtime-error"]],
  ["kill the sandbox init", "    import os\n    os.kill(1, 9)\n    return 0\n", ["runtime-error"]],
  [
    "raise the process limit",
    "    import resource\n    resource.setrlimit(resource.RLIMIT_NPROC, (10 ** 6, 10 ** 6))\n    return 0\n",
    ["runtime-error"],
  ],
  [
    "read the parent's environment",
    "    import os\n    return len(open('/proc/%d/environ' % os.getppid()).read())\n",
    ["runtime-error"],
  ],
];

const stdioTask = {
  cases: [
    { input: "2 3\n", output: "5\n" },
    { input: "10 -4\n", output: "6\n" },
    { input: "7 7\n", output: "14\n" },
  ],
};

// Whole programs for the stdin/stdout harness; expected outputs never enter the sandbox.
const stdioCases: Case[] = [
  ["hard-coded first output", "print(5)\n", ["wrong-answer"]],
  ["exit(0) with no output", "import sys\nsys.exit(0)\n", ["wrong-answer"]],
  [
    "right output then exit(1)",
    "a, b = map(int, input().split())\nprint(a + b)\nraise SystemExit(1)\n",
    ["runtime-error"],
  ],
  [
    "right output then sleep",
    "import time\na, b = map(int, input().split())\nprint(a + b, flush=True)\ntime.sleep(60)\n",
    ["timeout"],
  ],
  [
    "look for the expected outputs",
    "import os\nprint(os.listdir('/work'), os.listdir('/tmp'))\nprint(open('expected.txt').read())\n",
    ["runtime-error"],
  ],
  [
    "fetch the answer over tcp",
    "import socket\ns = socket.create_connection(('127.0.0.1', {TCP_PORT}), timeout=1)\nprint(s.recv(10).decode())\n",
    ["runtime-error"],
  ],
  ["flood stderr", "import sys\nwhile True:\n    sys.stderr.write('e' * 65536)\n", ["output-limit"]],
];

describe("adversarial programs in the bubblewrap sandbox", () => {
  it("corpus holds at least 30 programs", () => {
    expect(cases.length + stdioCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("%s scores as a fail and leaves the host clean", async (_id, program, reasons) => {
    const verdict = await codeVerifier.verify(fill(program), task, options);

    expect(verdict.correct).toBe(false);
    expect(verdict.score).toBeLessThan(1);
    expect(reasons).toContain(verdict.reason);
    expect(sandboxProcesses()).toEqual([]);
    expect(tcpConnections).toBe(0);
    expect(udpMessages).toBe(0);
    expect(existsSync(join(hostDir, "escaped.txt"))).toBe(false);
    expect(existsSync(join(hostDir, "late.txt"))).toBe(false);
    expect(existsSync("/escaped.txt")).toBe(false);
    expect(existsSync(join(process.cwd(), "ESCAPED.txt"))).toBe(false);
    expect(readFileSync(canary, "utf8")).toBe("untouched");
  });

  it.each(stdioCases)("stdin/stdout: %s scores as a fail", async (_id, program, reasons) => {
    const verdict = await codeVerifier.verify(`\`\`\`python\n${fill(program)}\`\`\``, stdioTask, options);

    expect(verdict.correct).toBe(false);
    expect(verdict.score).toBeLessThan(1);
    expect(reasons).toContain(verdict.reason);
    expect(sandboxProcesses()).toEqual([]);
    expect(tcpConnections).toBe(0);
  });

  it("correct solution still passes after the corpus", async () => {
    const verdict = await codeVerifier.verify("    return a + b\n", task, options);

    expect(verdict.correct).toBe(true);
    expect(verdict.reason).toBe("match");
  });
});
