/**
 * Weighted figures from the calibrated design: proportions with their standard error, logit
 * interval and design effect, the Rao–Scott test of a cross-tabulation, and the weighting's
 * diagnostics over the places a user may see. Every estimate is a sum over the weighting cells
 * (see weighting.ts), so it costs the number of cells, not of respondents.
 */
import { calibratedMeanFromCells, calibratedProportionFromCells, type ProportionVariance } from '../../analysis/calibrated-design.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { raoScottFromSums, type RaoScottResult } from '../../analysis/rao-scott-chi-square.ts';
import type { Geography } from '../geography.ts';
import type { CodeColumn, MaskColumn } from './columns.ts';
import type { ResponseIndex } from './response-index.ts';
import { raoScottInWorker } from './rake-worker.ts';
import { inSlices } from './tally.ts';
import type { Weighting } from './schemas.ts';
import { RAKE_TOLERANCE, type WeightsEntry } from './weighting.ts';

/**
 * Which variance the weighted intervals use: `calibrated` accounts for the raking (R's `rake()` /
 * `calibrate()` designs), `fixed` takes the weights as given (`svydesign(weights = ~w)`).
 */
export type VarianceVariant = 'calibrated' | 'fixed';
export const VARIANCE_VARIANTS: readonly VarianceVariant[] = ['calibrated', 'fixed'];

export interface WeightedFigure {
  /** Weighted percentage of those who answered, 0–100. */
  percent: number;
  /** 95% interval in percent: logit (R's svyciprop(method = "logit")), or Wilson on the effective n at 0 % or 100 %. */
  ci: { lower: number; upper: number };
  /** Linearisation standard error in percentage points; null when n < 2. */
  se: number | null;
  /** Design effect against simple random sampling (svymean(deff = TRUE)); null when it has no meaning (n < 2). */
  deff: number | null;
  ciMethod: ProportionVariance['ciMethod'];
}

/** Per weighting cell: respondents kept who answered, and per cell and category how many chose it. */
export interface CellTally {
  readonly k: number;
  readonly answered: Float64Array;
  readonly counts: Float64Array;
}

/** One pass over the kept respondents of a closed question, counted per weighting cell. */
export async function tallyCells(entry: WeightsEntry, column: CodeColumn | MaskColumn, keep: Uint8Array): Promise<CellTally> {
  const k = column.dictionary.values.length;
  const cells = entry.design.cells.length;
  const answered = new Float64Array(cells);
  const counts = new Float64Array(cells * k);
  const size = Math.min(entry.cellOf.length, keep.length);
  if (column.kind === 'codes') {
    const data = column.data;
    await inSlices(size, (from, to) => {
      for (let r = from; r < to; r++) {
        const cell = entry.cellOf[r]!;
        const code = data[r]!;
        if (cell < 0 || code === 0 || !keep[r]) continue;
        answered[cell]!++;
        counts[cell * k + code - 1]!++;
      }
    });
  } else {
    const words = column.words;
    await inSlices(size, (from, to) => {
      for (let r = from; r < to; r++) {
        const cell = entry.cellOf[r]!;
        if (cell < 0 || !keep[r]) continue;
        let any = false;
        for (let wi = 0; wi < words.length; wi++) {
          let bits = words[wi]![r]!;
          if (bits === 0) continue;
          any = true;
          while (bits !== 0) {
            const low = bits & -bits;
            counts[cell * k + wi * 32 + 31 - Math.clz32(low)]!++;
            bits ^= low;
          }
        }
        if (any) answered[cell]!++;
      }
    });
  }
  return { k, answered, counts };
}

/**
 * One category's weighted percentage in one group (the municipality slots it adds up), with the
 * chosen variance; the group is a domain of the whole design, as R's subset() of a calibrated design.
 */
export function weightedCategoryFigure(entry: WeightsEntry, tally: CellTally, category: number, slots: readonly number[], variant: VarianceVariant): WeightedFigure | null {
  const inGroup = new Uint8Array(256);
  for (const s of slots) inGroup[s] = 1;
  const cells = entry.design.cells.length;
  const answered = new Float64Array(cells);
  const count = new Float64Array(cells);
  let n = 0;
  for (let c = 0; c < cells; c++) {
    if (!inGroup[entry.cellSlot[c]!]) continue;
    answered[c] = tally.answered[c]!;
    count[c] = tally.counts[c * tally.k + category]!;
    n += answered[c]!;
  }
  if (n === 0) return null;
  const p = calibratedProportionFromCells(entry.design, { answered, count });
  const v = variant === 'calibrated' ? p.calibrated : p.fixedWeights;
  return { percent: 100 * p.estimate, ci: { lower: 100 * v.ci.lower, upper: 100 * v.ci.upper }, se: v.se === null ? null : 100 * v.se, deff: v.deff, ciMethod: v.ciMethod };
}

export interface WeightedMeanFigure {
  mean: number;
  /** Linearisation standard error; null when fewer than 2 answered a scale value. */
  se: number | null;
  /** 95% interval mean ± t_{n−1}·se (R's confint(svymean(…), df = degf(…))); null when se is. */
  ci: { lower: number; upper: number } | null;
}

