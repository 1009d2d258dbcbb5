import { invalid } from './invalid-input.ts';
import type { Interval } from './wilson-interval.ts';

/** One cluster (a respondent): the sum of its entries' values and how many entries it has. */
export interface ClusterTotals {
  /** Σ of the entries' values: for a share, how many of its entries have the property. */
  readonly sum: number;
  /** How many entries (rows or panels) it has. */
  readonly entries: number;
  /** The cluster's weight, carried by each of its entries; 1 when unweighted. */
  readonly weight: number;
}

export interface ClusteredRatio {
  /** Σ wᵢ·yᵢ / Σ wᵢ·mᵢ: the mean (or share) per entry. */
  estimate: number;
  /** Linearisation standard error with the cluster as the primary unit; null with fewer than 2 clusters. */
  se: number | null;
  /** estimate ± z₀.₉₇₅ · se (a Wald interval, as `confint(svymean(…))`); null when se is. */
  ci: Interval | null;
  /** Clusters (respondents) with at least one entry. */
  clusters: number;
  /** Entries (rows or panels) in all. */
  entries: number;
}

// qnorm(0.975): R's confint() of a svymean uses the normal quantile (the design's df is not used).
const Z975 = 1.959963984540054;

/**
 * The mean per entry of a value measured on entries that come in clusters (rows of a dynamic
 * matrix, panels of a dynamic panel, each respondent a cluster), with the standard error of a
 * one-stage cluster design: R's `svymean(~y, svydesign(ids = ~respondent, weights = ~w, data = rows))`
 * on the entry-level data, each entry carrying its respondent's weight.
 *
 *   r̂ = Σᵢ wᵢyᵢ / Σᵢ wᵢmᵢ,   zᵢ = wᵢ(yᵢ − r̂·mᵢ) / Σᵢ wᵢmᵢ,   se² = n/(n−1) · Σᵢ (zᵢ − z̄)²
 *
 * over the n clusters (yᵢ the sum of cluster i's values, mᵢ its number of entries). A share is the
 * mean of a 0/1 value: yᵢ is how many of the cluster's entries have the property. Entries of one
 * respondent are alike more often than entries of different respondents, so treating them as
 * independent would understate the se; the cluster design does not.
 *
 * Missing data: a cluster with no entries is left out (pass only respondents who have entries).
 *
 * References: T. Lumley (2010), Complex Surveys, sections 2.2 and 3.2 (cluster sampling, ratio
 * estimation by linearisation); R `survey` package, `svymean` and `svyratio`.
 *
 * @example
 * clusteredRatio([{ sum: 2, entries: 2, weight: 1 }, { sum: 0, entries: 1, weight: 1 }, { sum: 1, entries: 3, weight: 1 }]);
 * // => { estimate: 0.5, se: 0.2041…, … }
 */
export function clusteredRatio(clusters: readonly ClusterTotals[]): ClusteredRatio {
  const fn = 'clusteredRatio';
  let sumWY = 0;
  let sumWM = 0;
  let entries = 0;
  for (const [i, c] of clusters.entries()) {
    if (!(Number.isInteger(c.entries) && c.entries > 0)) invalid(fn, `entries of cluster ${i}`, 'a whole number ≥ 1', c.entries);
    if (!Number.isFinite(c.sum)) invalid(fn, `sum of cluster ${i}`, 'a finite number', c.sum);
    if (!(Number.isFinite(c.weight) && c.weight > 0)) invalid(fn, `weight of cluster ${i}`, 'a number > 0', c.weight);
    sumWY += c.weight * c.sum;
    sumWM += c.weight * c.entries;
    entries += c.entries;
  }
  const n = clusters.length;
  if (n === 0) invalid(fn, 'clusters', 'at least one', n);
  const estimate = sumWY / sumWM;
  if (n < 2) return { estimate, se: null, ci: null, clusters: n, entries };
  const z = clusters.map((c) => (c.weight * (c.sum - estimate * c.entries)) / sumWM);
  const mean = z.reduce((s, v) => s + v, 0) / n;
  const se = Math.sqrt((n / (n - 1)) * z.reduce((s, v) => s + (v - mean) ** 2, 0));
  return { estimate, se, ci: { lower: estimate - Z975 * se, upper: estimate + Z975 * se }, clusters: n, entries };
}
