import { tQuantile } from './distributions.ts';
import { invalid, InvalidInputError } from './invalid-input.ts';
import { raoScottFromCovariance, type RaoScottResult } from './rao-scott-chi-square.ts';
import { wilsonInterval, type Interval } from './wilson-interval.ts';

/**
 * A calibrated (raked) single-stage design: every weighted respondent's weight, its weight before the
 * calibration, and its row of the calibration model (an intercept and each margin's categories but
 * the first, as R's `model.matrix(~a + b + …)`), with the model's cross-product X′DX factorised once.
 * Made by `calibratedDesign`; read by `calibratedProportion` and `calibratedRaoScott`.
 */
export interface CalibratedDesign {
  /** Respondents passed to `calibratedDesign`, weighted or not (the index space of the indicators). */
  readonly length: number;
  /** Respondents in the design (those with a weight). */
  readonly size: number;
  /** Index into the passed respondents of each design respondent. */
  readonly members: Int32Array;
  readonly weights: Float64Array;
  readonly startWeights: Float64Array;
  /** Model columns of each design respondent beyond the intercept (−1 for a margin's first category), `margins` per respondent. */
  readonly columns: Int32Array;
  readonly margins: number;
  /** Number of model columns, intercept included. */
  readonly width: number;
  /** Cholesky factor of X′DX (row-major, width × width); a column found dependent on earlier ones is dropped (its row is all zero). */
  readonly factor: Float64Array;
  readonly dropped: Uint8Array;
}

/**
 * Prepares the variance of estimates from calibrated weights, as R's `calibrate()` stores it for
 * `svyrecvar`: the linearised estimating function of an estimate, zᵢ = wᵢ·uᵢ, is replaced by the
 * residual of its regression on the calibration variables,
 *
 *   eᵢ = uᵢ − xᵢ′B,   B = (Σ dᵢxᵢxᵢ′)⁻¹ Σ dᵢxᵢuᵢ,   zᵢ = wᵢ·eᵢ,
 *
 * with dᵢ the weights before calibration (Deville & Särndal's g-weighted residuals). Raking to
 * margins is calibration on the margins' category indicators, so for weights from `rakeWeights` the
 * calibration variables are the margins' categories. From equal starting weights (rakeWeights'
 * case; the default here) this is also the limit that R's `rake()` design reaches with its back-fitted
 * residuals; on the reference data the two agree to 1e-12.
 *
 * Missing data: a respondent whose weight is null, undefined or NaN is not in the design (as
 * rakeWeights' left-out respondents); every respondent in it must have a category on every margin.
 *
 * References: J.-C. Deville and C.-E. Särndal (1992), Calibration estimators in survey sampling, JASA
 * 87(418); T. Lumley (2010), Complex Surveys, 7.3–7.4, and `survey:::svyrecvar`.
 *
 * @example
 * const design = calibratedDesign(respondents, ['area', 'sex'], rakeWeights(respondents, margins).weights);
 * calibratedProportion(answers, design).calibrated.se;
 */
export function calibratedDesign(
  respondents: readonly Readonly<Record<string, string | null | undefined>>[],
  variables: readonly string[],
  weights: readonly (number | null | undefined)[],
  options: { startWeights?: readonly number[] } = {},
): CalibratedDesign {
  const fn = 'calibratedDesign';
  if (variables.length === 0) invalid(fn, 'variables', 'a non-empty array', variables);
  if (weights.length !== respondents.length) invalid(fn, 'weights', `as many as the respondents (${respondents.length})`, weights.length);
  if (options.startWeights && options.startWeights.length !== respondents.length) {
    invalid(fn, 'startWeights', `as many as the respondents (${respondents.length})`, options.startWeights.length);
  }
  const members: number[] = [];
  weights.forEach((w, i) => {
    if (w === null || w === undefined || Number.isNaN(w)) return;
    if (!(Number.isFinite(w) && w > 0)) invalid(fn, 'every weight', 'a finite number > 0, null or NaN', w);
    members.push(i);
  });
  const size = members.length;
  if (size < 2) invalid(fn, 'respondents with a weight', 'at least 2', size);
  // Model columns: the intercept, then per variable its categories in code-point order but the first.
  const columnOf = variables.map((variable) => {
    const categories = new Set<string>();
    for (const i of members) {
      const value = respondents[i]![variable];
      if (value === null || value === undefined || value === '') {
        throw new InvalidInputError(fn, `respondent ${i} has a weight but no category on ${JSON.stringify(variable)}`);
      }
      categories.add(value);
    }
    return [...categories].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  });
  let width = 1;
  const offsets = columnOf.map((categories) => {
    const offset = width - 1; // category k (k ≥ 1) is column offset + k
    width += categories.length - 1;
    return offset;
  });
  const lookups = columnOf.map((categories) => new Map(categories.map((c, k) => [c, k])));
  const m = variables.length;
  const columns = new Int32Array(size * m);
  const w = new Float64Array(size);
  const d = new Float64Array(size);
  members.forEach((i, r) => {
    w[r] = weights[i]!;
    const start = options.startWeights ? options.startWeights[i]! : 1;
    if (!(Number.isFinite(start) && start > 0)) invalid(fn, 'every start weight', 'a finite number > 0', start);
    d[r] = start;
    variables.forEach((variable, v) => {
      const k = lookups[v]!.get(respondents[i]![variable] as string)!;
      columns[r * m + v] = k === 0 ? -1 : offsets[v]! + k;
    });
  });
  // X′DX, accumulated over the respondents' few non-zero columns.
  const xtx = new Float64Array(width * width);
  const row = new Int32Array(m + 1);
  for (let r = 0; r < size; r++) {
    const count = rowColumns(columns, r, m, row);
    for (let a = 0; a < count; a++) for (let b = 0; b < count; b++) xtx[row[a]! * width + row[b]!]! += d[r]!;
  }
  const { factor, dropped } = choleskyDroppingDependent(xtx, width);
  return { length: respondents.length, size, members: Int32Array.from(members), weights: w, startWeights: d, columns, margins: m, width, factor, dropped };
}

