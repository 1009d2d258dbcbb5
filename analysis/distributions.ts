import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import normalQuantileOf from '@stdlib/stats-base-dists-normal-quantile';
import tQuantileOf from '@stdlib/stats-base-dists-t-quantile';

// Thin wrappers over @stdlib's special functions, named for what the statistics need. Upper tails are
// computed directly (regularised upper incomplete gamma / beta), not as 1 − CDF, so that small
// p-values keep their precision.

/** P(X ≥ x) for X ~ χ²(df): Q(df/2, x/2), the regularised upper incomplete gamma function. */
export function chiSquareUpperTail(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** P(F ≥ f) for F ~ F(df1, df2): I_{df2/(df2 + df1·f)}(df2/2, df1/2). */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, true, false);
}

/** The standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileOf(p, 0, 1);
}

const tQuantiles = new Map<string, number>();

/**
 * The quantile of Student's t distribution with `df` degrees of freedom. Remembered (up to 4,096
 * pairs): a results answer asks the same one for every category of a group (the group's n − 1), and
 * each costs an inverse incomplete beta, about 0.1 ms (a weighted question by municipality asked a
 * few hundred of them in one turn of the server's loop).
 */
export function tQuantile(p: number, df: number): number {
  const key = `${p}:${df}`;
  let q = tQuantiles.get(key);
  if (q === undefined) {
    if (tQuantiles.size >= 4096) tQuantiles.clear();
    q = tQuantileOf(p, df);
    tQuantiles.set(key, q);
  }
  return q;
}
