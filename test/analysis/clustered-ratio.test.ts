import { describe, expect, it } from 'vitest';
import { clusteredRatio, type ClusterTotals } from '../../analysis/clustered-ratio.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { expectClose, readReference } from './reference.ts';

// Expected values: Rscript test/analysis/reference/clustered_entries.R test/analysis/reference/clustered_entries.json
// (svymean on the row-level data with svydesign(ids = ~respondent, weights = ~w)).
interface Estimate {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
}
interface Figures {
  shares: Record<'small' | 'school' | 'teen', Estimate>;
  hours: Estimate;
}
const reference = readReference<{ rows: { respondent: number; age: string; hours: number }[]; weights: number[]; unweighted: Figures; weighted: Figures }>('clustered_entries.json');

/** The rows summed per respondent: the clusters clusteredRatio takes. */
function clustersOf(value: (row: { age: string; hours: number }) => number, weighted: boolean): ClusterTotals[] {
  const byRespondent = new Map<number, { sum: number; entries: number }>();
  for (const row of reference.rows) {
    const c = byRespondent.get(row.respondent) ?? { sum: 0, entries: 0 };
    c.sum += value(row);
    c.entries += 1;
    byRespondent.set(row.respondent, c);
  }
  return [...byRespondent].map(([r, c]) => ({ ...c, weight: weighted ? reference.weights[r - 1]! : 1 }));
}

function expectEstimate(actual: ReturnType<typeof clusteredRatio>, expected: Estimate) {
  expectClose(actual.estimate, expected.estimate);
  expectClose(actual.se, expected.se);
  expectClose(actual.ci?.lower, expected.lower);
  expectClose(actual.ci?.upper, expected.upper);
}

describe('clusteredRatio against R survey with the respondent as the cluster', () => {
  for (const weighted of [false, true]) {
    const figures = weighted ? reference.weighted : reference.unweighted;
    for (const age of ['small', 'school', 'teen'] as const) {
      it(`share of rows in ${age}, ${weighted ? 'weighted' : 'unweighted'}`, () => {
        const result = clusteredRatio(clustersOf((row) => (row.age === age ? 1 : 0), weighted));
        expectEstimate(result, figures.shares[age]);
        expect(result.clusters).toBe(12);
        expect(result.entries).toBe(reference.rows.length);
      });
    }
    it(`mean hours per row, ${weighted ? 'weighted' : 'unweighted'}`, () => {
      expectEstimate(clusteredRatio(clustersOf((row) => row.hours, weighted)), figures.hours);
    });
  }

  it('is wider than treating the rows as independent when a respondent’s rows are alike', () => {
    // Three respondents each with four rows all alike: the rows are really three observations.
    const clusters = [4, 0, 4, 0, 4].map((sum) => ({ sum, entries: 4, weight: 1 }));
    const result = clusteredRatio(clusters);
    const p = result.estimate;
    const naive = Math.sqrt((p * (1 - p)) / 20);
    expect(result.se!).toBeGreaterThan(naive * 1.5);
  });

  it('has no se with one cluster and refuses clusters without entries', () => {
    expect(clusteredRatio([{ sum: 3, entries: 4, weight: 1 }])).toMatchObject({ estimate: 0.75, se: null, ci: null });
    expect(() => clusteredRatio([{ sum: 0, entries: 0, weight: 1 }])).toThrow(InvalidInputError);
    expect(() => clusteredRatio([])).toThrow(/clusters must be at least one/);
  });
});
