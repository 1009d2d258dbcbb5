import { tQuantile } from './distributions.ts';
import { invalid } from './invalid-input.ts';
import { wilsonInterval, type Interval } from './wilson-interval.ts';

export interface WeightedProportion {
  /** Σ wᵢ·[yᵢ] / Σ wᵢ, in 0–1. */
  estimate: number;
  /** Linearisation standard error; null when n < 2. */
  se: number | null;
  ci: Interval;
  /** How `ci` was made: `logit` normally, `wilson-effective-n` when the estimate is 0 or 1 or n < 2. */
  ciMethod: 'logit' | 'wilson-effective-n';
  /** Unweighted number of respondents in the denominator. */
  n: number;
  /** Unweighted number with the property. */
  count: number;
  sumOfWeights: number;
}

/**
 * A weighted proportion with a design-based (linearisation) standard error and a logit confidence
 * interval, treating the weights as given (R's `svydesign(ids = ~1, weights = ~w)`):
 *
 *   p̂ = Σwᵢyᵢ / Σwᵢ,   se(p̂) from `svymean` (zᵢ = wᵢ(yᵢ − p̂)/Σw, se² = N/(N−1)·Σ(zᵢ − z̄)²),
 *   CI = expit(logit(p̂) ± t_{n−1,(1+confidence)/2} · se(p̂) / (p̂(1 − p̂)))
 *
 * which is `svyciprop(~y, design, method = "logit")`, R's default (its `df = degf(design)` = n − 1).
 * The logit interval stays inside (0, 1). When p̂ is 0 or 1 the linearised se is 0 and that interval
 * collapses to a point; then (and when n < 2) the Wilson interval computed with Kish's effective
 * sample size (Σw)²/Σw² is returned instead, and `ciMethod` says so.
 *
 * For weights from `rakeWeights` the variance ignores the reduction that calibration brings, so the
 * interval is somewhat conservative.
 *
 * Missing data: pass every respondent of the analysis; null or undefined means "did not answer":
 * left out of p̂ and of n, kept in the design (N, with zᵢ = 0) for the variance — a domain estimate,
 * as R's `subset(design, !is.na(y))` and `na.rm = TRUE` do. The t quantile's df is n − 1 (R's
 * `degf` of that subset).
 *
 * References: T. Lumley (2010), Complex Surveys, section 2.3 and `?svyciprop`; E. L. Korn and B. I.
 * Graubard (1998), Confidence intervals for proportions with small expected number of positive
 * counts estimated from survey data, Survey Methodology 24(2).
 *
 * @example
 * weightedProportion([true, false, true, true], [1, 1, 2, 4]); // => { estimate: 0.875, se: 0.1509…, ci: { lower: 0.0797…, upper: 0.9982… }, ciMethod: 'logit', … }
 */
export function weightedProportion(
  indicators: readonly (boolean | 0 | 1 | null | undefined)[],
  weights: readonly number[],
  confidence = 0.95,
): WeightedProportion {
  const fn = 'weightedProportion';
  if (indicators.length !== weights.length) {
    invalid(fn, 'weights', `as many as the indicators (${indicators.length})`, weights.length);
  }
  if (!(confidence > 0 && confidence < 1)) invalid(fn, 'confidence', 'a number between 0 and 1', confidence);
  const sums = { n: 0, count: 0, sumW: 0, sumW2: 0, sumWY: 0, sumW2Y: 0, designSize: indicators.length };
  indicators.forEach((indicator, i) => {
    if (indicator === null || indicator === undefined) return;
    if (indicator !== true && indicator !== false && indicator !== 0 && indicator !== 1) {
      invalid(fn, 'every indicator', 'true, false, 0, 1, null or undefined', indicator);
    }
    const weight = weights[i]!;
    if (!(Number.isFinite(weight) && weight > 0)) invalid(fn, 'every weight', 'a finite number > 0', weight);
    const y = indicator === true || indicator === 1 ? 1 : 0;
    sums.n += 1;
    sums.count += y;
    sums.sumW += weight;
    sums.sumW2 += weight * weight;
    sums.sumWY += weight * y;
    sums.sumW2Y += weight * weight * y;
  });
  if (sums.n === 0) invalid(fn, 'indicators', 'at least one answer (not null)', indicators);
  return weightedProportionFromSums(sums, confidence);
}

