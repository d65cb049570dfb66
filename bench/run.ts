// Runs every bench/*.bench.ts script one after another in its own process, so one benchmark's
// memory and worker threads cannot skew the next. `npm run bench -- NAME` runs only those whose
// file name contains NAME.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const scripts = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts") && (filter === undefined || name.includes(filter)))
  .sort();

if (scripts.length === 0) {
  console.error(
    `No benchmark matches "${filter}". Benchmarks: ${readdirSync(dir)
      .filter((n) => n.endsWith(".bench.ts"))
      .join(", ")}`,
  );
  process.exit(1);
}

let failed = 0;
for (const script of scripts) {
  console.log(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(dir, script)], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error(`${script} failed with exit code ${result.status}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