/** Writes the model columns of design respondent r (intercept first) into `out`; returns how many. */
function rowColumns(columns: Int32Array, r: number, m: number, out: Int32Array): number {
  out[0] = 0;
  let count = 1;
  for (let v = 0; v < m; v++) {
    const column = columns[r * m + v]!;
    if (column >= 0) out[count++] = column;
  }
  return count;
}

/**
 * Cholesky factor L (A = LL′) of a positive semi-definite A; a column whose remaining pivot is below
 * 1e-10 of its diagonal depends on the earlier ones and is dropped (coefficient 0), which leaves the
 * fitted values — the projection on the model's column space — as R's pivoting `qr()` gives them.
 * Hand-written: a p × p solve of a few dozen columns, not worth a linear-algebra dependency.
 */
function choleskyDroppingDependent(a: Float64Array, p: number): { factor: Float64Array; dropped: Uint8Array } {
  const l = new Float64Array(p * p);
  const dropped = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    let pivot = a[j * p + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * p + k]! ** 2;
    if (!(pivot > 1e-10 * a[j * p + j]!)) {
      dropped[j] = 1;
      continue;
    }
    const root = Math.sqrt(pivot);
    l[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = sum / root;
    }
  }
  return { factor: l, dropped };
}

/** Solves LL′x = b in place with the factor above (dropped columns get 0). */
function solveFactored(l: Float64Array, dropped: Uint8Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    if (dropped[i]) {
      b[i] = 0;
      continue;
    }
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * p + k]! * b[k]!;
    b[i] = sum / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    if (dropped[i]) continue;
    let sum = b[i]!;
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * b[k]!;
    b[i] = sum / l[i * p + i]!;
  }
}

/**
 * The calibrated residuals of a linearised estimating function: given uᵢ for every design respondent
 * (0 outside the estimate's domain), returns zᵢ = wᵢ(uᵢ − xᵢ′B) as defined at `calibratedDesign`.
 */
function calibratedInfluence(design: CalibratedDesign, u: Float64Array): Float64Array {
  const { size, width, margins: m, columns, startWeights: d, weights: w } = design;
  const rhs = new Float64Array(width);
  const row = new Int32Array(m + 1);
  for (let r = 0; r < size; r++) {
    if (u[r] === 0) continue;
    const count = rowColumns(columns, r, m, row);
    for (let a = 0; a < count; a++) rhs[row[a]!]! += d[r]! * u[r]!;
  }
  solveFactored(design.factor, design.dropped, width, rhs);
  const z = new Float64Array(size);
  for (let r = 0; r < size; r++) {
    const count = rowColumns(columns, r, m, row);
    let fitted = 0;
    for (let a = 0; a < count; a++) fitted += rhs[row[a]!]!;
    z[r] = w[r]! * (u[r]! - fitted);
  }
  return z;
}

/** N/(N − 1)·Σ(zᵢ − z̄)² over the design (R's `onestrat` for one stratum of single units). */
function withReplacementVariance(z: Float64Array): number {
  const size = z.length;
  let mean = 0;
  for (let r = 0; r < size; r++) mean += z[r]!;
  mean /= size;
  let sum = 0;
  for (let r = 0; r < size; r++) sum += (z[r]! - mean) ** 2;
  return (size / (size - 1)) * sum;
}

export interface ProportionVariance {
  /** Which variance: `calibrated` accounts for the calibration (R's `calibrate()`/`rake()` design); `fixed-weights` takes the weights as given (`svydesign(weights = ~w)`). */
  variance: 'calibrated' | 'fixed-weights';
  /** Linearisation standard error; null when n < 2. */
  se: number | null;
  ci: Interval;
  /** `logit` (R's `svyciprop(method = "logit")`), or `wilson-effective-n` when the estimate is 0 or 1 or n < 2. */
  ciMethod: 'logit' | 'wilson-effective-n';
  /** Design effect: this variance over that of simple random sampling without replacement (`svymean(…, deff = TRUE)`); null when n < 2 or Σw ≤ n. */
  deff: number | null;
}

