import { normalQuantile } from './distributions.ts';
import { invalid } from './invalid-input.ts';

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * The [Wilson score interval](https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval)
 * for a proportion p̂ = successes / n:
 *
 *   (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n),   z = Φ⁻¹(1 − (1 − confidence)/2).
 *
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage for small n and for
 * proportions near 0 or 1, which is why the design asks for it for every unweighted percentage.
 * It is the interval of R's `prop.test(x, n, correct = FALSE)`.
 *
 * `n` need not be a whole number (an effective sample size may be passed). Missing data: none is
 * taken; the caller passes the n of those who answered.
 *
 * Reference: E. B. Wilson (1927), Probable inference, the law of succession, and statistical
 * inference. JASA 22(158), 209–212.
 *
 * @example
 * wilsonInterval(27, 100); // => { lower: 0.1926…, upper: 0.3643… }
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (!Number.isFinite(n) || n <= 0) invalid('wilsonInterval', 'n', 'a finite number > 0', n);
  if (!Number.isFinite(successes) || successes < 0 || successes > n) {
    invalid('wilsonInterval', 'successes', `a number from 0 to n = ${n}`, successes);
  }
  if (!(confidence > 0 && confidence < 1)) {
    invalid('wilsonInterval', 'confidence', 'a number between 0 and 1', confidence);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
