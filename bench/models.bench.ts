// Model runner benchmarks. Part 1: the tiny test GGUF model on CPU, 8 samples generated as 8
// parallel sequences of one context against the same 8 one after another. Part 2: the
// OpenAI-compatible backend against the stand-in server (in a child process, so the client's
// CPU time can be measured alone) at concurrency 64, with the harness's own cost per request.
// Run: node --import tsx bench/models.bench.ts
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import { generateSamples } from "../src/eval/generate.js";
import { SampleCache } from "../src/eval/sample-cache.js";
import { createLlamaCppBackend } from "../src/models/llama-cpp-backend.js";
import type { SamplingParameters } from "../src/models/model-backend.js";
import { OpenAiBackend } from "../src/models/openai-backend.js";
import { writeTinyGguf } from "../test/fixtures-gen/tiny-gguf.js";
import { startOpenAiStandIn } from "../test/slow/models/openai-stand-in.js";

const serveFlag = "--serve-stand-in";

if (process.argv.includes(serveFlag)) {
  const server = await startOpenAiStandIn({ respond: () => "The answer is \\boxed{4}." });
  console.log(server.url);
} else {
  await main();
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  // Other processes on a small machine change these figures a lot, so the load is printed with them.
  const loadAtStart = loadavg()[0];
  const dir = await mkdtemp(join(tmpdir(), "verdict-bench-models-"));
  try {
    rows.push(...(await benchLocal(dir, 64)));
    rows.push(...(await benchLocal(dir, 256)));
    rows.push(...(await benchServer(dir)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `load average (1 min): ${loadAtStart?.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end, on ${availableParallelism()} logical cores\n`,
  );
  console.log("| measure | value |\n|---|---|");
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
}

async function benchLocal(dir: string, maxTokens: number): Promise<[string, string][]> {
  const modelPath = join(dir, "tiny.gguf");
  await writeTinyGguf(modelPath);
  const backend = await createLlamaCppBackend({
    modelPath,
    gpu: "cpu",
    parallelSequences: 8,
    contextSize: 512,
  });
  const sampling: SamplingParameters = {
    temperature: 0.8,
    topP: 0.95,
    topK: 0,
    minP: 0,
    maxTokens,
    stop: [],
    seed: 0,
  };
  const prompt = { text: "the answer is" };
  const indices = [0, 1, 2, 3, 4, 5, 6, 7];

  const parallel: number[] = [];
  const sequential: number[] = [];
  try {
    await backend.generate({ prompt, sampling, sampleIndices: indices }); // warm-up
    for (let round = 0; round < 7; round++) {
      let started = performance.now();
      await backend.generate({ prompt, sampling, sampleIndices: indices });
      parallel.push(performance.now() - started);

      started = performance.now();
      for (const index of indices) await backend.generate({ prompt, sampling, sampleIndices: [index] });
      sequential.push(performance.now() - started);
    }
  } finally {
    await backend.close();
  }

  const parallelMs = median(parallel);
  const sequentialMs = median(sequential);
  const label = `tiny model, CPU, ${maxTokens} tokens/sample, threads ${backend.describe().threads}`;
  return [
    [`${label}: 8 parallel sequences, samples/s`, (8000 / parallelMs).toFixed(1)],
    [`${label}: 8 sequential samples, samples/s`, (8000 / sequentialMs).toFixed(1)],
    [`${label}: speed-up of parallel over sequential`, `${(sequentialMs / parallelMs).toFixed(2)}×`],
    [`${label}: tokens/s, parallel`, ((8 * maxTokens * 1000) / parallelMs).toFixed(0)],
  ];
}

async function benchServer(dir: string): Promise<[string, string][]> {
  const { child, url } = await startStandInProcess();
  const requests = 2000;
  const concurrency = 64;
  const rounds = 3;
  const sampling: SamplingParameters = {
    temperature: 0.6,
    topP: 0.95,
    topK: 0,
    minP: 0,
    maxTokens: 64,
    stop: [],
    seed: 0,
  };
  const backend = new OpenAiBackend({
    baseUrl: url,
    model: "stand-in-model",
    concurrency,
    maxSamplesPerRequest: 1,
  });
  const prompt = { messages: [{ role: "user" as const, content: "What is 2+2?" }] };
  const indices = Array.from({ length: requests }, (_, index) => index);
  const results = { raw: [] as Measurement[], backend: [] as Measurement[], loop: [] as Measurement[] };

  try {
    await rawRequests(url, 500, concurrency); // warm-up of the HTTP client
    await backend.generate({ prompt, sampling, sampleIndices: indices.slice(0, 500) });

    // The three clients take turns, so that load from other processes hits all of them alike.
    for (let round = 0; round < rounds; round++) {
      results.raw.push(await measure(() => rawRequests(url, requests, concurrency)));
      results.backend.push(
        await measure(() => backend.generate({ prompt, sampling, sampleIndices: indices })),
      );

      // The whole generation loop: one problem per request, each sample appended to the cache.
      const cache = await SampleCache.open(join(dir, `generations-${round}.jsonl`));
      const tasks = indices.map((index) => ({
        problemId: `p${index}`,
        prompt: { messages: [{ role: "user" as const, content: `${index}+1` }] },
      }));
      results.loop.push(await measure(() => generateSamples({ backend, tasks, n: 1, sampling, cache })));
      await cache.close();
    }
  } finally {
    child.kill("SIGTERM");
  }

  const rate = (list: Measurement[]) => (requests / median(list.map((m) => m.seconds))).toFixed(0);
  const cpuPerRequest = (list: Measurement[]) => (median(list.map((m) => m.cpuMs)) * 1000) / requests;
  const label = `stand-in server, concurrency ${concurrency}, ${requests} requests`;
  return [
    [`${label}: bare fetch client, requests/s`, rate(results.raw)],
    [`${label}: OpenAiBackend (n=1 per request), requests/s`, rate(results.backend)],
    [`${label}: generation loop + sample cache, requests/s`, rate(results.loop)],
    ["client CPU per request: bare fetch client, µs", cpuPerRequest(results.raw).toFixed(0)],
    ["client CPU per request: OpenAiBackend, µs", cpuPerRequest(results.backend).toFixed(0)],
    ["client CPU per request: generation loop + sample cache, µs", cpuPerRequest(results.loop).toFixed(0)],
    [
      "harness CPU overhead per request over the bare client (loop + cache), µs",
      (cpuPerRequest(results.loop) - cpuPerRequest(results.raw)).toFixed(0),
    ],
  ];
}

interface Measurement {
  seconds: number;
  cpuMs: number;
}

async function rawRequests(url: string, count: number, concurrency: number): Promise<void> {
  const limit = pLimit(concurrency);
  const body = JSON.stringify({
    model: "stand-in-model",
    messages: [{ role: "user", content: "What is 2+2?" }],
    n: 1,
    max_tokens: 64,
  });
  await Promise.all(
    Array.from({ length: count }, () =>
      limit(async () => {
        const response = await fetch(`${url}/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        JSON.parse(await response.text());
      }),
    ),
  );
}

async function measure(task: () => Promise<unknown>): Promise<Measurement> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await task();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function startStandInProcess(): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", script, serveFlag], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve({ child, url: chunk.toString().trim() }));
    child.once("exit", (code) => reject(new Error(`stand-in server exited with code ${code}`)));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
