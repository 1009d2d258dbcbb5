import type { CodeColumn, MaskColumn } from './columns.ts';
import type { CrosstabSuppression } from './crosstab.ts';
import { suppressCrosstab } from './crosstab.ts';
import type { ResponseIndex } from './response-index.ts';
import type { CrosstabReasons, CrosstabWithReasons } from './schemas.ts';
import type { Suppression, Thresholds } from './suppression.ts';
import { inSlices } from './tally.ts';

/**
 * A cross-tabulation with a multiple choice on one side (a coded open question's themes): per
 * option, the respondents who picked it in each category of the single choice. A respondent with
 * two options is counted in both rows, so the rows do not add up to the column totals, which count
 * respondents who picked anything. Percentages are of respondents (of the column total, of the
 * option's row total), and there is no chi-square test: the cells are not independent observations
 * (analysis/cross-tabulate.ts).
 *
 * Suppression: each option is its own two-row table (picked it / picked something else) over the
 * same column totals, protected as a single-choice table is (cells, and complementary cells within
 * the option's row and within each column); a column total hidden by any option's table is hidden
 * in all. More hidden never undoes a protection, and the overlap of options publishes no count that
 * the per-option tables do not.
 */
export async function tallyMultiCrosstab(
  index: ResponseIndex,
  multi: MaskColumn,
  multiValues: readonly string[],
  single: CodeColumn,
  singleValues: readonly string[],
  keep: Uint8Array,
  inGroup: Uint8Array,
): Promise<{ counts: number[][]; totals: number[] }> {
  const singlePosition = new Int32Array(single.dictionary.values.length + 1).fill(-1);
  singleValues.forEach((v, i) => {
    const code = single.dictionary.find(v);
    if (code !== undefined) singlePosition[code] = i;
  });
  const bits = multiValues.map((v) => {
    const code = multi.dictionary.find(v);
    return code === undefined ? null : { word: (code - 1) >>> 5, bit: 1 << ((code - 1) & 31) };
  });
  const counts = multiValues.map(() => singleValues.map(() => 0));
  const totals = singleValues.map(() => 0);
  // In slices with a turn of the loop between (tally.ts); the rows `keep` covers.
  await inSlices(Math.min(index.size, keep.length), (from, to) => {
    for (let r = from; r < to; r++) {
      if (!keep[r] || !inGroup[index.municipality[r]!]) continue;
      const j = singlePosition[single.data[r]!]!;
      if (j < 0) continue;
      let any = false;
      bits.forEach((b, k) => {
        if (b && multi.words[b.word]![r]! & b.bit) {
          counts[k]![j]!++;
          any = true;
        }
      });
      if (any) totals[j]!++;
    }
  });
  return { counts, totals };
}

/** The per-option tables' suppression, or null when the whole table is too small to show. */
export function suppressMultiCrosstab(counts: readonly (readonly number[])[], totals: readonly number[], thresholds: Thresholds): CrosstabSuppression[] | null {
  const perOption = counts.map((row) => suppressCrosstab([row, row.map((c, j) => totals[j]! - c)], thresholds));
  if (perOption.length === 0 || perOption.some((s) => s.suppressed)) return null;
  return perOption;
}

type Table = NonNullable<CrosstabWithReasons['table']>;

/** The published table with the multiple choice as rows; `transpose` turns it to the columns. */
export function shapeMultiCrosstab(counts: number[][], totals: number[], multiValues: string[], singleValues: string[], perOption: readonly CrosstabSuppression[], transpose: boolean): Table {
  const columnHidden = singleValues.map((_, j) => perOption.find((s) => s.columns[j]!.suppressed)?.columns[j] ?? null);
  const reasonOf = (k: number, j: number): Suppression['reason'] | null => {
    const s = perOption[k]!;
    const cell = s.rows[0]!.cells[j]!;
    if (cell.suppressed) return cell.reason;
    if (s.rows[0]!.group.suppressed) return s.rows[0]!.group.reason;
    // The other row's cell in this column (picked something else) hidden means this one follows
    // from the column total: hidden with it.
    if (s.rows[1]!.cells[j]!.suppressed) return s.rows[1]!.cells[j]!.reason;
    if (columnHidden[j]) return columnHidden[j].reason;
    return null;
  };
  const reasons = counts.map((row, k) => row.map((_, j) => reasonOf(k, j)));
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const rowHidden = perOption.map((s) => (s.rows[0]!.group.suppressed ? s.rows[0]!.group.reason : null));
  const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);
  const masked = <T,>(f: (k: number, j: number) => T) => counts.map((row, k) => row.map((_, j) => (reasons[k]![j] !== null ? null : f(k, j))));
  let table = {
    rowValues: multiValues,
    columnValues: singleValues,
    counts: masked((k, j) => counts[k]![j]!),
    rowPercents: masked((k, j) => percent(counts[k]![j]!, rowTotals[k]!)),
    columnPercents: masked((k, j) => percent(counts[k]![j]!, totals[j]!)),
    rowTotals: rowTotals.map((t, k) => (rowHidden[k] ? null : t)),
    columnTotals: totals.map((t, j) => (columnHidden[j] ? null : t)),
    reasons: { cells: reasons, rowTotals: rowHidden, columnTotals: columnHidden.map((c) => c?.reason ?? null) } as CrosstabReasons,
  };
  if (transpose) {
    const flip = <T,>(m: T[][]) => singleValues.map((_, j) => m.map((row) => row[j]!));
    table = {
      rowValues: singleValues,
      columnValues: multiValues,
      counts: flip(table.counts),
      rowPercents: flip(table.columnPercents),
      columnPercents: flip(table.rowPercents),
      rowTotals: table.columnTotals,
      columnTotals: table.rowTotals,
      reasons: { cells: flip(table.reasons.cells), rowTotals: table.reasons.columnTotals, columnTotals: table.reasons.rowTotals } as CrosstabReasons,
    };
  }
  return {
    ...table,
    total: totals.reduce((a, b) => a + b, 0),
    test: null,
    weightedTest: null,
    testWithheld: reasons.flat().some((r) => r !== null),
  };
}
