// Benchmark of `verdict serve` on 127.0.0.1: a 1,024-item batch of real math completions, 500
// concurrent single-item requests (OpenRLHF's pattern), and server memory over 100,000 requests.
// The server runs in its own process from the compiled package (`bin/verdict.js serve`), as users
// run it; this process is only the client. Build first: npm run build && node --import tsx bench/server.bench.ts
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUTS = join(root, "examples/outputs/qwen-math-cot-100.jsonl");
const BATCH_SIZE = 1024;
const CONCURRENT_REQUESTS = 500;
const MEMORY_REQUESTS = 100_000;
const MEMORY_CONCURRENCY = 64;
const MEMORY_CHECKPOINT = 10_000;

interface Item {
  prompt: string;
  completion: string;
  reference: string;
}

/** Loads the shipped completions: 100 MATH problems × 8 samples (field `code`), reference `gt`. */
function loadItems(): Item[] {
  const items: Item[] = [];
  for (const line of readFileSync(OUTPUTS, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as { question: string; gt: string; code: string[] };
    for (const completion of row.code) items.push({ prompt: row.question, completion, reference: row.gt });
  }
  return items;
}

async function startServer(): Promise<{ url: string; process: ChildProcess }> {
  if (!existsSync(join(root, "dist/src/cli/main.js"))) {
    throw new Error("The compiled server is missing: run `npm run build` before this benchmark.");
  }
  // Logs at info, as in production: the server writes one line per request, read and dropped here.
  const child = spawn(process.execPath, [join(root, "bin/verdict.js"), "serve", "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`server exited with code ${code} before listening`)));
  });
  // Drain the remaining log lines (one per request) without keeping them.
  child.stdout!.removeAllListeners("data");
  child.stdout!.resume();
  return { url, process: child };
}

async function postRewards(
  url: string,
  items: Item[],
): Promise<{ rewards: number[]; items: { timeout: boolean }[] }> {
  const response = await fetch(`${url}/v1/rewards`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ items }),
  });
  if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
  return (await response.json()) as { rewards: number[]; items: { timeout: boolean }[] };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * Sends small synthetic items that take the math verifier's numeric and symbolic paths until a
 * round takes under a second (at most five rounds), so that worker and symbolic-worker start-up,
 * several seconds on a cold server, is not counted in the batch figures. No pair of the real batch
 * is cached by then.
 */
async function warmUp(url: string): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const items: Item[] = [];
    for (let n = 1; n <= 32; n += 1) {
      const shift = n + 100 * round;
      items.push({ prompt: "", completion: `\\boxed{\\frac{${shift}}{2}}`, reference: String(shift / 2) });
      items.push({
        prompt: "",
        completion: `\\boxed{(x+${shift})^2}`,
        reference: `x^2+${2 * shift}x+${shift * shift}`,
      });
    }
    const started = performance.now();
    await postRewards(url, items);
    if (performance.now() - started < 1000) return;
  }
}

/** Times the batch on warm workers that have not seen its pairs, then five repeats of it. */
async function benchBatch(url: string, items: Item[]) {
  const batch = Array.from({ length: BATCH_SIZE }, (_, index) => items[index % items.length]!);

  let started = performance.now();
  const first = await postRewards(url, batch);
  const firstMs = performance.now() - started;
  const correct = first.rewards.filter((reward) => reward === 1).length;
  const timeouts = first.items.filter((item) => item.timeout).length;

  const repeats: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    started = performance.now();
    await postRewards(url, batch);
    repeats.push(performance.now() - started);
  }
  return { firstMs, repeats, correct, timeouts };
}

async function benchConcurrent(url: string, items: Item[]) {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT_REQUESTS }, async (_, index) => {
      const sent = performance.now();
      try {
        await postRewards(url, [items[index % items.length]!]);
        latencies.push(performance.now() - sent);
      } catch {
        errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, latencies, errors };
}