export interface CalibratedProportion {
  /** Σwᵢyᵢ / Σwᵢ over the domain, 0–1. */
  estimate: number;
  /** Unweighted respondents in the domain (answered and weighted), and of them with the property. */
  n: number;
  count: number;
  sumOfWeights: number;
  /** The variance that accounts for the calibration: the one to publish. */
  calibrated: ProportionVariance;
  /** The variance with the weights taken as given (slightly conservative for raked weights). */
  fixedWeights: ProportionVariance;
}

/**
 * A weighted proportion on a calibrated design with both variances, labelled: the calibrated one
 * (as R's `svymean` and `svyciprop(method = "logit")` on a `calibrate()`/`rake()` design) and the
 * one that takes the weights as given (as `weightedProportion`). With uᵢ = (yᵢ − p̂)/Σw in the domain
 * and 0 outside, se² = N/(N−1)·Σ(zᵢ − z̄)² over the N respondents of the design, zᵢ = wᵢ·eᵢ for the
 * calibrated variance and wᵢ·uᵢ for the fixed one; CI = expit(logit p̂ ± t_{n−1}·se/(p̂(1−p̂))) (R's
 * df = degf = n − 1 of the domain); deff = se² / (s²·(Σw − n)/(Σw·n)), s² = n/(n−1)·p̂(1−p̂).
 *
 * Missing data: `indicators` has one entry per respondent passed to `calibratedDesign`; null or
 * undefined leaves the respondent out of the estimate (a domain: did not answer, or not in the
 * subgroup) but in the design, as R's `subset()` of a calibrated design does. Answers of respondents
 * without a weight are ignored.
 *
 * References: as `calibratedDesign`; E. L. Korn and B. I. Graubard (1998) for the logit interval.
 *
 * @example
 * calibratedProportion(wants, design).calibrated; // => { variance: 'calibrated', se: 0.0429…, ci: {…}, ciMethod: 'logit', deff: 1.08… }
 */
