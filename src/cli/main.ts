import yargs from "yargs";
import { checkCommand } from "./commands/check.js";
import { runCommand } from "./commands/run.js";
import { scoreCommand } from "./commands/score.js";
import { serveCommand } from "./commands/serve.js";
import { suitesCommand } from "./commands/suites.js";
import { verifyCommand } from "./commands/verify.js";
import { UserError } from "./user-error.js";

/** Parses `argv` (without the node and script paths) and runs the chosen subcommand. */
export async function main(argv: string[]): Promise<void> {
  const parser = yargs(argv)
    .scriptName("verdict")
    .usage("$0 <command> [options]\n\nScore model outputs with exact verifiers; serve them as RL rewards.")
    .command(verifyCommand)
    .command(checkCommand)
    .command(scoreCommand)
    .command(runCommand)
    .command(suitesCommand)
    .command(serveCommand)
    .demandCommand(1, "Name a command; `verdict --help` lists them.")
    .strict()
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      // yargs reports usage mistakes by message, and wraps errors thrown by `coerce` in a YError.
      if (error && error.name !== "YError") throw error;
      console.error(
        `verdict: ${message ?? error?.message}\nRun \`verdict --help\` or \`verdict COMMAND --help\` for usage.`,
      );
      process.exit(2);
    });

  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`verdict: ${error.message}`);
      process.exit(error.exitCode);
    }
    throw error;
  }
}