/**
 * A rating's weighted mean in one group over those who gave a scale value (`scores[category]`, null
 * for "can't say" and other non-scale answers, which are left out), with the chosen variance; the
 * group is a domain of the whole design, as for `weightedCategoryFigure`. Null when no one in the
 * group gave a scale value.
 */
export function weightedMeanFigure(entry: WeightsEntry, tally: CellTally, scores: readonly (number | null)[], slots: readonly number[], variant: VarianceVariant): WeightedMeanFigure | null {
  const inGroup = new Uint8Array(256);
  for (const s of slots) inGroup[s] = 1;
  const cells = entry.design.cells.length;
  const answered = new Float64Array(cells);
  const sumY = new Float64Array(cells);
  const sumY2 = new Float64Array(cells);
  let n = 0;
  for (let c = 0; c < cells; c++) {
    if (!inGroup[entry.cellSlot[c]!]) continue;
    for (let k = 0; k < tally.k; k++) {
      const score = scores[k];
      const count = tally.counts[c * tally.k + k]!;
      if (score === null || score === undefined || count === 0) continue;
      answered[c]! += count;
      sumY[c]! += count * score;
      sumY2[c]! += count * score * score;
    }
    n += answered[c]!;
  }
  if (n === 0) return null;
  const m = calibratedMeanFromCells(entry.design, { answered, sumY, sumY2 });
  const v = variant === 'calibrated' ? m.calibrated : m.fixedWeights;
  return { mean: m.estimate, se: v.se, ci: v.ci };
}

export interface WeightedCrosstabTest {
  firstOrder: { chiSquare: number; df: number; pValue: number };
  secondOrder: { f: number; df1: number; df2: number; pValue: number };
  meanDesignEffect: number;
}

/**
 * The Rao–Scott corrected test of a cross-tabulation within one group, over every weighted
 * respondent (a respondent outside the table stays in the design, as R's svychisq on a subset):
 * counted per weighting cell in one pass over the code columns. Null when the table is degenerate.
 * The calibrated test runs in the analysis worker (see rake-worker.ts): it solves the calibration
 * model once per table cell, about 100 ms at 50,000 responses, too long for the server's thread.
 */
export async function weightedCrosstabTest(
  entry: WeightsEntry,
  rowColumn: CodeColumn,
  colColumn: CodeColumn,
  keep: Uint8Array,
  municipality: Uint8Array,
  inGroup: Uint8Array,
  variant: VarianceVariant,
): Promise<WeightedCrosstabTest | null> {
  const rows = rowColumn.dictionary.values.slice();
  const columns = colColumn.dictionary.values.slice();
  const width = columns.length;
  const full = rows.length * width;
  const cells = entry.design.cells.length;
  const perCell = new Float64Array(cells * full);
  const size = Math.min(entry.cellOf.length, keep.length);
  for (let r = 0; r < size; r++) {
    const cell = entry.cellOf[r]!;
    if (cell < 0 || !keep[r] || !inGroup[municipality[r]!]) continue;
    const i = rowColumn.data[r]!;
    const j = colColumn.data[r]!;
    if (i === 0 || j === 0 || i > rows.length || j > width) continue;
    perCell[cell * full + (i - 1) * width + (j - 1)]!++;
  }
  let test: RaoScottResult;
  try {
    if (variant === 'calibrated') test = await raoScottInWorker({ design: entry.design, rows, columns, counts: perCell });
    else {
      // The fixed-weight test needs only per table cell Σw and Σw² (one weight per weighting cell).
      const counts = new Float64Array(full);
      const sumW = new Float64Array(full);
      const sumW2 = new Float64Array(full);
      entry.design.cells.forEach((cell, c) => {
        for (let t = 0; t < full; t++) {
          const x = perCell[c * full + t]!;
          if (x === 0) continue;
          counts[t]! += x;
          sumW[t]! += x * cell.weight;
          sumW2[t]! += x * cell.weight * cell.weight;
        }
      });
      test = raoScottFromSums({ rows, columns, counts, sumW, sumW2, designSize: entry.designSize });
    }
  } catch (error) {
    if (error instanceof InvalidInputError) return null;
    throw error;
  }
  return { firstOrder: test.firstOrder, secondOrder: test.secondOrder, meanDesignEffect: test.meanDesignEffect };
}

/**
 * The weighting's diagnostics beside a weighted view: over the places `visible` holds (per
 * municipality slot; null: the whole county) the smallest, largest and mean weight, Kish's design
 * effect and effective n, respondents left out, municipalities without respondents, and the place
 * margin's error, per place only where every municipality of the place is visible; the bounds and
 * whether they bind, convergence, and which intervals the figures use. The weights are the county's.
 */