export function calibratedProportion(
  indicators: readonly (boolean | 0 | 1 | null | undefined)[],
  design: CalibratedDesign,
  confidence = 0.95,
): CalibratedProportion {
  const fn = 'calibratedProportion';
  if (indicators.length !== design.length) invalid(fn, 'indicators', `one per respondent of the design (${design.length})`, indicators.length);
  if (!(confidence > 0 && confidence < 1)) invalid(fn, 'confidence', 'a number between 0 and 1', confidence);
  const { size, members, weights: w } = design;
  const y = new Int8Array(size).fill(-1);
  let n = 0;
  let count = 0;
  let sumW = 0;
  let sumW2 = 0;
  let sumWY = 0;
  for (let r = 0; r < size; r++) {
    const indicator = indicators[members[r]!];
    if (indicator === null || indicator === undefined) continue;
    if (indicator !== true && indicator !== false && indicator !== 0 && indicator !== 1) {
      invalid(fn, 'every indicator', 'true, false, 0, 1, null or undefined', indicator);
    }
    const value = indicator === true || indicator === 1 ? 1 : 0;
    y[r] = value;
    n += 1;
    count += value;
    sumW += w[r]!;
    sumW2 += w[r]! ** 2;
    sumWY += w[r]! * value;
  }
  if (n === 0) invalid(fn, 'indicators', 'at least one answer (not null) of a weighted respondent', n);
  const estimate = Math.min(1, sumWY / sumW);
  const u = new Float64Array(size);
  for (let r = 0; r < size; r++) if (y[r]! >= 0) u[r] = (y[r]! - estimate) / sumW;
  const fixed = new Float64Array(size);
  for (let r = 0; r < size; r++) fixed[r] = w[r]! * u[r]!;
  const variant = (variance: ProportionVariance['variance'], z: Float64Array): ProportionVariance =>
    proportionVariant(variance, withReplacementVariance(z), { estimate, n, count, sumW, sumW2 }, confidence);
  return {
    estimate,
    n,
    count,
    sumOfWeights: sumW,
    calibrated: variant('calibrated', calibratedInfluence(design, u)),
    fixedWeights: variant('fixed-weights', fixed),
  };
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The Rao–Scott corrected test of independence (see `raoScottChiSquare`) on a calibrated design: the
 * covariance of the weighted cell proportions is that of the calibrated design (each cell indicator's
 * estimating function replaced by its calibration residual, as `calibratedProportion` does), as R's
 * `svychisq(~a + b, subset(calibrated, !is.na(a) & !is.na(b)), statistic = "Chisq" | "F")`.
 * As R does on a calibrated design (whose subsets keep every respondent), Pearson's X² is of the
 * table scaled to the design's N, and the F test's df2 is d·(N − 1); the corrected statistics
 * themselves do not depend on that scaling.
 *
 * Missing data: `rowAnswers` and `columnAnswers` have one entry per respondent passed to
 * `calibratedDesign`; a respondent with either null or undefined is out of the table but stays in the
 * design. Answers of respondents without a weight are ignored.
 *
 * References: as `raoScottChiSquare` and `calibratedDesign`.
 *
 * @example
 * calibratedRaoScott(q, sex, design).secondOrder; // => { f: 1.71…, df1: 1.89…, df2: 281.9…, pValue: 0.184… }
 */
export function calibratedRaoScott(
  rowAnswers: readonly (string | null | undefined)[],
  columnAnswers: readonly (string | null | undefined)[],
  design: CalibratedDesign,
): RaoScottResult {
  const fn = 'calibratedRaoScott';
  if (rowAnswers.length !== design.length) invalid(fn, 'rowAnswers', `one per respondent of the design (${design.length})`, rowAnswers.length);
  if (columnAnswers.length !== design.length) invalid(fn, 'columnAnswers', `one per respondent of the design (${design.length})`, columnAnswers.length);
  const { size, members, weights: w } = design;
  const rowSet = new Set<string>();
  const columnSet = new Set<string>();
  for (let r = 0; r < size; r++) {
    const row = rowAnswers[members[r]!];
    const column = columnAnswers[members[r]!];
    if (row === null || row === undefined || column === null || column === undefined) continue;
    rowSet.add(row);
    columnSet.add(column);
  }
  const rows = [...rowSet].sort();
  const columns = [...columnSet].sort();
  if (rows.length < 2 || columns.length < 2) {
    throw new InvalidInputError(fn, `the table needs at least 2 rows and 2 columns that occur (got ${rows.length} × ${columns.length})`);
  }
  const c = columns.length;
  const rowIndex = new Map(rows.map((v, i) => [v, i]));
  const columnIndex = new Map(columns.map((v, j) => [v, j]));
  const cell = new Int32Array(size).fill(-1);
  let n = 0;
  let sumW = 0;
  const weightedCounts = rows.map(() => new Array<number>(c).fill(0));
  for (let r = 0; r < size; r++) {
    const row = rowAnswers[members[r]!];
    const column = columnAnswers[members[r]!];
    if (row === null || row === undefined || column === null || column === undefined) continue;
    const i = rowIndex.get(row)!;
    const j = columnIndex.get(column)!;
    cell[r] = i * c + j;
    n += 1;
    sumW += w[r]!;
    weightedCounts[i]![j]! += w[r]!;
  }
  const p = weightedCounts.flat().map((total) => total / sumW);
  // One calibrated influence vector per table cell, then V = N/(N−1)·Σ(zᵢ − z̄)(zᵢ − z̄)′.
  const influence = p.map((pk, k) => {
    const u = new Float64Array(size);
    for (let r = 0; r < size; r++) if (cell[r]! >= 0) u[r] = ((cell[r] === k ? 1 : 0) - pk) / sumW;
    const z = calibratedInfluence(design, u);
    let mean = 0;
    for (let r = 0; r < size; r++) mean += z[r]!;
    mean /= size;
    for (let r = 0; r < size; r++) z[r] = z[r]! - mean;
    return z;
  });
  const scale = size / (size - 1);
  const v = influence.map((zk) =>
    influence.map((zl) => {
      let sum = 0;
      for (let r = 0; r < size; r++) sum += zk[r]! * zl[r]!;
      return scale * sum;
    }),
  );
  return raoScottFromCovariance(fn, { n, rows, columns, weightedCounts, p, v, scaleN: size, designDf: size - 1 });
}

/** One cell of a calibrated design's respondents: a combination of one category of every margin. */
export interface CalibrationCell {
  /** The cell's category on each calibration variable (one per margin, in one fixed order). */
  categories: readonly string[];
  /** The weight of each respondent in the cell (raking from equal weights gives one weight per cell). */
  weight: number;
  /** Respondents of the design in the cell. */
  size: number;
}

/** `calibratedDesign` over cells instead of respondents; made by `calibratedCellDesign`. */
export interface CalibratedCellDesign {
  readonly cells: readonly CalibrationCell[];
  /** Respondents in the design, Σ size. */
  readonly size: number;
  readonly columns: Int32Array;
  readonly margins: number;
  readonly width: number;
  readonly factor: Float64Array;
  readonly dropped: Uint8Array;
}

/**
 * The calibrated design of `calibratedDesign` from its cells, for callers that keep counts rather
 * than rows (a columnar index): with equal weights before raking and one raked weight per cell,
 * every sum the calibrated variance needs is a sum over cells, so an estimate costs the number of
 * cells, not of respondents. Cells with the same categories are not merged; pass each once.
 *
 * Missing data: respondents left out of the raking are in no cell.
 *
 * @example
 * const design = calibratedCellDesign([{ categories: ['A', 'F'], weight: 812.5, size: 31 }, …]);
 * calibratedProportionFromCells(design, { answered: [30, …], count: [17, …] }).calibrated.se;
 */
export function calibratedCellDesign(cells: readonly CalibrationCell[]): CalibratedCellDesign {
  const fn = 'calibratedCellDesign';
  if (cells.length === 0) invalid(fn, 'cells', 'a non-empty array', cells);
  const m = cells[0]!.categories.length;
  if (m === 0) invalid(fn, 'every cell\'s categories', 'a non-empty array', cells[0]!.categories);
  let size = 0;
  for (const cell of cells) {
    if (cell.categories.length !== m) invalid(fn, 'every cell\'s categories', `${m} long, as the first cell's`, cell.categories);
    if (!(Number.isFinite(cell.weight) && cell.weight > 0)) invalid(fn, 'every cell\'s weight', 'a finite number > 0', cell.weight);
    if (!(Number.isInteger(cell.size) && cell.size >= 0)) invalid(fn, 'every cell\'s size', 'a whole number ≥ 0', cell.size);
    size += cell.size;
  }
  if (size < 2) invalid(fn, 'the respondents in the cells', 'at least 2', size);
  let width = 1;
  const lookups: Map<string, number>[] = [];
  const offsets: number[] = [];
  for (let v = 0; v < m; v++) {
    const categories = [...new Set(cells.filter((c) => c.size > 0).map((c) => c.categories[v]!))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    lookups.push(new Map(categories.map((c, k) => [c, k])));
    offsets.push(width - 1);
    width += categories.length - 1;
  }
  const columns = new Int32Array(cells.length * m).fill(-1);
  const xtx = new Float64Array(width * width);
  const row = new Int32Array(m + 1);
  cells.forEach((cell, r) => {
    if (cell.size === 0) return;
    for (let v = 0; v < m; v++) {
      const k = lookups[v]!.get(cell.categories[v]!)!;
      columns[r * m + v] = k === 0 ? -1 : offsets[v]! + k;
    }
    const count = rowColumns(columns, r, m, row);
    for (let a = 0; a < count; a++) for (let b = 0; b < count; b++) xtx[row[a]! * width + row[b]!]! += cell.size;
  });
  const { factor, dropped } = choleskyDroppingDependent(xtx, width);
  return { cells, size, columns, margins: m, width, factor, dropped };
}


/**
 * The calibration's fit of the per-cell sums of u (the linearised values of one estimate): one solve
 * of the factored normal equations, then each respondent's fitted value in cell c (the same for every
 * respondent of a cell). Shared by the proportion and the mean, which differ only in their u.
 */
function fittedPerCell(design: CalibratedCellDesign, sumU: (c: number) => number): (c: number) => number {
  const { cells, width, margins: m, columns } = design;
  const rhs = new Float64Array(width);
  const row = new Int32Array(m + 1);
  cells.forEach((cell, c) => {
    if (cell.size === 0) return;
    const u = sumU(c);
    if (u === 0) return;
    const columnCount = rowColumns(columns, c, m, row);
    for (let a = 0; a < columnCount; a++) rhs[row[a]!]! += u;
  });
  solveFactored(design.factor, design.dropped, width, rhs);
  return (c) => {
    const columnCount = rowColumns(columns, c, m, row);
    let fitted = 0;
    for (let a = 0; a < columnCount; a++) fitted += rhs[row[a]!]!;
    return fitted;
  };
}
/**
 * `calibratedProportion` from per-cell counts: in each cell of `design`, `answered[c]` respondents are
 * in the estimate's domain (answered, and in the subgroup) and `count[c]` of them have the property.
 * Per cell the respondents fall in three classes (property, domain without it, outside the domain),
 * each with one value of the linearised residual, so Σz and Σz² are sums over cells; the result equals
 * the row-wise function's (and R's) to rounding.
 *
 * @example
 * calibratedProportionFromCells(design, { answered, count }).calibrated; // => { variance: 'calibrated', se: …, … }
 */
export function calibratedProportionFromCells(
  design: CalibratedCellDesign,
  tallies: { answered: ArrayLike<number>; count: ArrayLike<number> },
  confidence = 0.95,
): CalibratedProportion {
  const fn = 'calibratedProportionFromCells';
  const { cells } = design;
  if (tallies.answered.length !== cells.length || tallies.count.length !== cells.length) {
    invalid(fn, 'answered and count', `one per cell (${cells.length})`, { answered: tallies.answered.length, count: tallies.count.length });
  }
  if (!(confidence > 0 && confidence < 1)) invalid(fn, 'confidence', 'a number between 0 and 1', confidence);
  let n = 0;
  let count = 0;
  let sumW = 0;
  let sumW2 = 0;
  let sumWY = 0;
  cells.forEach((cell, c) => {
    const answered = tallies.answered[c]!;
    const yes = tallies.count[c]!;
    if (!(Number.isInteger(answered) && answered >= 0 && answered <= cell.size)) invalid(fn, `answered[${c}]`, `a whole number from 0 to the cell's size ${cell.size}`, answered);
    if (!(Number.isInteger(yes) && yes >= 0 && yes <= answered)) invalid(fn, `count[${c}]`, `a whole number from 0 to answered = ${answered}`, yes);
    n += answered;
    count += yes;
    sumW += answered * cell.weight;
    sumW2 += answered * cell.weight ** 2;
    sumWY += yes * cell.weight;
  });
  if (n === 0) invalid(fn, 'answered', 'at least one respondent in all', n);
  const p = Math.min(1, sumWY / sumW);
  const high = (1 - p) / sumW; // u of a respondent with the property
  const low = -p / sumW; // u of one in the domain without it
  const fittedOf = fittedPerCell(design, (c) => {
    const yes = tallies.count[c]!;
    return yes * high + (tallies.answered[c]! - yes) * low;
  });
  // Σz and Σz² for both variants; z = w·(u − fitted) calibrated, w·u fixed.
  const sums = { calibrated: { z: 0, z2: 0 }, fixed: { z: 0, z2: 0 } };
  cells.forEach((cell, c) => {
    if (cell.size === 0) return;
    const fitted = fittedOf(c);
    const yes = tallies.count[c]!;
    const no = tallies.answered[c]! - yes;
    const out = cell.size - tallies.answered[c]!;
    const w = cell.weight;
    for (const [k, u] of [
      [yes, high],
      [no, low],
      [out, 0],
    ] as const) {
      if (k === 0) continue;
      const calibrated = w * (u - fitted);
      sums.calibrated.z += k * calibrated;
      sums.calibrated.z2 += k * calibrated * calibrated;
      sums.fixed.z += k * w * u;
      sums.fixed.z2 += k * (w * u) ** 2;
    }
  });
  const size = design.size;
  const variant = (variance: ProportionVariance['variance'], s: { z: number; z2: number }): ProportionVariance => {
    const v = Math.max(0, (size / (size - 1)) * (s.z2 - (s.z * s.z) / size));
    return proportionVariant(variance, v, { estimate: p, n, count, sumW, sumW2 }, confidence);
  };
  return { estimate: p, n, count, sumOfWeights: sumW, calibrated: variant('calibrated', sums.calibrated), fixedWeights: variant('fixed-weights', sums.fixed) };
}

export interface MeanVariance {
  /** Which variance, as `ProportionVariance`'s. */
  variance: 'calibrated' | 'fixed-weights';
  /** Linearisation standard error; null when n < 2. */
  se: number | null;
  /** estimate ± t_{n−1}·se; null when n < 2. */
  ci: Interval | null;
}

export interface CalibratedMean {
  /** Σwᵢyᵢ / Σwᵢ over the domain. */
  estimate: number;
  /** Unweighted respondents in the domain (answered and weighted). */
  n: number;
  sumOfWeights: number;
  /** The variance that accounts for the calibration: the one to publish. */
  calibrated: MeanVariance;
  /** The variance with the weights taken as given (as `weightedMean`). */
  fixedWeights: MeanVariance;
}

/**
 * A weighted mean on a calibrated design from per-cell sums, with both variances, labelled: as R's
 * `svymean(~y, subset(design, <domain>))` on a `calibrate()`/`rake()` design and on
 * `svydesign(weights = ~w)`, with `confint(…, df = degf(<subset>))` (t with n − 1 df of the domain).
 * In each cell c of `design`, `answered[c]` respondents are in the domain with values summing to
 * `sumY[c]` and their squares to `sumY2[c]`. With uᵢ = (yᵢ − ȳ)/Σw in the domain and 0 outside, a
 * cell's residuals zᵢ = wᵢ(uᵢ − fitted_c) differ only through yᵢ, so Σz and Σz² need only those
 * three sums: se² = N/(N−1)·(Σz² − (Σz)²/N) over the N respondents of the design.
 *
 * @example
 * calibratedMeanFromCells(design, { answered, sumY, sumY2 }).calibrated; // => { variance: 'calibrated', se: …, ci: {…} }
 */
export function calibratedMeanFromCells(
  design: CalibratedCellDesign,
  tallies: { answered: ArrayLike<number>; sumY: ArrayLike<number>; sumY2: ArrayLike<number> },
  confidence = 0.95,
): CalibratedMean {
  const fn = 'calibratedMeanFromCells';
  const { cells } = design;
  if (tallies.answered.length !== cells.length || tallies.sumY.length !== cells.length || tallies.sumY2.length !== cells.length) {
    invalid(fn, 'answered, sumY and sumY2', `one per cell (${cells.length})`, { answered: tallies.answered.length, sumY: tallies.sumY.length, sumY2: tallies.sumY2.length });
  }
  if (!(confidence > 0 && confidence < 1)) invalid(fn, 'confidence', 'a number between 0 and 1', confidence);
  let n = 0;
  let sumW = 0;
  let sumWY = 0;
  cells.forEach((cell, c) => {
    const answered = tallies.answered[c]!;
    if (!(Number.isInteger(answered) && answered >= 0 && answered <= cell.size)) invalid(fn, `answered[${c}]`, `a whole number from 0 to the cell's size ${cell.size}`, answered);
    if (!Number.isFinite(tallies.sumY[c]!) || !Number.isFinite(tallies.sumY2[c]!)) invalid(fn, `sumY[${c}] and sumY2[${c}]`, 'finite numbers', { sumY: tallies.sumY[c], sumY2: tallies.sumY2[c] });
    n += answered;
    sumW += answered * cell.weight;
    sumWY += tallies.sumY[c]! * cell.weight;
  });
  if (n === 0) invalid(fn, 'answered', 'at least one respondent in all', n);
  const estimate = sumWY / sumW;
  // Per cell: Σu and Σu² over its respondents in the domain.
  const sumU = (c: number) => (tallies.sumY[c]! - tallies.answered[c]! * estimate) / sumW;
  const sumU2 = (c: number) => (tallies.sumY2[c]! - 2 * estimate * tallies.sumY[c]! + tallies.answered[c]! * estimate * estimate) / (sumW * sumW);
  const fittedOf = fittedPerCell(design, sumU);
  const sums = { calibrated: { z: 0, z2: 0 }, fixed: { z: 0, z2: 0 } };
  cells.forEach((cell, c) => {
    if (cell.size === 0) return;
    const fitted = fittedOf(c);
    const w = cell.weight;
    const u = sumU(c);
    const u2 = sumU2(c);
    // Σ(u − f) over the whole cell (those outside the domain have u = 0) and Σ(u − f)².
    sums.calibrated.z += w * (u - cell.size * fitted);
    sums.calibrated.z2 += w * w * (u2 - 2 * fitted * u + cell.size * fitted * fitted);
    sums.fixed.z += w * u;
    sums.fixed.z2 += w * w * u2;
  });
  const size = design.size;
  const half = n > 1 ? tQuantile(1 - (1 - confidence) / 2, n - 1) : NaN;
  const variant = (variance: MeanVariance['variance'], s: { z: number; z2: number }): MeanVariance => {
    if (n < 2) return { variance, se: null, ci: null };
    const se = Math.sqrt(Math.max(0, (size / (size - 1)) * (s.z2 - (s.z * s.z) / size)));
    return { variance, se, ci: { lower: estimate - half * se, upper: estimate + half * se } };
  };
  return { estimate, n, sumOfWeights: sumW, calibrated: variant('calibrated', sums.calibrated), fixedWeights: variant('fixed-weights', sums.fixed) };
}

/** The interval and design effect of a proportion with variance v (shared by the row and cell forms). */
function proportionVariant(
  variance: ProportionVariance['variance'],
  v: number,
  { estimate, n, count, sumW, sumW2 }: { estimate: number; n: number; count: number; sumW: number; sumW2: number },
  confidence: number,
): ProportionVariance {
  const se = n > 1 ? Math.sqrt(v) : null;
  const srs = ((n / (n - 1)) * estimate * (1 - estimate) * (sumW - n)) / (sumW * n);
  const deff = n > 1 && sumW > n && srs > 0 ? v / srs : null;
  if (se === null || count === 0 || count === n) {
    const effective = (sumW * sumW) / sumW2;
    return { variance, se, ci: wilsonInterval(estimate * effective, effective, confidence), ciMethod: 'wilson-effective-n', deff };
  }
  const half = (tQuantile(1 - (1 - confidence) / 2, n - 1) * se) / (estimate * (1 - estimate));
  const logit = Math.log(estimate / (1 - estimate));
  return { variance, se, ci: { lower: expit(logit - half), upper: expit(logit + half) }, ciMethod: 'logit', deff };
}

/**
 * `calibratedRaoScott` from per-cell counts, for callers that keep counts rather than rows: in each
 * cell c of `design`, `counts[c·R·C + i·C + j]` respondents answered row category i and column
 * category j (row-major over `rows` × `columns`); the cell's other respondents are outside the table
 * but in the design. Per cell the respondents fall in R·C + 1 classes, each with one value of every
 * table cell's linearised residual, so the covariance is a sum over cells and classes; the result
 * equals the row-wise function's (and R's `svychisq` on a calibrated design) to rounding.
 * Categories without respondents are left out, as `raoScottFromSums` does.
 *
 * @example
 * calibratedRaoScottFromCells(design, { rows: ['x', 'y'], columns: ['F', 'M'], counts }).secondOrder.pValue;
 */
export function calibratedRaoScottFromCells(
  design: CalibratedCellDesign,
  table: { rows: readonly string[]; columns: readonly string[]; counts: ArrayLike<number> },
): RaoScottResult {
  const fn = 'calibratedRaoScottFromCells';
  const { cells, width, margins: m, columns: modelColumns } = design;
  const allRows = table.rows.length;
  const allColumns = table.columns.length;
  const full = allRows * allColumns;
  if (table.counts.length !== cells.length * full) invalid(fn, 'counts', `one per design cell and table cell (${cells.length} × ${full})`, table.counts.length);
  const rowTotal = new Float64Array(allRows);
  const columnTotal = new Float64Array(allColumns);
  cells.forEach((cell, c) => {
    let inTable = 0;
    for (let i = 0; i < allRows; i++) {
      for (let j = 0; j < allColumns; j++) {
        const count = table.counts[c * full + i * allColumns + j]!;
        if (!(Number.isInteger(count) && count >= 0)) invalid(fn, `counts[${c * full + i * allColumns + j}]`, 'a whole number ≥ 0', count);
        rowTotal[i]! += count;
        columnTotal[j]! += count;
        inTable += count;
      }
    }
    if (inTable > cell.size) invalid(fn, `counts of cell ${c}`, `at most the cell's size ${cell.size} in all`, inTable);
  });
  const byName = (names: readonly string[], totals: Float64Array) =>
    names.map((name, i) => ({ name, i })).filter((x) => totals[x.i]! > 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = byName(table.rows, rowTotal);
  const columns = byName(table.columns, columnTotal);
  if (rows.length < 2 || columns.length < 2) {
    throw new InvalidInputError(fn, `the table needs at least 2 rows and 2 columns that occur (got ${rows.length} × ${columns.length})`);
  }
  const r = rows.length;
  const c = columns.length;
  const k = r * c;
  // Per design cell, the respondents of each kept table cell (row-major over the kept categories).
  const at = (cell: number, t: number) => table.counts[cell * full + rows[Math.floor(t / c)]!.i * allColumns + columns[t % c]!.i]!;
  let n = 0;
  let sumW = 0;
  const weighted = new Float64Array(k);
  cells.forEach((cell, cc) => {
    for (let t = 0; t < k; t++) {
      const count = at(cc, t);
      n += count;
      sumW += count * cell.weight;
      weighted[t]! += count * cell.weight;
    }
  });
  const p = Array.from(weighted, (x) => x / sumW);
  // Per table cell t: B_t from Σ_c x_c·Σ_class count·u_t(class), u_t(j) = (δ_jt − p_t)/Σw in the table, 0 outside.
  const row = new Int32Array(m + 1);
  const fitted = new Float64Array(cells.length * k);
  for (let t = 0; t < k; t++) {
    const rhs = new Float64Array(width);
    cells.forEach((cell, cc) => {
      if (cell.size === 0) return;
      let answered = 0;
      for (let j = 0; j < k; j++) answered += at(cc, j);
      const sumU = (at(cc, t) - p[t]! * answered) / sumW;
      if (sumU === 0) return;
      const count = rowColumns(modelColumns, cc, m, row);
      for (let a = 0; a < count; a++) rhs[row[a]!]! += sumU;
    });
    solveFactored(design.factor, design.dropped, width, rhs);
    cells.forEach((cell, cc) => {
      if (cell.size === 0) return;
      const count = rowColumns(modelColumns, cc, m, row);
      let f = 0;
      for (let a = 0; a < count; a++) f += rhs[row[a]!]!;
      fitted[cc * k + t] = f;
    });
  }
  // Σz and Σzz′ over every respondent of the design, class by class.
  const sumZ = new Float64Array(k);
  const sumZZ = new Float64Array(k * k);
  const z = new Float64Array(k);
  cells.forEach((cell, cc) => {
    if (cell.size === 0) return;
    let answered = 0;
    for (let j = 0; j < k; j++) answered += at(cc, j);
    for (let j = -1; j < k; j++) {
      const count = j < 0 ? cell.size - answered : at(cc, j);
      if (count === 0) continue;
      for (let t = 0; t < k; t++) {
        const u = j < 0 ? 0 : ((j === t ? 1 : 0) - p[t]!) / sumW;
        z[t] = cell.weight * (u - fitted[cc * k + t]!);
        sumZ[t]! += count * z[t]!;
      }
      for (let t = 0; t < k; t++) for (let s = 0; s < k; s++) sumZZ[t * k + s]! += count * z[t]! * z[s]!;
    }
  });
  const size = design.size;
  const v = Array.from({ length: k }, (_, t) => Array.from({ length: k }, (_, s) => (size / (size - 1)) * (sumZZ[t * k + s]! - (sumZ[t]! * sumZ[s]!) / size)));
  const weightedCounts = rows.map((_, i) => columns.map((_, j) => weighted[i * c + j]!));
  return raoScottFromCovariance(fn, { n, rows: rows.map((x) => x.name), columns: columns.map((x) => x.name), weightedCounts, p, v, scaleN: size, designDf: size - 1 });
}
