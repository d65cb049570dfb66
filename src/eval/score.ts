import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Verdict } from "../../verifiers/verifier.js";
import { computeMetrics, type ProblemVerdicts, type SuiteMetrics } from "../metrics/suite-metrics.js";
import type { Problem, Suite } from "../suites/suite-definition.js";
import { LineWriter } from "../util/line-writer.js";
import { orderedMap } from "../util/ordered-map.js";
import { VERDICT_VERSION } from "../version.js";
import { PredictionsError } from "./read-predictions.js";
import { VerifierSet } from "./verifier-set.js";

export interface ScoreOptions {
  suite: Suite;
  /** Completions per problem id, in sample order. */
  predictions: Map<string, string[]>;
  /** Folder for `results.json` and `samples.jsonl`; created if missing. */
  outDir: string;
  /** Generation settings, backend, model and token counts, stored as given in `results.json`. */
  run?: Record<string, unknown>;
  /** Merged over the suite's `verifierOptions`. */
  verifierOptions?: Record<string, unknown>;
  /** Samples verified at the same time. Default: the number of CPUs, at least 2. */
  concurrency?: number;
  /** Called after each verified sample. */
  onProgress?: (done: number, total: number) => void;
}

/** The content of `results.json`. */
export interface Results {
  verdictVersion: string;
  suite: { name: string; version: string; dataPath: string; problemsInSuite: number };
  verifier: { name: string; version: string; options: unknown };
  run: Record<string, unknown>;
  /** Problems of the suite that had no prediction; they are left out of every metric. */
  unanswered: number;
  summary: SuiteMetrics;
  timing: { startedAt: string; seconds: number; verifySeconds: number; samplesPerSecond: number };
}

/** One row of `samples.jsonl`. */
export interface SampleRow {
  id: string;
  sample: number;
  correct: boolean;
  score: number;
  extracted: string | null;
  expected: string | null;
  reason: string;
  ms: number;
  completion: string;
  details?: Record<string, unknown>;
}

/**
 * Verifies every prediction against its suite problem, streams one row per sample to
 * `samples.jsonl` (suite order, then sample order), computes the metrics and writes `results.json`.
 * Throws `PredictionsError` when a prediction's id is not in the suite, before any verification.
 */
export async function scorePredictions(options: ScoreOptions): Promise<Results> {
  const startedAt = new Date();
  const { suite, predictions } = options;
  const answered = matchPredictions(suite, predictions);
  await mkdir(options.outDir, { recursive: true });

  const verifiers = new VerifierSet();
  try {
    const verifier = await verifiers.get(suite.definition.verifier);
    const verifierOptions = verifiers.options(verifier, {
      ...suite.definition.verifierOptions,
      ...options.verifierOptions,
    });

    const verifyStarted = performance.now();
    const verdicts = await verifyAll(answered, predictions, options, (completion, reference) =>
      verifier.verify(completion, reference, verifierOptions),
    );
    const verifySeconds = (performance.now() - verifyStarted) / 1000;

    const equivalent = verifier.equivalent?.bind(verifier);
    const summary = await computeMetrics(
      verdicts,
      equivalent === undefined ? undefined : (a, b) => equivalent(a, b, verifierOptions),
    );

    const results: Results = {
      verdictVersion: VERDICT_VERSION,
      suite: {
        name: suite.definition.name,
        version: suite.definition.version,
        dataPath: suite.dataPath,
        problemsInSuite: suite.problems.length,
      },
      verifier: { name: verifier.name, version: verifier.version, options: verifierOptions },
      run: options.run ?? {},
      unanswered: suite.problems.length - answered.length,
      summary,
      timing: {
        startedAt: startedAt.toISOString(),
        seconds: (Date.now() - startedAt.getTime()) / 1000,
        verifySeconds,
        samplesPerSecond: verifySeconds > 0 ? summary.samples / verifySeconds : 0,
      },
    };
    await writeFile(join(options.outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    await verifiers.close();
  }
}

function matchPredictions(suite: Suite, predictions: Map<string, string[]>): Problem[] {
  const known = new Set(suite.problems.map((problem) => problem.id));
  const unknown = [...predictions.keys()].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const firstUnknown = unknown
      .slice(0, 5)
      .map((id) => JSON.stringify(id))
      .join(", ");
    throw new PredictionsError(
      `${unknown.length} prediction id(s) are not problems of suite "${suite.definition.name}": ${firstUnknown}` +
        `${unknown.length > 5 ? ", ..." : ""}. Check that the predictions belong to this suite ` +
        `(its ids look like ${JSON.stringify(suite.problems[0]?.id)}).`,
    );
  }
  return suite.problems.filter((problem) => predictions.has(problem.id));
}

type VerifyFn = (completion: string, reference: unknown) => Promise<Verdict>;

async function verifyAll(
  problems: Problem[],
  predictions: Map<string, string[]>,
  options: ScoreOptions,
  verify: VerifyFn,
): Promise<ProblemVerdicts[]> {
  const total = problems.reduce((sum, problem) => sum + predictions.get(problem.id)!.length, 0);
  const byProblem = new Map<string, ProblemVerdicts & { verdicts: Verdict[] }>(
    problems.map((problem) => [problem.id, { id: problem.id, group: problem.group, verdicts: [] }]),
  );

  function* jobs() {
    for (const problem of problems) {
      const completions = predictions.get(problem.id)!;
      for (let sample = 0; sample < completions.length; sample++) {
        yield { problem, sample, completion: completions[sample]! };
      }
    }
  }

  const runJob = async (job: { problem: Problem; sample: number; completion: string }) => {
    const started = performance.now();
    const verdict = await verify(job.completion, job.problem.reference);
    return { ...job, verdict, ms: performance.now() - started };
  };

  const writer = new LineWriter(join(options.outDir, "samples.jsonl"));
  const concurrency = options.concurrency ?? Math.max(2, availableParallelism());
  let done = 0;
  try {
    for await (const result of orderedMap(toAsync(jobs()), concurrency, runJob)) {
      byProblem.get(result.problem.id)!.verdicts.push(result.verdict);
      await writer.write(JSON.stringify(sampleRow(result)));
      options.onProgress?.(++done, total);
    }
  } finally {
    await writer.close();
  }
  return [...byProblem.values()];
}

function sampleRow(result: {
  problem: Problem;
  sample: number;
  completion: string;
  verdict: Verdict;
  ms: number;
}) {
  const { verdict } = result;
  const row: SampleRow = {
    id: result.problem.id,
    sample: result.sample,
    correct: verdict.correct,
    score: verdict.score,
    extracted: verdict.extracted ?? null,
    expected: verdict.expected ?? null,
    reason: verdict.reason,
    ms: Math.round(result.ms * 1000) / 1000,
    completion: result.completion,
  };
  if (verdict.details !== undefined) row.details = verdict.details;
  return row;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
