import type { Verdict } from "../../verifiers/verifier.js";
import { type Equivalence, majorityAtK } from "./majority.js";
import { passAtK, reportedKs } from "./pass-at-k.js";
import { clusteredMean, type MeanWithError } from "./standard-error.js";

/** All verdicts of one problem, in sample order. */
export interface ProblemVerdicts {
  id: string;
  /** Cluster key for standard errors; problems without one are their own cluster. */
  group?: string | undefined;
  verdicts: readonly Verdict[];
}

export interface MetricValue {
  value: number;
  stderr: number;
}

export interface SuiteMetrics {
  problems: number;
  samples: number;
  /** Samples per problem; `min` bounds the k of pass@k and maj@k. */
  samplesPerProblem: { min: number; max: number };
  /** Keyed by the field's names: `avg@n`, `pass@k`, `maj@k`, and `mean_score` for partial credit. */
  metrics: Record<string, MetricValue>;
  /** How many verdicts had each reason code. */
  reasons: Record<string, number>;
}

/**
 * Computes avg@n, the mean of c/n over problems, with each problem's own sample count as n. Its
 * standard error is taken over problem means (clustered by `group` where given), because the samples
 * of one problem are not independent. Also computes unbiased pass@k and maj@k for every
 * power of two below n and for n, where n is the smallest sample count of any problem. maj@k needs
 * the verifier's answer equivalence and is left out without one.
 */
export async function computeMetrics(
  problems: readonly ProblemVerdicts[],
  equivalent?: Equivalence,
): Promise<SuiteMetrics> {
  const counts = problems.map((problem) => problem.verdicts.length);
  const n = counts.length === 0 ? 0 : Math.min(...counts);
  const metrics: Record<string, MetricValue> = {};
  const clusterOfProblem = problemClusters(problems);

  if (n > 0) {
    metrics[`avg@${n}`] = toMetric(problemMean(problems, (verdict) => (verdict.correct ? 1 : 0)));
    if (problems.some((problem) => problem.verdicts.some((v) => v.score !== (v.correct ? 1 : 0)))) {
      metrics.mean_score = toMetric(problemMean(problems, (verdict) => verdict.score));
    }

    for (const k of reportedKs(n)) {
      const perProblem = problems.map((problem) =>
        passAtK(problem.verdicts.length, problem.verdicts.filter((v) => v.correct).length, k),
      );
      metrics[`pass@${k}`] = toMetric(clusteredMean(perProblem, clusterOfProblem));
    }

    if (equivalent !== undefined) Object.assign(metrics, await majorityMetrics(problems, n, equivalent));
  }

  return {
    problems: problems.length,
    samples: counts.reduce((sum, count) => sum + count, 0),
    samplesPerProblem: { min: n, max: counts.length === 0 ? 0 : Math.max(...counts) },
    metrics,
    reasons: countReasons(problems),
  };
}

// Mean over problems of each problem's mean value, so a problem with more samples does not weigh
// more. With the same n for every problem this equals the mean over all samples.
function problemMean(
  problems: readonly ProblemVerdicts[],
  valueFor: (verdict: Verdict) => number,
): MeanWithError {
  const values = problems.map((problem) => {
    let sum = 0;
    for (const verdict of problem.verdicts) sum += valueFor(verdict);
    return sum / problem.verdicts.length;
  });
  return clusteredMean(values, problemClusters(problems));
}

async function majorityMetrics(
  problems: readonly ProblemVerdicts[],
  n: number,
  equivalent: Equivalence,
): Promise<Record<string, MetricValue>> {
  const ks = reportedKs(n);
  const perK = new Map<number, number[]>(ks.map((k) => [k, []]));

  for (const problem of problems) {
    const votes = problem.verdicts.map((verdict) => ({
      extracted: verdict.extracted,
      correct: verdict.correct,
    }));
    const results = await majorityAtK(votes, ks, equivalent);
    for (const k of ks) perK.get(k)!.push(results.get(k) ?? 0);
  }

  const metrics: Record<string, MetricValue> = {};
  for (const k of ks) {
    metrics[`maj@${k}`] = toMetric(clusteredMean(perK.get(k)!, problemClusters(problems)));
  }
  return metrics;
}

function countReasons(problems: readonly ProblemVerdicts[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const problem of problems) {
    for (const verdict of problem.verdicts) reasons[verdict.reason] = (reasons[verdict.reason] ?? 0) + 1;
  }
  return reasons;
}

/** Cluster key of the problem at each index: its `group` where given, else its own id. */
function problemClusters(problems: readonly ProblemVerdicts[]): (index: number) => string {
  return (index) => problems[index]!.group ?? problems[index]!.id;
}

function toMetric(estimate: MeanWithError): MetricValue {
  return { value: estimate.mean, stderr: estimate.stderr };
}
