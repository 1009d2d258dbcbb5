import { chiSquareUpperTail } from './distributions.ts';
import { invalid } from './invalid-input.ts';

export interface CrossTable {
  /** The input counts, rows × columns. */
  counts: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  /** 100 · count / row total; null in a row whose total is 0. */
  rowPercents: (number | null)[][];
  /** 100 · count / column total; null in a column whose total is 0. */
  columnPercents: (number | null)[][];
  /** row total · column total / total; null in a row or column dropped from the test. */
  expected: (number | null)[][];
  /** Pearson's chi-square test of independence; null when fewer than 2 rows or 2 columns have a total > 0. */
  test: CrossTableTest | null;
}

export interface CrossTableTest {
  chiSquare: number;
  df: number;
  pValue: number;
  cramersV: number;
  /** Rows and columns that took part (those with a total > 0), as indices into the input. */
  rows: number[];
  columns: number[];
  smallExpected: {
    /** Cells (of those tested) with an expected count below 5. */
    cellsBelow5: number;
    /** cellsBelow5 / cells tested. */
    share: number;
    minExpected: number;
    /**
     * Cochran's rule is broken: more than 20% of expected counts are below 5, or one is below 1.
     * The chi-square approximation is then unreliable; say so beside the p-value.
     */
    warning: boolean;
  };
}

/**
 * Cross-tabulation of two closed questions from a count matrix: totals, row and column percentages,
 * expected counts under independence and Pearson's chi-square test with Cramér's V.
 *
 *   E_ij = R_i·C_j / N,   X² = Σ (O_ij − E_ij)² / E_ij,   df = (r − 1)(c − 1),
 *   p = P(χ²_df ≥ X²),   V = √(X² / (N · (min(r, c) − 1)))
 *
 * No continuity correction (SciPy `chi2_contingency(correction=False)`, R `chisq.test(correct = FALSE)`).
 * Rows and columns whose total is 0 are dropped from the test (r and c count only the others),
 * but kept in the counts and percentages.
 *
 * Missing data: respondents who did not answer both questions are not in the matrix (the caller's
 * tally); multiple-choice questions must not be cross-tabulated with this test (a respondent would
 * be counted in several cells, and the cells would not be independent observations).
 *
 * References: K. Pearson (1900); H. Cramér (1946), Mathematical Methods of Statistics, p. 282;
 * W. G. Cochran (1954), Some methods for strengthening the common χ² tests, Biometrics 10(4).
 *
 * @example
 * crossTabulate([[10, 20], [30, 40]]).test; // => { chiSquare: 0.7937…, df: 1, pValue: 0.3729…, cramersV: 0.0890…, … }
 */
export function crossTabulate(counts: readonly (readonly number[])[]): CrossTable {
  const fn = 'crossTabulate';
  const width = counts[0]?.length ?? 0;
  if (counts.length === 0 || width === 0) invalid(fn, 'counts', 'a non-empty matrix', counts);
  for (const row of counts) {
    if (row.length !== width) invalid(fn, 'every row of counts', `of length ${width}`, row.length);
    for (const count of row) {
      if (!Number.isFinite(count) || count < 0) invalid(fn, 'every count', 'a finite number ≥ 0', count);
    }
  }
  const table = counts.map((row) => [...row]);
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: width }, (_, j) => table.reduce((sum, row) => sum + (row[j] as number), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const rowPercents = table.map((row, i) => row.map((count) => (rowTotals[i]! > 0 ? (100 * count) / rowTotals[i]! : null)));
  const columnPercents = table.map((row) => row.map((count, j) => (columnTotals[j]! > 0 ? (100 * count) / columnTotals[j]! : null)));

  const rows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const columns = columnTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  const expected = table.map((row, i) =>
    row.map((_, j) => (rowTotals[i]! > 0 && columnTotals[j]! > 0 ? (rowTotals[i]! * columnTotals[j]!) / total : null)),
  );
  const base = { counts: table, rowTotals, columnTotals, total, rowPercents, columnPercents, expected };
  if (rows.length < 2 || columns.length < 2) return { ...base, test: null };

  let chiSquare = 0;
  let cellsBelow5 = 0;
  let minExpected = Infinity;
  for (const i of rows) {
    for (const j of columns) {
      const e = expected[i]![j] as number;
      chiSquare += (table[i]![j]! - e) ** 2 / e;
      if (e < 5) cellsBelow5 += 1;
      minExpected = Math.min(minExpected, e);
    }
  }
  const df = (rows.length - 1) * (columns.length - 1);
  const cells = rows.length * columns.length;
  return {
    ...base,
    test: {
      chiSquare,
      df,
      pValue: chiSquareUpperTail(chiSquare, df),
      cramersV: Math.sqrt(chiSquare / (total * (Math.min(rows.length, columns.length) - 1))),
      rows,
      columns,
      smallExpected: {
        cellsBelow5,
        share: cellsBelow5 / cells,
        minExpected,
        warning: cellsBelow5 / cells > 0.2 || minExpected < 1,
      },
    },
  };
}
