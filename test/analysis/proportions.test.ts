import { describe, expect, it } from 'vitest';
import { describeNumbers } from '../../analysis/describe-numbers.ts';
import { describeRating, type RatingCategory } from '../../analysis/describe-rating.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { tabulateChoices } from '../../analysis/tabulate-choices.ts';
import { wilsonInterval } from '../../analysis/wilson-interval.ts';
import { expectClose, readReference } from './reference.ts';

// Expected values: Rscript test/analysis/reference/proportions.R test/analysis/reference/proportions.json
interface Reference {
  wilson: { successes: number; n: number; confidence: number; lower: number; upper: number }[];
  rating: {
    counts: Record<string, number>;
    n: number;
    nScored: number;
    mean: number;
    median: number;
    top2: { count: number; percent: number; ci: [number, number] };
    bottom2: { count: number; percent: number; ci: [number, number] };
  };
  evenRating: { counts: Record<string, number>; mean: number; median: number };
  numbers: { values: number[]; n: number; mean: number; sd: number | null; quantiles: [number, number, number]; min: number; max: number }[];
}
const reference = readReference<Reference>('proportions.json');
const scale: RatingCategory[] = ['1', '2', '3', '4', '5'].map((value) => ({ value, label: value }));

describe('wilsonInterval against prop.test(correct = FALSE)', () => {
  for (const { successes, n, confidence, lower, upper } of reference.wilson) {
    it(`${successes}/${n} at ${confidence}`, () => {
      const ci = wilsonInterval(successes, n, confidence);
      expectClose(ci.lower, lower, 1e-9);
      expectClose(ci.upper, upper, 1e-9);
    });
  }

  it('refuses impossible input with one message form', () => {
    expect(() => wilsonInterval(3, 0)).toThrow('wilsonInterval: n must be a finite number > 0 (got 0)');
    expect(() => wilsonInterval(5, 4)).toThrow(InvalidInputError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow('wilsonInterval: confidence must be a number between 0 and 1 (got 1)');
  });
});

describe('tabulateChoices', () => {
  const categories = [
    { value: 'health', label: 'Terveys' },
    { value: 'work', label: 'Työ' },
    { value: 'home', label: 'Asuminen' },
  ];

  it('single choice: percent of those who answered, Wilson interval in percent, categories in order', () => {
    const table = tabulateChoices({ n: 12, counts: { work: 9, health: 3 }, categories });
    expect(table.n).toBe(12);
    expect(table.categories.map((c) => [c.value, c.count])).toEqual([
      ['health', 3],
      ['work', 9],
      ['home', 0],
    ]);
    const r = reference.wilson.find((w) => w.successes === 3 && w.n === 12 && w.confidence === 0.95)!;
    expectClose(table.categories[0]!.percent, 25);
    expectClose(table.categories[0]!.ci!.lower, 100 * r.lower);
    expectClose(table.categories[0]!.ci!.upper, 100 * r.upper);
    expect(table.categories[2]!.ci!.lower).toBe(0);
  });

  it('multiple choice: percentages of the respondents who answered add up to more than 100 (the seed: n = 2,677)', () => {
    const table = tabulateChoices(
      { n: 2677, counts: { health: 862, work: 669, home: 616 }, categories },
      { kind: 'multiple' },
    );
    const r = reference.wilson.find((w) => w.successes === 862 && w.n === 2677 && w.confidence === 0.95)!;
    expectClose(table.categories[0]!.percent, (100 * 862) / 2677);
    expectClose(table.categories[0]!.ci!.lower, 100 * r.lower);
    expect(Math.round(table.categories[0]!.percent!)).toBe(32);
    expect(Math.round(table.categories[1]!.percent!)).toBe(25);
    expect(Math.round(table.categories[2]!.percent!)).toBe(23);
  });

  it('keeps values that are not among the categories, after them', () => {
    const table = tabulateChoices({ n: 5, counts: { work: 2, other: 1, zzz: 1, health: 1 }, categories });
    expect(table.categories.map((c) => c.value)).toEqual(['health', 'work', 'home', 'other', 'zzz']);
    expect(table.categories[3]!.label).toBe('other');
  });

  it('n = 0: counts 0, no percentages', () => {
    const table = tabulateChoices({ n: 0, counts: {}, categories });
    expect(table.categories.every((c) => c.count === 0 && c.percent === null && c.ci === null)).toBe(true);
  });

  it('refuses single-choice counts that do not add up to n, and counts above n', () => {
    expect(() => tabulateChoices({ n: 10, counts: { work: 4 }, categories })).toThrow(
      'tabulateChoices: the sum of the counts of a single-choice question must be n = 10 (got 4)',
    );
    expect(() => tabulateChoices({ n: 3, counts: { work: 4 }, categories }, { kind: 'multiple' })).toThrow(InvalidInputError);
  });
});

describe('describeRating against R', () => {
  const categories = [...scale, { value: 'eos', label: 'En osaa sanoa' }];

  it('mean, median and top two leave out "can\'t say" but report it', () => {
    const { rating } = reference;
    const summary = describeRating({ n: rating.n, counts: rating.counts, categories });
    expect(summary.n).toBe(rating.n);
    expect(summary.nScored).toBe(rating.nScored);
    expect(summary.cantSay).toBe(rating.counts.eos);
    expectClose(summary.mean, rating.mean);
    expectClose(summary.median, rating.median);
    expect(summary.topTwo!.values).toEqual(['5', '4']);
    expect(summary.topTwo!.count).toBe(rating.top2.count);
    expectClose(summary.topTwo!.percent, rating.top2.percent);
    expectClose(summary.topTwo!.ci.lower, rating.top2.ci[0]);
    expectClose(summary.topTwo!.ci.upper, rating.top2.ci[1]);
    expectClose(summary.distribution[5]!.percent, (100 * rating.counts.eos!) / rating.n);
  });

  it('top two from the low end when 1 is the best', () => {
    const { rating } = reference;
    const summary = describeRating({ n: rating.n, counts: rating.counts, categories }, { top: 'lowest' });
    expect(summary.topTwo!.values).toEqual(['1', '2']);
    expectClose(summary.topTwo!.percent, rating.bottom2.percent);
    expectClose(summary.topTwo!.ci.lower, rating.bottom2.ci[0]);
  });

  it('median of an even number of answers averages the middle two (type 7)', () => {
    const { evenRating } = reference;
    const summary = describeRating({ n: 6, counts: evenRating.counts, categories: scale.slice(0, 4) });
    expectClose(summary.mean, evenRating.mean);
    expectClose(summary.median, evenRating.median);
  });

  it('explicit scores, and only "can\'t say" answers', () => {
    const reversed = [
      { value: 'good', label: 'Hyvä', score: 3 },
      { value: 'fair', label: 'Kohtalainen', score: 2 },
      { value: 'poor', label: 'Huono', score: 1 },
      { value: 'dk', label: 'En osaa sanoa', score: null },
    ];
    expect(describeRating({ n: 4, counts: { good: 1, poor: 3 }, categories: reversed }).mean).toBe(1.5);
    const none = describeRating({ n: 2, counts: { dk: 2 }, categories: reversed });
    expect([none.nScored, none.cantSay, none.mean, none.median, none.topTwo]).toEqual([0, 2, null, null, null]);
  });
});

describe('describeNumbers against R (quantile type 7)', () => {
  for (const expected of reference.numbers) {
    it(`${expected.values.length} values`, () => {
      const summary = describeNumbers(expected.values);
      expect(summary.n).toBe(expected.n);
      expectClose(summary.mean, expected.mean);
      if (expected.sd === null) expect(summary.sd).toBeNull();
      else expectClose(summary.sd, expected.sd);
      expectClose(summary.q1, expected.quantiles[0]);
      expectClose(summary.median, expected.quantiles[1]);
      expectClose(summary.q3, expected.quantiles[2]);
      expect(summary.min).toBe(expected.min);
      expect(summary.max).toBe(expected.max);
    });
  }

  it('leaves out and counts missing values; empty input gives n 0 and nulls', () => {
    const summary = describeNumbers([3, null, 1, undefined, 4, Number.NaN, 1, 5]);
    expect(summary.n).toBe(5);
    expect(summary.missing).toBe(3);
    expectClose(summary.mean, reference.numbers[0]!.mean);
    expect(describeNumbers([null])).toEqual({
      n: 0, missing: 1, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null,
    });
    expect(() => describeNumbers([1, Infinity])).toThrow(InvalidInputError);
  });
});
