import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RewardServer, startRewardServer } from "../../../src/server/app.js";
import { serverConfig } from "../../../src/server/server-config.js";

// Runs the Python adapters' unittest suite (standard library only) with the machine's python3
// against a live server on 127.0.0.1, started with the 2 s item budget the suite expects.
// The child runs asynchronously: a synchronous spawn would block the server in this process.
let server: RewardServer;

beforeAll(async () => {
  server = await startRewardServer(
    serverConfig({ port: 0, threads: 2, itemTimeoutMs: 2000 }),
    pino({ level: "warn" }),
  );
});

afterAll(async () => {
  await server?.close();
});

it("python adapters pass against a live server", async () => {
  const args = ["-B", "-m", "unittest", "discover", "-v", "-s", "python", "-p", "test_*.py"];
  const run = await promisify(execFile)("python3", args, {
    env: { ...process.env, VERDICT_URL: server.url },
    encoding: "utf8",
    timeout: 120_000,
  }).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`python3 unittest failed:\n${error.stderr ?? error.message}`);
  });
  expect(run.stderr).toMatch(/\nOK\b/);
});
