import { chiSquareUpperTail, fUpperTail } from './distributions.ts';
import { invalid, InvalidInputError } from './invalid-input.ts';
import { solveLinear } from './solve-linear.ts';

export interface RaoScottResult {
  /** Unweighted number of respondents with both answers. */
  n: number;
  /** Row and column categories that occur, in code-point order. */
  rows: string[];
  columns: string[];
  /** Weighted counts (Σ w per cell). */
  weightedCounts: number[][];
  /** Pearson's X² of the weighted table rescaled to total n (R's `svytable(…, Ntotal = n)`). */
  pearson: number;
  df: number;
  /** Mean generalised design effect: trace(Δ) / df. */
  meanDesignEffect: number;
  /** First-order correction X²/mean(δ) against χ²(df): `svychisq(…, statistic = "Chisq")`. */
  firstOrder: { chiSquare: number; df: number; pValue: number };
  /**
   * Second-order (Satterthwaite) correction F = X²/trace(Δ) against F(d, d·(n − 1)),
   * d = trace(Δ)² / trace(Δ²): `svychisq(…)`'s default `statistic = "F"`.
   */
  secondOrder: { f: number; df1: number; df2: number; pValue: number };
}

/**
 * Rao–Scott corrected chi-square test of independence for a weighted two-way table, treating the
 * weights as given (single-stage design, R's `svydesign(ids = ~1, weights = ~w)`).
 *
 * With p the weighted cell proportions, V their linearisation covariance (as `svymean` of the cell
 * indicators), D = diag(p), and C a basis of the interaction contrasts (orthogonal to the row and
 * column main effects), the design-effect matrix is
 *
 *   Δ = (C′D⁻¹C / n)⁻¹ · (C′D⁻¹ V D⁻¹C),
 *
 * and Pearson's X² of the table scaled to n is corrected by its eigenvalues: first order divides by
 * their mean (χ² with (r−1)(c−1) df); second order (Satterthwaite) refers X²/trace(Δ) to
 * F(d, d·(n−1)) with d = trace(Δ)²/trace(Δ²). Both follow `survey::svychisq` line by line.
 *
 * Missing data: pass every respondent of the analysis; one with either answer null or undefined is
 * left out of the table and of n but kept in the design for the variance (N/(N − 1), N = all passed),
 * as R's `svychisq(~a + b, subset(design, !is.na(a) & !is.na(b)))` does. Only categories that occur
 * form the table, so no row or column is empty.
 *
 * References: J. N. K. Rao and A. J. Scott (1981), The analysis of categorical data from complex sample
 * surveys, JASA 76(374); (1984), On chi-squared tests for multiway contingency tables with cell
 * proportions estimated from survey data, Ann. Statist. 12(1); T. Lumley (2010), Complex Surveys, 6.1.
 *
 * @example
 * raoScottChiSquare(['a', 'a', 'b', 'b', 'a', 'b'], ['x', 'y', 'x', 'y', 'x', 'y'], [1, 2, 1, 3, 2, 1]).firstOrder;
 * // => { chiSquare: 0.9097…, df: 1, pValue: 0.3401… }
 */
export function raoScottChiSquare(
  rowAnswers: readonly (string | null | undefined)[],
  columnAnswers: readonly (string | null | undefined)[],
  weights: readonly number[],
): RaoScottResult {
  const fn = 'raoScottChiSquare';
  if (columnAnswers.length !== rowAnswers.length) {
    invalid(fn, 'columnAnswers', `as many as rowAnswers (${rowAnswers.length})`, columnAnswers.length);
  }
  if (weights.length !== rowAnswers.length) invalid(fn, 'weights', `as many as rowAnswers (${rowAnswers.length})`, weights.length);
  // Σw and Σw² per cell, categories numbered as they first occur.
  const rowNumber = new Map<string, number>();
  const columnNumber = new Map<string, number>();
  const cellSums = new Map<number, { count: number; sumW: number; sumW2: number }>();
  rowAnswers.forEach((row, i) => {
    const column = columnAnswers[i];
    if (row === null || row === undefined || column === null || column === undefined) return;
    const weight = weights[i]!;
    if (!(Number.isFinite(weight) && weight > 0)) invalid(fn, 'every weight', 'a finite number > 0', weight);
    let ri = rowNumber.get(row);
    if (ri === undefined) rowNumber.set(row, (ri = rowNumber.size));
    let ci = columnNumber.get(column);
    if (ci === undefined) columnNumber.set(column, (ci = columnNumber.size));
    // Cells keyed by a pair number: categories stay below 2^20 in any real table.
    const key = ri * 1_048_576 + ci;
    const sums = cellSums.get(key);
    if (sums) {
      sums.count++;
      sums.sumW += weight;
      sums.sumW2 += weight * weight;
    } else cellSums.set(key, { count: 1, sumW: weight, sumW2: weight * weight });
  });
  const rowsSeen = [...rowNumber.keys()];
  const columnsSeen = [...columnNumber.keys()];
  const size = rowsSeen.length * columnsSeen.length;
  const counts = new Float64Array(size);
  const sumW = new Float64Array(size);
  const sumW2 = new Float64Array(size);
  for (const [key, sums] of cellSums) {
    const cell = Math.floor(key / 1_048_576) * columnsSeen.length + (key % 1_048_576);
    counts[cell] = sums.count;
    sumW[cell] = sums.sumW;
    sumW2[cell] = sums.sumW2;
  }
  return raoScottFromSums({ rows: rowsSeen, columns: columnsSeen, counts, sumW, sumW2, designSize: rowAnswers.length });
}

