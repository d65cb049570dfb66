import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { pino } from "pino";
import type { CommandModule } from "yargs";
import { InvalidRewardSpecError, parseRewardSpec } from "../../rewards/reward-spec.js";
import { type RewardServer, ServerConfigError, startRewardServer } from "../../server/app.js";
import { serverConfig } from "../../server/server-config.js";
import { loadSuite, SuiteError } from "../../suites/load-suite.js";
import { parseJsonOption } from "../json-option.js";
import { UserError } from "../user-error.js";

interface ServeArgs {
  host: string;
  port: number;
  threads: number;
  "item-timeout-ms": number;
  "timeout-reward": number;
  "body-limit-mb": number;
  "max-items": number;
  verifier: string;
  options?: string | undefined;
  suite?: string | undefined;
  reward?: string | undefined;
  "log-level": string;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: "serve",
  describe: "Serve verifiers as an HTTP reward service for RL training (TRL, verl, OpenRLHF)",
  builder: (yargs) =>
    yargs
      .option("host", {
        type: "string",
        default: "127.0.0.1",
        describe: "Interface to listen on (no authentication)",
      })
      .option("port", { type: "number", default: 8000, describe: "TCP port; 0 picks a free one" })
      .option("threads", {
        type: "number",
        default: availableParallelism(),
        describe: "Verification worker threads (default: number of CPUs)",
      })
      .option("item-timeout-ms", { type: "number", default: 5000, describe: "Time budget per item, in ms" })
      .option("timeout-reward", {
        type: "number",
        default: 0,
        describe: "Reward of an item that runs out of time",
      })
      .option("body-limit-mb", { type: "number", default: 64, describe: "Largest request body, in MiB" })
      .option("max-items", {
        type: "number",
        default: 16384,
        describe: "Maximum number of items in one request",
      })
      .option("verifier", {
        type: "string",
        default: "math",
        describe: "Verifier for items that name none, and for POST /get_reward",
      })
      .option("options", { type: "string", describe: "JSON options of that verifier" })
      .option("suite", {
        type: "string",
        describe: "Suite name or path whose verifier and options replace --verifier and --options",
      })
      .option("reward", {
        type: "string",
        describe: 'Composite reward as JSON or a JSON file path (default: {"accuracy":{}})',
      })
      .option("log-level", {
        type: "string",
        default: "info",
        choices: ["fatal", "error", "warn", "info", "debug", "silent"],
        describe: "Lowest level of log lines written to standard output",
      })
      .example("$0 serve --port 8000", "Math rewards on http://127.0.0.1:8000")
      .example(
        `$0 serve --reward '{"accuracy":{},"format":{"weight":0.5}}'`,
        "Accuracy plus half a format reward",
      ),
  handler: async (args) => {
    const config = serverConfig({
      host: args.host,
      port: checkedInteger(args.port, "--port", 0, 65535),
      threads: checkedInteger(args.threads, "--threads", 1, 1024),
      itemTimeoutMs: checkedInteger(args["item-timeout-ms"], "--item-timeout-ms", 1, 3_600_000),
      timeoutReward: checkedNumber(args["timeout-reward"], "--timeout-reward"),
      bodyLimitBytes: Math.round(checkedNumber(args["body-limit-mb"], "--body-limit-mb") * 1024 * 1024),
      maxItems: checkedInteger(args["max-items"], "--max-items", 1, 10_000_000),
      ...(await defaultVerifier(args)),
      reward: rewardSpecOption(args.reward),
    });
    const logger = pino({ level: args["log-level"] });
    if (!isLoopback(config.host)) {
      logger.warn(
        { host: config.host },
        "listening beyond loopback: the reward server has no authentication",
      );
    }

    let server: RewardServer;
    try {
      server = await startRewardServer(config, logger);
    } catch (error) {
      if (error instanceof ServerConfigError) {
        const flag = error.setting === "verifier" ? verifierFlag(args) : optionsFlag(args);
        throw new UserError(`${flag}: ${error.message}`);
      }
      throw error;
    }
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, "stopping");
        server.close().then(resolve, resolve);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  },
};

async function defaultVerifier(args: ServeArgs) {
  const options = parseJsonOption(args.options, "--options") ?? {};
  if (args.suite === undefined) return { verifier: args.verifier, verifierOptions: options };
  try {
    const suite = await loadSuite(args.suite);
    return {
      verifier: suite.definition.verifier,
      verifierOptions: { ...suite.definition.verifierOptions, ...options },
    };
  } catch (error) {
    if (error instanceof SuiteError) throw new UserError(error.message);
    throw error;
  }
}

/** Names where the default verifier came from, for start-up errors. */
function verifierFlag(args: ServeArgs): string {
  return args.suite === undefined ? `--verifier ${args.verifier}` : `--suite ${args.suite}`;
}

function optionsFlag(args: ServeArgs): string {
  if (args.suite === undefined) return "--options";
  return args.options === undefined ? `--suite ${args.suite}` : `--suite ${args.suite} with --options`;
}

function rewardSpecOption(text: string | undefined) {
  if (text === undefined) return parseRewardSpec();
  let json = text;
  if (!text.trimStart().startsWith("{")) {
    if (!existsSync(text))
      throw new UserError(`--reward must be a JSON object or a JSON file path; file not found: ${text}`);
    json = readFileSync(text, "utf8");
  }
  try {
    return parseRewardSpec(parseJsonOption(json, "--reward"));
  } catch (error) {
    if (error instanceof InvalidRewardSpecError) throw new UserError(`--reward is invalid: ${error.message}`);
    throw error;
  }
}

function checkedNumber(value: number, flag: string): number {
  if (!Number.isFinite(value)) throw new UserError(`${flag} must be a number, got ${value}`);
  return value;
}

function checkedInteger(value: number, flag: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`${flag} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || (isIP(host) === 4 && host.startsWith("127."));
}
