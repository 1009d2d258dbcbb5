import { invalid } from './invalid-input.ts';
import { wilsonInterval, type Interval } from './wilson-interval.ts';

export interface Category {
  value: string;
  label: string;
}

export interface ChoiceTally {
  /** Respondents who were shown the question and answered it. */
  n: number;
  /** Answers per value; a value that nobody chose may be left out (it counts as 0). */
  counts: Readonly<Record<string, number>>;
  /** The question's choices, in the order they are shown. */
  categories: readonly Category[];
}

export interface CategoryResult extends Category {
  count: number;
  /** count / n × 100; null when n is 0. */
  percent: number | null;
  /** Wilson interval in percent (0–100); null when n is 0. */
  ci: Interval | null;
}

export interface ChoiceTable {
  n: number;
  categories: CategoryResult[];
}

export interface TabulateOptions {
  /**
   * `single` (single choice, boolean, rating: each respondent gives one value, so the counts add
   * up to n — checked) or `multiple` (checkbox: each count is at most n, the percentages may add
   * up to more than 100). Default `single`.
   */
  kind?: 'single' | 'multiple';
  confidence?: number;
}

/**
 * Distribution of a closed question: per category its count, its percentage of the respondents who
 * answered the question, and a Wilson confidence interval for that percentage.
 *
 *   percent_c = 100 · count_c / n
 *
 * For multiple choice n is the number of respondents who answered the question (picked at least
 * one option), so percentages are "of those who answered" and add up to more than 100 — as in the
 * seed's "1–3 areas where you want change" chart (n = 2,677).
 *
 * Missing data: respondents who were not shown the question or skipped it are not in n and not in
 * any count; the caller's tally already leaves them out. A value in `counts` that is not among
 * `categories` (an old choice, "other") is not dropped: it is appended after the listed categories,
 * labelled with its value, in code-point order.
 *
 * Reference: the Wilson interval, see `wilsonInterval`.
 *
 * @example
 * tabulateChoices({ n: 10, counts: { a: 7, b: 3 }, categories: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] });
 * // => { n: 10, categories: [{ value: 'a', label: 'A', count: 7, percent: 70, ci: { lower: 39.67…, upper: 89.22… } }, …] }
 */
export function tabulateChoices(tally: ChoiceTally, options: TabulateOptions = {}): ChoiceTable {
  const fn = 'tabulateChoices';
  const { n, counts } = tally;
  const kind = options.kind ?? 'single';
  if (!Number.isInteger(n) || n < 0) invalid(fn, 'n', 'a whole number ≥ 0', n);
  const listed = new Set<string>();
  const categories: Category[] = [];
  for (const category of tally.categories) {
    if (listed.has(category.value)) invalid(fn, 'category values', 'unique', category.value);
    listed.add(category.value);
    categories.push(category);
  }
  const unlisted = Object.keys(counts)
    .filter((value) => !listed.has(value))
    .sort();
  for (const value of unlisted) categories.push({ value, label: value });

  let sum = 0;
  const rows = categories.map(({ value, label }): CategoryResult => {
    const count = counts[value] ?? 0;
    if (!Number.isInteger(count) || count < 0 || count > n) {
      invalid(fn, `count of ${JSON.stringify(value)}`, `a whole number from 0 to n = ${n}`, count);
    }
    sum += count;
    if (n === 0) return { value, label, count, percent: null, ci: null };
    const { lower, upper } = wilsonInterval(count, n, options.confidence);
    return { value, label, count, percent: (100 * count) / n, ci: { lower: 100 * lower, upper: 100 * upper } };
  });
  if (kind === 'single' && sum !== n) {
    invalid(fn, 'the sum of the counts of a single-choice question', `n = ${n}`, sum);
  }
  return { n, categories: rows };
}
