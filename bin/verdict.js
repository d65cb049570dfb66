#!/usr/bin/env node
// Entry point of the `verdict` command. Runs the compiled CLI from dist/ (built by `npm install`
// through the `prepare` script, or by `npm run build`).
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  console.error(
    "verdict is not built: dist/src/cli/main.js is missing. Run `npm run build` in the verdict folder.",
  );
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv.slice(2));
