/** Builds the sandbox that the options request, once per distinct configuration, and checks it starts. */
import { availableParallelism } from "node:os";
import type { CodeOptions } from "../options.js";
import { BubblewrapSandbox } from "./bubblewrap.js";
import { PistonSandbox, SandboxFusionSandbox } from "./remote.js";
import type { Sandbox } from "./sandbox.js";
import { UnsandboxedRunner } from "./unsandboxed.js";

const sandboxes = new Map<string, Promise<Sandbox>>();

function sandboxKey(options: CodeOptions): string {
  const { sandbox, endpoints, endpointConcurrency, retries, concurrency, pythonCommand } = options;
  return JSON.stringify({ sandbox, endpoints, endpointConcurrency, retries, concurrency, pythonCommand });
}

async function createSandbox(options: CodeOptions): Promise<Sandbox> {
  const remote = {
    endpoints: options.endpoints,
    concurrencyPerEndpoint: options.endpointConcurrency,
    retries: options.retries,
  };
  switch (options.sandbox) {
    case "sandbox-fusion":
      return new SandboxFusionSandbox(remote);
    case "piston":
      return new PistonSandbox(remote);
    case "UNSAFE-no-sandbox":
      return new UnsandboxedRunner(options.pythonCommand);
    case "bubblewrap": {
      const sandbox = new BubblewrapSandbox({
        concurrency: options.concurrency || 4 * availableParallelism(),
        pythonCommand: options.pythonCommand,
      });
      try {
        await sandbox.probe();
      } catch (error) {
        await sandbox.close();
        throw error;
      }
      return sandbox;
    }
  }
}

/** Returns the shared sandbox for these options. A failed start is not cached, so a fixed machine can retry. */
export function getSandbox(options: CodeOptions): Promise<Sandbox> {
  const key = sandboxKey(options);
  let sandbox = sandboxes.get(key);
  if (!sandbox) {
    sandbox = createSandbox(options);
    sandboxes.set(key, sandbox);
    sandbox.catch(() => sandboxes.delete(key));
  }
  return sandbox;
}

export async function closeSandboxes(): Promise<void> {
  const open = [...sandboxes.values()];
  sandboxes.clear();
  await Promise.all(open.map(async (sandbox) => (await sandbox.catch(() => null))?.close()));
}
