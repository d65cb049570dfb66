/**
 * `verdict serve` with a default verifier or options that cannot work: it must stop before
 * listening with one line naming the value, not start and then crash or fail every request.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ServerConfigError, startRewardServer } from "../../../src/server/app.js";
import { serverConfig } from "../../../src/server/server-config.js";

const ENTRY = fileURLToPath(new URL("../../../src/cli/entry.ts", import.meta.url));

/** Runs the CLI from source; a server that wrongly starts is killed after 20 s. */
function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", ENTRY, "serve", "--port", "0", "--threads", "1", ...args],
      { timeout: 20_000 },
      (error, stdout, stderr) => {
        let code: number | null = 0;
        if (error !== null) code = typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("verdict serve with an unusable default verifier", () => {
  it.each([
    [
      ["--verifier", "nope"],
      /^verdict: --verifier nope: Unknown verifier "nope"\. Known verifiers: math, code\.$/,
    ],
    [["--options", '{"mode":"x"}'], /^verdict: --options: .*"mode".*strict.*lenient/],
    [
      ["--verifier", "code", "--options", '{"sandbox":"docker"}'],
      /^verdict: --options: .*sandbox.*bubblewrap/,
    ],
  ])("%j stops with one line", async (args, message) => {
    const { code, stdout, stderr } = await serve(args);

    expect(code).toBe(1);
    expect(stdout).not.toContain("listening");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });
});

describe("startRewardServer", () => {
  it.each([
    [{ verifier: "nope" }, "verifier"],
    [{ verifierOptions: { mode: "x" } }, "verifierOptions"],
  ])("rejects %j before listening", async (overrides, setting) => {
    const start = startRewardServer(serverConfig({ port: 0, threads: 1, ...overrides }));

    await expect(start).rejects.toBeInstanceOf(ServerConfigError);
    await expect(start).rejects.toMatchObject({ setting });
  });
});
