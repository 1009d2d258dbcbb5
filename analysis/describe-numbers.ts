import { max, mean, min, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { invalid } from './invalid-input.ts';

export interface NumberSummary {
  n: number;
  /** Entries that were null, undefined or NaN (not answered). */
  missing: number;
  mean: number | null;
  /** Sample standard deviation (divisor n − 1); null when n < 2. */
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Summary of a numeric question or of a computed value (e.g. pupils per curator): n, mean, sample
 * standard deviation, median, quartiles, minimum and maximum.
 *
 * Quantiles are Hyndman & Fan's type 7, R's default `quantile(x, type = 7)` and NumPy's "linear":
 * for sorted x₁ ≤ … ≤ xₙ and h = (n − 1)·p, Q(p) = x_{⌊h⌋+1} + (h − ⌊h⌋)(x_{⌊h⌋+2} − x_{⌊h⌋+1}).
 *
 * Missing data: null, undefined and NaN entries are left out and counted in `missing`. Infinite
 * values are an error. No values: n 0 and every statistic null.
 *
 * Reference: R. J. Hyndman and Y. Fan (1996), Sample quantiles in statistical packages. The American
 * Statistician 50(4), 361–365.
 *
 * @example
 * describeNumbers([3, 1, 4, 1, 5, null]);
 * // => { n: 5, missing: 1, mean: 2.8, sd: 1.7888…, median: 3, q1: 1, q3: 4, min: 1, max: 5 }
 */
export function describeNumbers(values: readonly (number | null | undefined)[]): NumberSummary {
  const present: number[] = [];
  for (const value of values) {
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      invalid('describeNumbers', 'every value', 'a finite number, null or undefined', value);
    }
    present.push(value);
  }
  const missing = values.length - present.length;
  if (present.length === 0) {
    return { n: 0, missing, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
  }
  const sorted = present.sort((a, b) => a - b);
  return {
    n: sorted.length,
    missing,
    mean: mean(sorted),
    sd: sorted.length > 1 ? sampleStandardDeviation(sorted) : null,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min: min(sorted),
    max: max(sorted),
  };
}