export function weightingMeta(entry: WeightsEntry, index: ResponseIndex, geography: Geography, visible: Uint8Array | null, variant: VarianceVariant): Weighting {
  // A sum over the visible slots of per-slot sums made once per weights (slotSums): no pass over
  // every weight per request, for the county or for a viewer's places.
  return { ...scopedMeta(entry, index, geography, visible), intervals: variant === 'calibrated' ? 'calibrated' : 'fixed-weights' };
}

/** Per municipality slot: respondents weighted and left out, Σw, Σw², smallest and largest weight. */
interface SlotSums {
  readonly weighted: Float64Array;
  readonly excluded: Float64Array;
  readonly sum: Float64Array;
  readonly sumOfSquares: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

const slotSumsOf = new WeakMap<WeightsEntry, SlotSums>();

/**
 * The weights summed per municipality slot, once per weights entry: every place-limited view's
 * diagnostics are then sums over its visible slots (a few dozen) instead of a pass over every
 * respondent's weight per request (about 20 ms at 50,000 responses, 20 times that at a million).
 */
function slotSums(entry: WeightsEntry, index: ResponseIndex, slots: number): SlotSums {
  const cached = slotSumsOf.get(entry);
  if (cached && cached.sum.length === slots) return cached;
  const sums: SlotSums = {
    weighted: new Float64Array(slots),
    excluded: new Float64Array(slots),
    sum: new Float64Array(slots),
    sumOfSquares: new Float64Array(slots),
    min: new Float64Array(slots).fill(Infinity),
    max: new Float64Array(slots).fill(-Infinity),
  };
  const size = Math.min(index.size, entry.weights.length);
  for (let r = 0; r < size; r++) {
    const slot = index.municipality[r]!;
    const w = entry.weights[r]!;
    if (w === 0) {
      sums.excluded[slot]!++;
      continue;
    }
    sums.weighted[slot]!++;
    sums.sum[slot]! += w;
    sums.sumOfSquares[slot]! += w * w;
    if (w < sums.min[slot]!) sums.min[slot] = w;
    if (w > sums.max[slot]!) sums.max[slot] = w;
  }
  slotSumsOf.set(entry, sums);
  return sums;
}

function scopedMeta(entry: WeightsEntry, index: ResponseIndex, geography: Geography, visible: Uint8Array | null): Omit<Weighting, 'intervals'> {
  const slots = geography.municipalities.length + 1;
  const s = slotSums(entry, index, slots);
  let respondents = 0;
  let excluded = 0;
  let sum = 0;
  let sumOfSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  const totals = new Map<string, number>();
  for (let slot = 0; slot < slots; slot++) {
    if (visible && !visible[slot]) continue;
    excluded += s.excluded[slot]!;
    if (s.weighted[slot] === 0) continue;
    respondents += s.weighted[slot]!;
    sum += s.sum[slot]!;
    sumOfSquares += s.sumOfSquares[slot]!;
    min = Math.min(min, s.min[slot]!);
    max = Math.max(max, s.max[slot]!);
    const place = entry.placeOfSlot[slot];
    if (place) totals.set(place, (totals.get(place) ?? 0) + s.sum[slot]!);
  }
  // A place's margin error is published only when all of it is visible: a partly visible unit's
  // error would tell the weighted total of its hidden part.
  const wholeVisible = new Map<string, boolean>();
  entry.placeOfSlot.forEach((place, slot) => {
    if (place === null) return;
    wholeVisible.set(place, (wholeVisible.get(place) ?? true) && (!visible || visible[slot] === 1));
  });
  let maxRelativeError = 0;
  for (const [place, population] of Object.entries(entry.placePopulation)) {
    if (!wholeVisible.get(place) || !(population > 0)) continue;
    maxRelativeError = Math.max(maxRelativeError, Math.abs((totals.get(place) ?? 0) - population) / population);
  }
  // The other margins (sex, age) are the county's: met exactly when the raking converged.
  // Kish's design effect n·Σw²/(Σw)² and effective n (Σw)²/Σw² (analysis/design-effect.ts), from the sums.
  const diagnostics = respondents > 0 ? { min, max, mean: sum / respondents, designEffect: (respondents * sumOfSquares) / (sum * sum), effectiveSampleSize: (sum * sum) / sumOfSquares } : null;
  const codes = new Set(geography.municipalities.filter((_, i) => !visible || visible[i + 1]).map((m) => m.code));
  return {
    method: 'raking',
    margins: entry.margins,
    respondents,
    // No weighted respondent in their places: nothing is weighted, so no effect on the variance.
    designEffect: diagnostics?.designEffect ?? 1,
    effectiveSampleSize: diagnostics?.effectiveSampleSize ?? 0,
    weights: diagnostics ? { min: diagnostics.min, max: diagnostics.max, mean: diagnostics.mean } : null,
    bounds: entry.bounds,
    boundsBind: entry.boundsBind,
    converged: visible ? entry.converged || maxRelativeError <= RAKE_TOLERANCE : entry.converged,
    maxRelativeError: visible ? maxRelativeError : Math.max(maxRelativeError, entry.maxRelativeError),
    excluded,
    unrepresented: entry.unrepresented.filter((code) => codes.has(code)),
  };
}