async function serverMemory(url: string): Promise<{ rssMiB: number; heapMiB: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? Number.NaN);
  return {
    rssMiB: read("process_resident_memory_bytes") / 2 ** 20,
    heapMiB: read("nodejs_heap_size_used_bytes") / 2 ** 20,
  };
}

async function benchMemory(url: string, items: Item[]) {
  const checkpoints = [{ requests: 0, ...(await serverMemory(url)) }];
  let sent = 0;
  let errors = 0;
  const started = performance.now();

  while (sent < MEMORY_REQUESTS) {
    const stop = Math.min(MEMORY_REQUESTS, sent + MEMORY_CHECKPOINT);
    const worker = async () => {
      while (sent < stop) {
        const index = sent;
        sent += 1;
        try {
          await postRewards(url, [items[index % items.length]!]);
        } catch {
          errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: MEMORY_CONCURRENCY }, worker));
    checkpoints.push({ requests: sent, ...(await serverMemory(url)) });
  }
  return { checkpoints, errors, seconds: (performance.now() - started) / 1000 };
}

const items = loadItems();
const uniqueInBatch = Math.min(items.length, BATCH_SIZE);

// Three fresh servers for the first-sight batch time; the last one also runs the other benchmarks.
const firstSight: number[] = [];
let server = await startServer();
for (let round = 0; ; round += 1) {
  await warmUp(server.url);
  const batch = await benchBatch(server.url, items);
  firstSight.push(batch.firstMs);
  if (round === 2) {
    try {
      await report(batch);
    } finally {
      server.process.kill("SIGTERM");
    }
    break;
  }
  server.process.kill("SIGTERM");
  await new Promise((resolve) => server.process.once("exit", resolve));
  server = await startServer();
}

async function report(batch: Awaited<ReturnType<typeof benchBatch>>) {
  const concurrent = await benchConcurrent(server.url, items);
  const memory = await benchMemory(server.url, items);
  const cpus = availableParallelism();

  console.log(
    `Server: compiled \`verdict serve\` on 127.0.0.1, ${cpus} CPUs, ${cpus} worker threads, Node ${process.version}.\n`,
  );
  console.log("| measurement | value |");
  console.log("|---|---|");
  console.log(
    `| batch of ${BATCH_SIZE} completions (${uniqueInBatch} unique), warm workers, pairs not seen before: median of 3 servers | ${median(firstSight).toFixed(0)} ms (${firstSight.map((ms) => ms.toFixed(0)).join(", ")}) |`,
  );
  console.log(
    `| same batch again (verifier caches hold its pairs): median of 5 | ${median(batch.repeats).toFixed(0)} ms |`,
  );
  console.log(`| batch: items with reward 1 / timeouts | ${batch.correct} / ${batch.timeouts} |`);
  console.log(
    `| ${CONCURRENT_REQUESTS} concurrent single-item requests: total | ${(concurrent.seconds * 1000).toFixed(0)} ms |`,
  );
  console.log(`| throughput | ${Math.round(CONCURRENT_REQUESTS / concurrent.seconds)} requests/s |`);
  console.log(
    `| latency p50 / p99 | ${percentile(concurrent.latencies, 0.5).toFixed(1)} ms / ${percentile(concurrent.latencies, 0.99).toFixed(1)} ms |`,
  );
  console.log(`| errors | ${concurrent.errors} |`);
  console.log(
    `| ${MEMORY_REQUESTS.toLocaleString("en")} single-item requests (${MEMORY_CONCURRENCY} in flight) | ${memory.seconds.toFixed(1)} s, ${Math.round(MEMORY_REQUESTS / memory.seconds)} requests/s, ${memory.errors} errors |`,
  );
  console.log("\n| requests served | server RSS (MiB) | server heap used (MiB) |");
  console.log("|---|---|---|");
  for (const point of memory.checkpoints) {
    console.log(
      `| ${point.requests.toLocaleString("en")} | ${point.rssMiB.toFixed(0)} | ${point.heapMiB.toFixed(1)} |`,
    );
  }
}
