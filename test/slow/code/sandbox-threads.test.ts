/**
 * Bubblewrap sandboxes in several worker threads of one process, as `verdict serve` builds them:
 * each thread's sandbox must get its own slot uids and cgroup folders. Keyed by process id alone,
 * the threads shared both and one thread's runs failed or were killed by the other's clean-up.
 */
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { BubblewrapSandbox } from "../../../verifiers/code/sandbox/bubblewrap.js";

interface ThreadReport {
  uids?: [number, number];
  results?: { status: string; stdout: string }[];
  error?: string;
}

function runInThread(sleepSeconds: number): Promise<ThreadReport> {
  const worker = new Worker(new URL("./fixtures/sandbox-in-thread.mjs", import.meta.url), {
    workerData: { sleepSeconds },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", (report: ThreadReport) => resolve(report));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code} before reporting`)));
  });
}

const mainSandbox = new BubblewrapSandbox({ concurrency: 2 });

afterAll(async () => {
  await mainSandbox.close();
});

describe("sandboxes in several threads of one process", () => {
  it("give each thread its own uids and let all their runs pass", async () => {
    const reports = await Promise.all([runInThread(0.5), runInThread(0.5), runInThread(0.5)]);

    for (const report of reports) {
      expect(report.error).toBeUndefined();
      expect(report.results?.map((result) => result.status)).toEqual(["ok", "ok"]);
      // Each program ran as a uid of its own thread's block.
      for (const result of report.results ?? []) {
        expect(Number(result.stdout)).toBeGreaterThanOrEqual(report.uids![0]);
        expect(Number(result.stdout)).toBeLessThanOrEqual(report.uids![1]);
      }
    }
    const firstUids = [...reports.map((report) => report.uids![0]), mainSandbox.uids[0]];
    expect(new Set(firstUids).size).toBe(firstUids.length);
  });

  it("give two sandboxes of one thread different uids", () => {
    const second = new BubblewrapSandbox({ concurrency: 2 });
    try {
      expect(second.uids[0]).not.toBe(mainSandbox.uids[0]);
    } finally {
      void second.close();
    }
  });
});
