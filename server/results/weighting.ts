import { weightedProportionFromSums } from '../../analysis/weighted-proportion.ts';
import type { Interval } from '../../analysis/wilson-interval.ts';
import type { CategoryTally } from './tally.ts';

export interface WeightedFigure {
  /** Weighted percentage of those who answered, 0–100. */
  percent: number;
  /** Design-based (linearisation) interval in percent. */
  ci: Interval;
}

/**
 * One category's weighted percentage (`designSize`: every weighted respondent, as R's domain
 * estimation keeps the whole design) in one group, from the sums the tally carries: the
 * linearisation variance of a weighted proportion needs only Σw, Σw², Σw·y and Σw²·y (y is 0 or 1).
 */
export function weightedCategory(
  sums: NonNullable<CategoryTally['weighted']>,
  k: number,
  category: number,
  slots: readonly number[],
  n: number,
  count: number,
  designSize: number,
): WeightedFigure | null {
  let sumW = 0;
  let sumW2 = 0;
  let sumWY = 0;
  let sumW2Y = 0;
  for (const slot of slots) {
    sumW += sums.sumW[slot]!;
    sumW2 += sums.sumW2[slot]!;
    sumWY += sums.countsW[slot * k + category]!;
    sumW2Y += sums.countsW2[slot * k + category]!;
  }
  if (n === 0 || sumW === 0) return null;
  const p = weightedProportionFromSums({ n, count, sumW, sumW2, sumWY, sumW2Y, designSize });
  return { percent: 100 * p.estimate, ci: { lower: 100 * p.ci.lower, upper: 100 * p.ci.upper } };
}
