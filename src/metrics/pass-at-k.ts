/**
 * Unbiased pass@k estimator (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"):
 * the probability that at least one of k samples drawn without replacement from n samples, c of
 * them correct, is correct: 1 − C(n−c, k) / C(n, k).
 *
 * Computed as 1 − ∏_{i=n−c+1}^{n} (1 − k/i), which never forms a binomial coefficient and so stays
 * exact in floating point for any n. Throws a RangeError unless 0 ≤ c ≤ n and 1 ≤ k ≤ n.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k)) {
    throw new RangeError(`pass@k needs integers, got n=${n}, c=${c}, k=${k}`);
  }
  if (k < 1 || k > n) throw new RangeError(`pass@k needs 1 ≤ k ≤ n, got k=${k} with n=${n} samples`);
  if (c < 0 || c > n) throw new RangeError(`pass@k needs 0 ≤ c ≤ n, got c=${c} with n=${n} samples`);

  // Fewer wrong samples than k: every draw of k contains a correct one.
  if (n - c < k) return 1;

  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** The k values reported for n samples: every power of two below n, and n itself. */
export function reportedKs(n: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k < n; k *= 2) ks.push(k);
  if (n >= 1) ks.push(n);
  return ks;
}
