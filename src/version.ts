import { readFileSync } from "node:fs";

/** verdict's own version, from package.json, stored with every result. */
export const VERDICT_VERSION: string = (
  JSON.parse(readFileSync(new URL(findPackageJson(), import.meta.url), "utf8")) as { version: string }
).version;

// The same module runs from src/ (tests) and dist/src/ (the CLI), at different depths.
function findPackageJson(): string {
  return import.meta.url.includes("/dist/") ? "../../package.json" : "../package.json";
}
