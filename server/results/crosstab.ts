import { crossTabulate } from '../../analysis/cross-tabulate.ts';
import type { CodeColumn } from './columns.ts';
import type { ResponseIndex } from './response-index.ts';
import type { CrosstabReasons, CrosstabWithReasons } from './schemas.ts';
import { suppressTable, type Suppression, type Thresholds } from './suppression.ts';
import type { Variable } from './variables.ts';
import { inSlices } from './tally.ts';

/** The steps of a cross-tabulation, each small enough to read and test on its own. */

/** Every category the form has, in its order, then any only the data has (an old choice). */
export function categoriesOf(variable: Variable, column: CodeColumn): string[] {
  return [...new Set([...variable.categories.map((c) => c.value), ...column.dictionary.values])];
}

/** Counts of kept respondents of the group's slots by row and column category. */
export async function tallyCrosstab(
  index: ResponseIndex,
  rowColumn: CodeColumn,
  colColumn: CodeColumn,
  rowValues: readonly string[],
  colValues: readonly string[],
  keep: Uint8Array,
  inGroup: Uint8Array,
): Promise<number[][]> {
  const positions = (column: CodeColumn, values: readonly string[]) => {
    const out = new Int32Array(column.dictionary.values.length + 1).fill(-1);
    values.forEach((v, i) => {
      const code = column.dictionary.find(v);
      if (code !== undefined) out[code] = i;
    });
    return out;
  };
  const rowCode = positions(rowColumn, rowValues);
  const colCode = positions(colColumn, colValues);
  const counts = rowValues.map(() => colValues.map(() => 0));
  // In slices with a turn of the loop between (tally.ts); the rows `keep` covers.
  await inSlices(Math.min(index.size, keep.length), (from, to) => {
    for (let r = from; r < to; r++) {
      if (!keep[r] || !inGroup[index.municipality[r]!]) continue;
      const i = rowCode[rowColumn.data[r]!]!;
      const j = colCode[colColumn.data[r]!]!;
      if (i >= 0 && j >= 0) counts[i]![j]!++;
    }
  });
  return counts;
}

export interface CrosstabSuppression {
  /** The whole table is too small to show. */
  suppressed: boolean;
  rows: { group: Suppression; cells: Suppression[] }[];
  columns: Suppression[];
}

/**
 * Which cells and totals of one group's table to hide. Within one table the relations are its rows
 * and its columns: each row is a "group" of column cells and each cell a member of its column total.
 * The group itself is shown or hidden by the survey's disclosure policy before this is reached.
 */
export function suppressCrosstab(counts: readonly (readonly number[])[], thresholds: Thresholds): CrosstabSuppression {
  const width = counts[0]?.length ?? 0;
  const n = counts.flat().reduce((a, b) => a + b, 0);
  const suppression = suppressTable(
    [
      { key: '__total', parent: null, n, cells: Array.from({ length: width }, (_, j) => counts.reduce((s, row) => s + row[j]!, 0)) },
      ...counts.map((row, i) => ({ key: `row${i}`, parent: '__total', n: row.reduce((a, b) => a + b, 0), cells: row })),
    ],
    { cellsAddUpToN: true },
    thresholds,
  );
  return {
    suppressed: suppression.get('__total')!.group.suppressed,
    rows: counts.map((_, i) => suppression.get(`row${i}`)!),
    columns: suppression.get('__total')!.cells,
  };
}

/** The published table: hidden figures as null with their reasons, and the tests only when nothing is hidden. */
export function shapeCrosstab<W>(
  counts: number[][],
  rowValues: string[],
  colValues: string[],
  s: CrosstabSuppression,
  weightedTest: W | null,
): NonNullable<CrosstabWithReasons['table']> {
  const reasonOf = (i: number, j: number): Suppression['reason'] | null => {
    const row = s.rows[i]!;
    const cell = row.cells[j]!;
    if (cell.suppressed) return cell.reason;
    if (row.group.suppressed) return row.group.reason;
    if (s.columns[j]!.suppressed) return s.columns[j]!.reason;
    return null;
  };
  const hidden = rowValues.map((_, i) => colValues.map((_, j) => reasonOf(i, j) !== null || s.rows[i]!.cells[j]!.suppressed || s.rows[i]!.group.suppressed || s.columns[j]!.suppressed));
  const anyHidden = hidden.flat().some(Boolean);
  const table = crossTabulate(counts);
  const mask = <T,>(m: T[][]) => m.map((row, i) => row.map((x, j) => (hidden[i]![j] ? null : x)));
  const reasons: CrosstabReasons = {
    cells: rowValues.map((_, i) => colValues.map((_, j) => (hidden[i]![j] ? reasonOf(i, j) : null))),
    rowTotals: rowValues.map((_, i) => (s.rows[i]!.group.suppressed ? s.rows[i]!.group.reason : null)),
    columnTotals: colValues.map((_, j) => (s.columns[j]!.suppressed ? s.columns[j]!.reason : null)),
  } as CrosstabReasons;
  return {
    rowValues,
    columnValues: colValues,
    counts: mask(table.counts),
    rowPercents: mask(table.rowPercents),
    columnPercents: mask(table.columnPercents),
    rowTotals: table.rowTotals.map((t, i) => (s.rows[i]!.group.suppressed ? null : t)),
    columnTotals: table.columnTotals.map((t, j) => (s.columns[j]!.suppressed ? null : t)),
    total: table.total,
    // A test on a table with hidden cells would let them be solved for from the statistic.
    test: anyHidden ? null : table.test,
    weightedTest: (anyHidden ? null : weightedTest) as NonNullable<CrosstabWithReasons['table']>['weightedTest'],
    testWithheld: anyHidden,
    // Why each hidden figure is hidden (null where shown), for the exports that write the reason
    // in its place; the results route's schema leaves it out of the API's answer.
    reasons,
  };
}