/**
 * What raoScottChiSquare needs of the respondents, summed per cell: a caller that holds the answers
 * as category codes (a million respondents) sums them in one pass over typed arrays instead of
 * passing a string per respondent.
 */
export interface WeightedCrossSums {
  /** Row and column categories in any order (the test puts them in code-point order). */
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** Per cell, row-major (rows × columns): respondents with both answers, Σw and Σw² of their weights (each > 0). */
  readonly counts: ArrayLike<number>;
  readonly sumW: ArrayLike<number>;
  readonly sumW2: ArrayLike<number>;
  /** Every respondent of the design, with or without both answers (the N of N/(N − 1)). */
  readonly designSize: number;
}

/** raoScottChiSquare from per-cell sums (see WeightedCrossSums); categories without respondents are left out. */
export function raoScottFromSums(sums: WeightedCrossSums): RaoScottResult {
  const fn = 'raoScottChiSquare';
  const width = sums.columns.length;
  const rowTotal = (i: number) => {
    let t = 0;
    for (let j = 0; j < width; j++) t += sums.counts[i * width + j]!;
    return t;
  };
  const columnTotal = (j: number) => {
    let t = 0;
    for (let i = 0; i < sums.rows.length; i++) t += sums.counts[i * width + j]!;
    return t;
  };
  const rowAt = new Map(sums.rows.map((v, i) => [v, i]));
  const columnAt = new Map(sums.columns.map((v, j) => [v, j]));
  const rows = sums.rows.filter((_, i) => rowTotal(i) > 0).sort();
  const columns = sums.columns.filter((_, j) => columnTotal(j) > 0).sort();
  if (rows.length < 2 || columns.length < 2) {
    throw new InvalidInputError(fn, `the table needs at least 2 rows and 2 columns that occur (got ${rows.length} × ${columns.length})`);
  }
  const r = rows.length;
  const c = columns.length;
  const cells = r * c;
  const cellOf = (i: number, j: number): number => i * c + j;
  const source = (i: number, j: number) => rowAt.get(rows[i]!)! * width + columnAt.get(columns[j]!)!;

  let n = 0;
  let sumOfWeights = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      n += sums.counts[source(i, j)]!;
      sumOfWeights += sums.sumW[source(i, j)]!;
    }
  }
  // Weighted cell proportions p and, per cell, Σ (w/W)² for the covariance below.
  const p = new Array<number>(cells).fill(0);
  const a = new Array<number>(cells).fill(0);
  const weightedCounts = rows.map(() => new Array<number>(c).fill(0));
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const k = source(i, j);
      p[cellOf(i, j)] = sums.sumW[k]! / sumOfWeights;
      a[cellOf(i, j)] = sums.sumW2[k]! / (sumOfWeights * sumOfWeights);
      weightedCounts[i]![j] = sums.sumW[k]!;
    }
  }
  // V = N/(N−1) Σ zᵢzᵢ′ with zᵢ = (wᵢ/W)(e_cell(i) − p) (Σ zᵢ = 0, so no centring is needed):
  // Σ zᵢzᵢ′ = diag(a) − a·p′ − p·a′ + (Σa)·p·p′.
  const sumA = a.reduce((s, v) => s + v, 0);
  // Respondents without both answers stay in the design (a domain, as R's subset()), so the
  // with-replacement factor uses all of them; Σ zᵢ is 0 over the answered, so the mean is still 0.
  const designSize = sums.designSize;
  const scale = designSize / (designSize - 1);
  const v = p.map((pk, k) => p.map((pl, l) => scale * ((k === l ? a[k]! : 0) - a[k]! * pl - pk * a[l]! + sumA * pk * pl)));

  return raoScottFromCovariance(fn, { n, rows, columns, weightedCounts, p, v, scaleN: n, designDf: n - 1 });
}

