import { chiSquareUpperTail, normalQuantile } from './distributions.ts';
import { invalid } from './invalid-input.ts';

/** An estimate of one wave (a proportion or a mean) with its design-based standard error. */
export interface WaveEstimate {
  estimate: number;
  se: number;
}

export interface ChangeBetweenWaves {
  /** later − earlier. */
  difference: number;
  /** √(se_earlier² + se_later²): the waves are independent samples. */
  se: number;
  /** difference ± z_{1−α/2}·se. */
  ci: { lower: number; upper: number };
  /** Wald statistic difference / se; null when se is 0. */
  z: number | null;
  /** Two-sided p of the Wald test of no change, P(χ²₁ ≥ z²); null when se is 0. */
  p: number | null;
}

/**
 * The change of an estimate between two waves of a survey series, each an independent sample with its
 * own design: the difference later − earlier, its standard error √(se₁² + se₂²) (no covariance: no
 * respondent is in both samples), the Wald interval and the two-sided Wald test of no change.
 * The same as R's `svycontrast(svyby(~y, ~wave, design, svymean, covmat = TRUE), c(-1, 1))` on the
 * two waves stacked as strata of one design (`svydesign(ids = ~1, strata = ~wave, …)`): a stratified
 * design's variance is the sum of its strata's, and each stratum's is its wave's own.
 *
 * Missing data: none is taken; each wave's estimate and se are of those who answered.
 *
 * Reference: T. Lumley (2010), Complex Surveys: A Guide to Analysis Using R, Wiley, §2.3 and §3.4
 * (strata are independent; contrasts of domain means); test/analysis/reference/trends.R.
 *
 * @example
 * changeBetweenWaves({ estimate: 0.30, se: 0.02 }, { estimate: 0.36, se: 0.025 });
 * // => { difference: 0.06, se: 0.0320…, ci: { lower: −0.0027…, upper: 0.1227… }, z: 1.874…, p: 0.0609… }
 */
export function changeBetweenWaves(earlier: WaveEstimate, later: WaveEstimate, confidence = 0.95): ChangeBetweenWaves {
  for (const [name, e] of [['earlier', earlier], ['later', later]] as const) {
    if (!Number.isFinite(e.estimate)) invalid('changeBetweenWaves', `${name}.estimate`, 'a finite number', e.estimate);
    if (!Number.isFinite(e.se) || e.se < 0) invalid('changeBetweenWaves', `${name}.se`, 'a finite number ≥ 0', e.se);
  }
  if (!(confidence > 0 && confidence < 1)) invalid('changeBetweenWaves', 'confidence', 'a number between 0 and 1', confidence);
  const difference = later.estimate - earlier.estimate;
  const se = Math.sqrt(earlier.se * earlier.se + later.se * later.se);
  const half = normalQuantile(1 - (1 - confidence) / 2) * se;
  const z = se > 0 ? difference / se : null;
  return { difference, se, ci: { lower: difference - half, upper: difference + half }, z, p: z === null ? null : chiSquareUpperTail(z * z, 1) };
}

/**
 * The standard error of a proportion p̂ = successes / n of a simple random sample of the n who
 * answered, as R's `svymean` on `svydesign(ids = ~1, data = answered)`: √(p̂(1 − p̂)/(n − 1))
 * (the with-replacement variance estimator's n/(n − 1) times the binomial p̂(1 − p̂)/n).
 * Null when n < 2 (no variance can be estimated).
 *
 * @example
 * proportionSe(27, 100); // => 0.04462… (√(0.27 · 0.73 / 99))
 */
export function proportionSe(successes: number, n: number): number | null {
  if (!Number.isFinite(n) || n < 0) invalid('proportionSe', 'n', 'a finite number ≥ 0', n);
  if (!Number.isFinite(successes) || successes < 0 || successes > n) invalid('proportionSe', 'successes', `a number from 0 to n = ${n}`, successes);
  if (n < 2) return null;
  const p = successes / n;
  return Math.sqrt((p * (1 - p)) / (n - 1));
}

/**
 * The standard error of a mean of n answers with sample standard deviation sd (n − 1 in its
 * denominator), as R's `svymean` on `svydesign(ids = ~1, data = answered)`: sd/√n. Null when n < 2.
 *
 * @example
 * meanSe(1.2, 36); // => 0.2
 */
export function meanSe(sd: number, n: number): number | null {
  if (!Number.isFinite(n) || n < 0) invalid('meanSe', 'n', 'a finite number ≥ 0', n);
  if (n < 2) return null;
  if (!Number.isFinite(sd) || sd < 0) invalid('meanSe', 'sd', 'a finite number ≥ 0', sd);
  return sd / Math.sqrt(n);
}
