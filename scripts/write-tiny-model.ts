// Writes the tiny random-weight GGUF model that the tests use (llama architecture, about 0.5 MB),
// so `verdict run` can be tried without downloading a model. Its output is random text.
// Usage: node --import tsx scripts/write-tiny-model.ts [PATH]   (default: tiny.gguf)
import { resolve } from "node:path";
import { writeTinyGguf } from "../test/fixtures-gen/tiny-gguf.js";

const path = resolve(process.argv[2] ?? "tiny.gguf");
const bytes = await writeTinyGguf(path);
console.log(`wrote ${path} (${bytes} bytes)`);
