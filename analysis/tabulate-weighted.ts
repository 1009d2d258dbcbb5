import { kishDesignEffect } from './design-effect.ts';
import { invalid } from './invalid-input.ts';
import type { Category } from './tabulate-choices.ts';
import { weightedProportion } from './weighted-proportion.ts';
import type { Interval } from './wilson-interval.ts';

export interface WeightedCategoryResult extends Category {
  /** Unweighted number of respondents who chose the category. */
  count: number;
  /** Weighted percentage of the respondents who answered, 0–100. */
  percent: number;
  /** Linearisation standard error in percentage points; null when n < 2. */
  se: number | null;
  /** Confidence interval in percent (see `weightedProportion`). */
  ci: Interval;
  ciMethod: 'logit' | 'wilson-effective-n';
}

export interface WeightedChoiceTable {
  /** Unweighted number of respondents who answered. */
  n: number;
  sumOfWeights: number;
  /** Kish's design effect and effective sample size of those who answered. */
  designEffect: number;
  effectiveSampleSize: number;
  categories: WeightedCategoryResult[];
}

/**
 * Weighted distribution of a closed question: per category the weighted percentage of those who
 * answered, its linearisation standard error and confidence interval (each category is a
 * `weightedProportion` of the indicator "chose this category"), beside the unweighted counts.
 *
 * An answer is a string (single choice, boolean as 'true'/'false', rating) or an array of strings
 * (multiple choice: the percentages are of the respondents who answered the question and may add up
 * to more than 100).
 *
 * Missing data: an answer that is null, undefined or an empty array means "not answered": the
 * respondent is left out of the denominator, with their weight. A value that is not among
 * `categories` is appended after them, labelled with its value, in code-point order.
 *
 * @example
 * tabulateWeighted(['a', 'b', 'a', null], [1, 2, 3, 4], [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }]);
 * // => { n: 3, sumOfWeights: 6, designEffect: 1.1666…, categories: [{ value: 'a', count: 2, percent: 66.66…, ci: { lower: 0.35…, upper: 99.91… }, … }, …], … }
 */
export function tabulateWeighted(
  answers: readonly (string | readonly string[] | null | undefined)[],
  weights: readonly number[],
  categories: readonly Category[],
  confidence = 0.95,
): WeightedChoiceTable {
  const fn = 'tabulateWeighted';
  if (answers.length !== weights.length) invalid(fn, 'weights', `as many as the answers (${answers.length})`, weights.length);
  const chosen: (Set<string> | null)[] = answers.map((answer) => {
    if (answer === null || answer === undefined) return null;
    const picks = typeof answer === 'string' ? [answer] : answer;
    return picks.length === 0 ? null : new Set(picks);
  });
  const answeredWeights = weights.filter((_, i) => chosen[i] !== null);
  if (answeredWeights.length === 0) invalid(fn, 'answers', 'at least one answer (not null)', answers);

  const listed = new Set(categories.map((c) => c.value));
  const extra = new Set<string>();
  for (const picks of chosen) for (const value of picks ?? []) if (!listed.has(value)) extra.add(value);
  const all: Category[] = [...categories, ...[...extra].sort().map((value) => ({ value, label: value }))];

  const rows = all.map(({ value, label }): WeightedCategoryResult => {
    const estimate = weightedProportion(
      chosen.map((picks) => (picks === null ? null : picks.has(value))),
      weights,
      confidence,
    );
    return {
      value,
      label,
      count: estimate.count,
      percent: 100 * estimate.estimate,
      se: estimate.se === null ? null : 100 * estimate.se,
      ci: { lower: 100 * estimate.ci.lower, upper: 100 * estimate.ci.upper },
      ciMethod: estimate.ciMethod,
    };
  });
  const { designEffect, effectiveSampleSize } = kishDesignEffect(answeredWeights);
  return {
    n: answeredWeights.length,
    sumOfWeights: answeredWeights.reduce((a, b) => a + b, 0),
    designEffect,
    effectiveSampleSize,
    categories: rows,
  };
}
