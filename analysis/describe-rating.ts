import { invalid } from './invalid-input.ts';
import { tabulateChoices, type Category, type CategoryResult } from './tabulate-choices.ts';
import { wilsonInterval, type Interval } from './wilson-interval.ts';

export interface RatingCategory extends Category {
  /**
   * The category's place on the scale. Left out: the value read as a number ("1" → 1). `null`, or
   * a value that is not a number: a "can't say" answer, kept out of the mean, median and top two.
   */
  score?: number | null;
}

export interface RatingTally {
  /** Respondents who answered (including "can't say"). */
  n: number;
  counts: Readonly<Record<string, number>>;
  /** The scale in the order it is shown. */
  categories: readonly RatingCategory[];
}

export interface RatingOptions {
  /** Which end of the scale is the "top" for the top-two share. Default `highest`. */
  top?: 'highest' | 'lowest';
  confidence?: number;
}

export interface RatingSummary {
  n: number;
  /** Every category, "can't say" included, as percentages of n (see `tabulateChoices`). */
  distribution: CategoryResult[];
  /** Answers with a score. */
  nScored: number;
  /** Answers without a score ("can't say"). */
  cantSay: number;
  /** Mean score of the scored answers; null when there are none. */
  mean: number | null;
  /** Median score (R's `quantile(type = 7)` at 0.5: the middle two averaged); null when none. */
  median: number | null;
  /** Answers in the two top scores, as a percentage of the scored answers, with a Wilson interval. */
  topTwo: { values: string[]; count: number; percent: number; ci: Interval } | null;
}

/**
 * Summary of a rating question or of one row of a matrix question: the distribution over all
 * categories, the mean and median of the scores, and the share of the two top scores.
 *
 *   mean = Σ score_c · count_c / nScored,   topTwo = (count of the two top scores) / nScored
 *
 * Missing data: respondents who did not answer are not in n (the caller's tally). "Can't say"
 * answers (categories without a numeric score) are in n and in the distribution, but not in the mean,
 * the median or the top-two share, whose denominator is `nScored`; their number is reported as
 * `cantSay`.
 *
 * Reference: the median is the type 7 sample quantile of Hyndman & Fan (1996), Sample quantiles in
 * statistical packages, The American Statistician 50(4), 361–365; R's default.
 *
 * @example
 * describeRating({ n: 6, counts: { '1': 1, '4': 2, '5': 2, eos: 1 },
 *   categories: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })).concat({ value: 'eos', label: 'En osaa sanoa' }) });
 * // => { n: 6, nScored: 5, cantSay: 1, mean: 3.8, median: 4, topTwo: { values: ['5', '4'], count: 4, percent: 80, … }, … }
 */
export function describeRating(tally: RatingTally, options: RatingOptions = {}): RatingSummary {
  const fn = 'describeRating';
  const distribution = tabulateChoices(tally, { kind: 'single', confidence: options.confidence }).categories;
  const scoreOf = new Map<string, number | null>();
  for (const category of tally.categories) {
    if (category.score != null && !Number.isFinite(category.score)) {
      invalid(fn, `score of ${JSON.stringify(category.value)}`, 'a finite number or null', category.score);
    }
    const score =
      category.score !== undefined ? category.score : category.value.trim() === '' ? null : Number(category.value);
    scoreOf.set(category.value, score !== null && Number.isFinite(score) ? score : null);
  }
  const scored = distribution
    .filter((row) => scoreOf.get(row.value) != null)
    .map((row) => ({ value: row.value, score: scoreOf.get(row.value) as number, count: row.count }))
    .sort((a, b) => a.score - b.score);
  const nScored = scored.reduce((sum, row) => sum + row.count, 0);
  const cantSay = tally.n - nScored;
  if (nScored === 0) {
    return { n: tally.n, distribution, nScored, cantSay, mean: null, median: null, topTwo: null };
  }
  const mean = scored.reduce((sum, row) => sum + row.score * row.count, 0) / nScored;

  // Type 7: h = (N − 1)·p, interpolate between the order statistics at floor(h) and ceil(h).
  const h = (nScored - 1) * 0.5;
  const at = (index: number): number => {
    let seen = 0;
    for (const row of scored) {
      seen += row.count;
      if (index < seen) return row.score;
    }
    return (scored[scored.length - 1] as { score: number }).score;
  };
  const below = at(Math.floor(h));
  const median = below + (h - Math.floor(h)) * (at(Math.ceil(h)) - below);

  const distinct = [...new Set(scored.map((row) => row.score))];
  const topScores = new Set(
    (options.top ?? 'highest') === 'highest' ? distinct.slice(-2) : distinct.slice(0, 2),
  );
  const topRows = scored.filter((row) => topScores.has(row.score));
  if ((options.top ?? 'highest') === 'highest') topRows.reverse();
  const count = topRows.reduce((sum, row) => sum + row.count, 0);
  const ci = wilsonInterval(count, nScored, options.confidence);
  return {
    n: tally.n,
    distribution,
    nScored,
    cantSay,
    mean,
    median,
    topTwo: {
      values: topRows.map((row) => row.value),
      count,
      percent: (100 * count) / nScored,
      ci: { lower: 100 * ci.lower, upper: 100 * ci.upper },
    },
  };
}
