/**
 * Two-sided 97.5% quantiles of Student's t for 1…30 degrees of freedom: a bootstrap over a handful
 * of window pairs is a small sample, and its spread must be widened as t widens a mean's interval.
 */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

function t975(df: number): number {
  // Beyond the table, the first term of the Cornish-Fisher expansion is within 0.001.
  return T_975[df - 1] ?? 1.96 + 2.37 / df;
}

/**
 * How many bootstrap standard errors a 95% interval spans each side, over `n` resampled units.
 * With few units (six pairs by default) the bootstrap's spread is the sample's, biased low by
 * (n−1)/n, and its tails are a normal's where a t's are due: both corrected, as Hesterberg's
 * expanded intervals do (n = 2: 18.0, n = 6: 2.82, n = 30: 2.08, large n: 1.96).
 */
export function intervalHalfWidth(n: number): number {
  if (n < 2) return Infinity;
  return Math.sqrt(n / (n - 1)) * t975(n - 1);
}
