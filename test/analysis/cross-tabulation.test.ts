import { describe, expect, it } from 'vitest';
import { crossTabulate } from '../../analysis/cross-tabulate.ts';
import { expectClose, readReference } from './reference.ts';

// Expected values: /usr/bin/python3 test/analysis/reference/cross_tabulation.py test/analysis/reference/cross_tabulation.json
interface Reference {
  tables: {
    counts: number[][];
    rows: number[];
    columns: number[];
    chiSquare: number;
    pValue: number;
    df: number;
    expected: number[][];
    cramersV: number;
  }[];
}
const { tables } = readReference<Reference>('cross_tabulation.json');

describe('crossTabulate against scipy.stats.chi2_contingency(correction=False) and association("cramer")', () => {
  tables.forEach((expected, t) => {
    it(`table ${t + 1} (${expected.counts.length} × ${expected.counts[0]!.length})`, () => {
      const table = crossTabulate(expected.counts);
      const test = table.test!;
      expect(test.rows).toEqual(expected.rows);
      expect(test.columns).toEqual(expected.columns);
      expect(test.df).toBe(expected.df);
      expectClose(test.chiSquare, expected.chiSquare, 1e-10);
      expectClose(test.pValue, expected.pValue, 1e-8);
      expectClose(test.cramersV, expected.cramersV, 1e-10);
      expected.rows.forEach((i, a) =>
        expected.columns.forEach((j, b) => expectClose(table.expected[i]![j], expected.expected[a]![b]!, 1e-12)),
      );
    });
  });

  it('row and column percentages, with null for an empty row or column', () => {
    const table = crossTabulate([
      [5, 0, 15],
      [0, 0, 0],
    ]);
    expect(table.rowPercents[0]).toEqual([25, 0, 75]);
    expect(table.rowPercents[1]).toEqual([null, null, null]);
    expect(table.columnPercents.map((row) => row[1])).toEqual([null, null]);
    expect(table.columnPercents[0]![0]).toBe(100);
    expect(table.test).toBeNull(); // one row left: no test
  });

  it("flags small expected counts by Cochran's rule", () => {
    const small = crossTabulate(tables[3]!.counts).test!.smallExpected;
    expect(small.warning).toBe(true);
    expect(small.cellsBelow5).toBe(6);
    expect(small.share).toBe(1);
    expect(crossTabulate(tables[0]!.counts).test!.smallExpected.warning).toBe(false);
  });
});