/** What `raoScottFromCovariance` needs: the table's weighted cell proportions p (row-major) and their covariance V. */
export interface CellCovariance {
  n: number;
  rows: string[];
  columns: string[];
  weightedCounts: number[][];
  p: number[];
  v: number[][];
  /** The N that Pearson's X² and the design-effect denominator are scaled to (R's `N` in `svychisq`). */
  scaleN: number;
  /** Degrees of freedom of the design (R's `nu`): the F test's df2 is d·designDf. */
  designDf: number;
}

/**
 * Internal. The Rao–Scott corrections from the cell proportions and their design covariance, shared by
 * the fixed-weight test above and the calibrated one (`calibratedRaoScott`), as in `svychisq`.
 */
export function raoScottFromCovariance(fn: string, input: CellCovariance): RaoScottResult {
  const { n, rows, columns, weightedCounts, p, v, scaleN, designDf } = input;
  const r = rows.length;
  const c = columns.length;
  const cells = r * c;
  const cellOf = (i: number, j: number): number => i * c + j;
  // Pearson's X² of the table scaleN·p.
  const rowShare = rows.map((_, i) => columns.reduce((s, _c, j) => s + p[cellOf(i, j)]!, 0));
  const columnShare = columns.map((_, j) => rows.reduce((s, _r, i) => s + p[cellOf(i, j)]!, 0));
  let pearson = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const expected = rowShare[i]! * columnShare[j]!;
      pearson += (scaleN * (p[cellOf(i, j)]! - expected) ** 2) / expected;
    }
  }

  // C: the indicator of cell (i, j), i < r−1, j < c−1, minus its projection on the main effects
  // (one observation per cell, so the projection is row mean + column mean − grand mean).
  const df = (r - 1) * (c - 1);
  const contrast: number[][] = []; // df columns, each of length `cells`
  for (let i = 0; i < r - 1; i++) {
    for (let j = 0; j < c - 1; j++) {
      const column = new Array<number>(cells).fill(0);
      for (let k = 0; k < r; k++) {
        for (let l = 0; l < c; l++) {
          column[cellOf(k, l)] = (k === i && l === j ? 1 : 0) - (k === i ? 1 / c : 0) - (l === j ? 1 / r : 0) + 1 / cells;
        }
      }
      contrast.push(column);
    }
  }
  const inverseP = p.map((pk) => (pk === 0 ? 0 : 1 / pk));
  const scaled = contrast.map((column) => column.map((value, k) => value * inverseP[k]!)); // D⁻¹C, by column
  const denominator = contrast.map((ci) => scaled.map((sj) => ci.reduce((s, value, k) => s + value * sj[k]!, 0) / scaleN));
  const vScaled = scaled.map((sj) => v.map((row) => row.reduce((s, value, l) => s + value * sj[l]!, 0))); // V·D⁻¹C
  const numerator = scaled.map((si) => vScaled.map((vj) => si.reduce((s, value, k) => s + value * vj[k]!, 0)));
  const delta = solveLinear(denominator, numerator);
  if (delta === null) {
    throw new InvalidInputError(fn, 'the table is degenerate (empty cells make the interaction contrasts singular)');
  }
  let trace = 0;
  let traceOfSquare = 0;
  for (let i = 0; i < df; i++) {
    trace += delta[i]![i]!;
    for (let j = 0; j < df; j++) traceOfSquare += delta[i]![j]! * delta[j]![i]!;
  }
  const meanDesignEffect = trace / df;
  const chiSquare = pearson / meanDesignEffect;
  const d = (trace * trace) / traceOfSquare;
  const f = pearson / trace;
  return {
    n,
    rows,
    columns,
    weightedCounts,
    pearson,
    df,
    meanDesignEffect,
    firstOrder: { chiSquare, df, pValue: chiSquareUpperTail(chiSquare, df) },
    secondOrder: { f, df1: d, df2: d * designDf, pValue: fUpperTail(f, d, d * designDf) },
  };
}