export interface ProportionSums {
  /** Respondents who answered (unweighted). */
  n: number;
  /** Of them, those with the property (unweighted). */
  count: number;
  /** Σw, Σw², Σw·y and Σw²·y over those who answered (y is 0 or 1). */
  sumW: number;
  sumW2: number;
  sumWY: number;
  sumW2Y: number;
  /** Respondents in the design, answered or not (N in the variance); default n. */
  designSize?: number;
}

/**
 * `weightedProportion` from sufficient statistics, for callers that keep running sums instead of
 * rows (e.g. a columnar index). Since y² = y,
 *
 *   Σzᵢ² = (Σw²y·(1 − 2p̂) + p̂²·Σw²) / (Σw)²,   se² = N/(N − 1) · Σzᵢ²,
 *
 * which equals the row-wise formula exactly (Σzᵢ = 0, so centring changes nothing). Kish's effective
 * sample size for the fallback interval is (Σw)²/Σw².
 *
 * @example
 * weightedProportionFromSums({ n: 4, count: 3, sumW: 8, sumW2: 22, sumWY: 7, sumW2Y: 21 }).estimate; // => 0.875
 */
export function weightedProportionFromSums(sums: ProportionSums, confidence = 0.95): WeightedProportion {
  const fn = 'weightedProportionFromSums';
  const { n, count, sumW, sumW2, sumWY, sumW2Y } = sums;
  const designSize = sums.designSize ?? n;
  if (!Number.isInteger(n) || n < 1) invalid(fn, 'n', 'a whole number ≥ 1', n);
  if (!Number.isInteger(count) || count < 0 || count > n) invalid(fn, 'count', `a whole number from 0 to n = ${n}`, count);
  if (!(designSize >= n)) invalid(fn, 'designSize', `a number ≥ n = ${n}`, designSize);
  if (!(sumW > 0 && sumW2 > 0)) invalid(fn, 'sumW and sumW2', '> 0', { sumW, sumW2 });
  if (!(sumWY >= 0 && sumWY <= sumW * (1 + 1e-12))) invalid(fn, 'sumWY', `a number from 0 to sumW = ${sumW}`, sumWY);
  if (!(confidence > 0 && confidence < 1)) invalid(fn, 'confidence', 'a number between 0 and 1', confidence);
  const estimate = Math.min(1, sumWY / sumW);
  const sumOfSquares = Math.max(0, (sumW2Y * (1 - 2 * estimate) + estimate * estimate * sumW2) / (sumW * sumW));
  const se = n > 1 ? Math.sqrt((designSize / (designSize - 1)) * sumOfSquares) : null;
  if (se === null || count === 0 || count === n) {
    const effectiveSampleSize = (sumW * sumW) / sumW2;
    const ci = wilsonInterval(estimate * effectiveSampleSize, effectiveSampleSize, confidence);
    return { estimate, se, ci, ciMethod: 'wilson-effective-n', n, count, sumOfWeights: sumW };
  }
  const half = (tQuantile(1 - (1 - confidence) / 2, n - 1) * se) / (estimate * (1 - estimate));
  const logit = Math.log(estimate / (1 - estimate));
  const expit = (x: number): number => 1 / (1 + Math.exp(-x));
  return {
    estimate,
    se,
    ci: { lower: expit(logit - half), upper: expit(logit + half) },
    ciMethod: 'logit',
    n,
    count,
    sumOfWeights: sumW,
  };
}
