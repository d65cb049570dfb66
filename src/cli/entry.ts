// Runs the CLI from TypeScript sources (`node --import tsx src/cli/entry.ts ...`), for tests and
// development; the installed `verdict` command runs the compiled copy through bin/verdict.js.
import { main } from "./main.js";

await main(process.argv.slice(2));
