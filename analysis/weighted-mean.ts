import { tQuantile } from './distributions.ts';
import { invalid } from './invalid-input.ts';
import { linearisedMean } from './linearised-mean.ts';
import type { Interval } from './wilson-interval.ts';

export interface WeightedMean {
  estimate: number;
  /** Linearisation standard error; null when n < 2. */
  se: number | null;
  /** estimate ± t_{n−1}·se; null when n < 2. */
  ci: Interval | null;
  /** Unweighted number of values used. */
  n: number;
  sumOfWeights: number;
}

/**
 * The weighted mean of a numeric variable with a design-based (linearisation) standard error,
 * treating the weights as given:
 *
 *   ȳ_w = Σwᵢyᵢ / Σwᵢ,   zᵢ = wᵢ(yᵢ − ȳ_w)/Σw,   se² = N/(N − 1) · Σ(zᵢ − z̄)²,
 *   CI = ȳ_w ± t_{n−1, (1+confidence)/2} · se
 *
 * with zᵢ = 0 for the respondents who did not answer (they stay in the design as a domain: N above
 * counts everyone passed, n only those who answered). This is R's
 * `svymean(~y, subset(svydesign(ids = ~1, weights = ~w, data), !is.na(y)))` with
 * `confint(…, df = degf(design))`, degf = n − 1. For weights from `rakeWeights` it ignores the variance reduction
 * that calibration brings, so the interval is somewhat conservative.
 *
 * Missing data: pass every respondent of the analysis; null, undefined or NaN means "did not
 * answer": left out of the estimate, kept in the design (N) for the variance, as R's `subset()` and
 * `svymean(…, na.rm = TRUE)` do. Passing only those who answered gives the variance of a design of
 * just them (slightly different: N = n).
 *
 * Reference: C.-E. Särndal, B. Swensson and J. Wretman (1992), Model Assisted Survey Sampling,
 * section 5.6; T. Lumley (2010), Complex Surveys, section 2.
 *
 * @example
 * weightedMean([1, 2, 3, 4], [1, 1, 2, 4]); // => { estimate: 3.125, se: 0.6139…, ci: { lower: 1.171…, upper: 5.078… }, n: 4, sumOfWeights: 8 }
 */
export function weightedMean(
  values: readonly (number | null | undefined)[],
  weights: readonly number[],
  confidence = 0.95,
): WeightedMean {
  const fn = 'weightedMean';
  if (values.length !== weights.length) invalid(fn, 'weights', `as many as the values (${values.length})`, weights.length);
  if (!(confidence > 0 && confidence < 1)) invalid(fn, 'confidence', 'a number between 0 and 1', confidence);
  const y: number[] = [];
  const w: number[] = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined || Number.isNaN(value)) return;
    if (!Number.isFinite(value)) invalid(fn, 'every value', 'a finite number, null or undefined', value);
    const weight = weights[i]!;
    if (!(Number.isFinite(weight) && weight > 0)) invalid(fn, 'every weight', 'a finite number > 0', weight);
    y.push(value);
    w.push(weight);
  });
  if (y.length === 0) invalid(fn, 'values', 'at least one number', values);
  const { estimate, variance, sumOfWeights } = linearisedMean(y, w, values.length);
  if (y.length < 2) return { estimate, se: null, ci: null, n: y.length, sumOfWeights };
  const se = Math.sqrt(variance);
  const half = tQuantile(1 - (1 - confidence) / 2, y.length - 1) * se;
  return { estimate, se, ci: { lower: estimate - half, upper: estimate + half }, n: y.length, sumOfWeights };
}
