/** A sample mean with its standard error. */
export interface MeanWithError {
  mean: number;
  /** Standard error of the mean; 0 when it cannot be estimated (fewer than two clusters). */
  stderr: number;
  /** Number of observations that went into the mean. */
  count: number;
  /** Number of independent clusters used for the standard error. */
  clusters: number;
}

/**
 * Mean of `values` with the cluster-robust standard error of Miller (2024, "Adding Error Bars to
 * Evals"): observations sharing a cluster key (several samples of one problem, or problems that
 * share a passage) are not independent, so the variance sums residuals within each cluster first:
 * SE² = Σ_c (Σ_{i∈c} (x_i − x̄))² / N², scaled by G/(G−1) for G clusters as in the usual
 * small-sample correction. With one observation per cluster this is the ordinary CLT standard
 * error √(s²/N) with the N−1 sample variance.
 */
export function clusteredMean(
  values: readonly number[],
  clusterOf: (index: number) => string,
): MeanWithError {
  const count = values.length;
  if (count === 0) return { mean: Number.NaN, stderr: Number.NaN, count: 0, clusters: 0 };

  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / count;

  const residualSums = new Map<string, number>();
  values.forEach((value, index) => {
    const key = clusterOf(index);
    residualSums.set(key, (residualSums.get(key) ?? 0) + (value - mean));
  });

  const clusters = residualSums.size;
  if (clusters < 2) return { mean, stderr: 0, count, clusters };

  let squares = 0;
  for (const residual of residualSums.values()) squares += residual * residual;
  const variance = (squares / (count * count)) * (clusters / (clusters - 1));
  return { mean, stderr: Math.sqrt(variance), count, clusters };
}

/** Mean with the plain CLT standard error (every value its own cluster). */
export function meanWithError(values: readonly number[]): MeanWithError {
  return clusteredMean(values, (index) => String(index));
}
