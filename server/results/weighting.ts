/**
 * Raking weights for a survey's responses, computed once per data version and population table,
 * with what the calibrated variance needs (the weighting cells and their design) and what is shown
 * beside every weighted figure (bounds, whether they bind, convergence, the margins' errors).
 */
import type { CalibratedCellDesign } from '../../analysis/calibrated-design.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import type { listPopulation } from '../../db/population.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import type { SurveyMeta } from '../surveys/envelope.ts';
import { rakeInWorker, type RakeOutput } from './rake-worker.ts';
import type { ResponseIndex } from './response-index.ts';

export type PopulationTable = Awaited<ReturnType<typeof listPopulation>>;

export interface WeightingOptions {
  /**
   * Municipality code → publication unit: the place margin is raked per unit (a unit's population
   * is the sum of its municipalities'), so a hidden municipality's own margin is never a figure.
   * Absent: every municipality is its own unit.
   */
  readonly units?: ReadonlyMap<string, string>;
}

export interface WeightsEntry {
  size: number;
  fingerprint: string;
  /** Per respondent; 0 for one left out of the weighting. */
  weights: Float64Array;
  /** Respondents weighted (the design's N). */
  designSize: number;
  /** The place margin's categories (municipality codes or units) and their populations. */
  placePopulation: Readonly<Record<string, number>>;
  /** Per municipality slot (index + 1), its category on the place margin; null for slot 0. */
  placeOfSlot: readonly (string | null)[];
  /**
   * Per respondent, its weighting cell (−1: not weighted); per cell, the first municipality slot of
   * its publication unit (a group holds a unit whole, so a group holding that slot holds the cell).
   */
  cellOf: Int32Array;
  cellSlot: Int32Array;
  /** The calibrated design over the cells (equal starting weights, one raked weight per cell). */
  design: CalibratedCellDesign;
  margins: string[];
  bounds: { lower: number; upper: number } | null;
  boundsBind: boolean;
  converged: boolean;
  /** Largest relative error over every margin's categories (the county's). */
  maxRelativeError: number;
  iterations: number;
  excluded: number;
  /** Municipalities of the county without respondents, by code. */
  unrepresented: string[];
}

// rakeWeights' own: a margin is met when it is within this relative error of its population.
export const RAKE_TOLERANCE = 1e-10;

/**
 * Raking weights to population margins, for every response with a municipality of the county;
 * computed on all responses, then used for any filtered subset (domain estimation).
 * Margins: the municipalities' (or publication units') populations, and when an admin has loaded a
 * population table and the survey says which questions give sex and age group, the sex and
 * age-group totals too (all three from that table, restricted to the age groups the survey covers,
 * so the totals agree). No bounds unless the survey's envelope sets `weighting.bounds`: then the
 * weights stay within them and the margins may be missed, which the result says.
 * Respondents missing a margin's answer are left out of weighted figures; municipalities without
 * respondents cannot be represented. Both are reported.
 */
export async function computeWeights(
  index: ResponseIndex,
  meta: SurveyMeta,
  geography: Geography,
  table: PopulationTable,
  fingerprint: string,
  options: WeightingOptions = {},
): Promise<WeightsEntry> {
  const size = index.size;
  const useTable = meta.weighting !== null && table.length > 0;
  /**
   * A margin question's answers as category numbers per respondent (−1: missing), numbered in the
   * order they first appear. Looked up once per answer code, not once per respondent: at a million
   * responses a string lookup per respondent held the event loop for a tenth of a second.
   */
  const marginCodes = (key: string, mapping: Record<string, string>): { column: Int32Array; values: string[] } => {
    const source = index.columns.get(key);
    const column = new Int32Array(size).fill(-1);
    const values: string[] = [];
    if (!source || source.kind !== 'codes') return { column, values };
    const numbers = new Map<string, number>();
    const UNSEEN = -2;
    const numberOfCode = new Int32Array(source.dictionary.values.length + 1).fill(UNSEEN);
    for (let r = 0; r < size; r++) {
      const code = source.data[r]!;
      let n = numberOfCode[code]!;
      if (n === UNSEEN) {
        const value = code === 0 ? null : (mapping[source.dictionary.values[code - 1]!] ?? null);
        if (value === null || value === '') n = -1;
        else {
          n = numbers.get(value) ?? values.push(value) - 1;
          numbers.set(value, n);
        }
        numberOfCode[code] = n;
      }
      column[r] = n;
    }
    return { column, values };
  };
  const unitOf = (code: string) => options.units?.get(code) ?? code;
  const placeOfSlot = [null, ...geography.municipalities.map((m) => unitOf(m.code))];
  const places = [...new Set(placeOfSlot.slice(1) as string[])];
  const placeNumber = new Map(places.map((p, i) => [p, i]));
  // The respondents as category numbers per margin variable (−1: missing), for the worker.
  const codes: Record<string, Int32Array> = { municipality: new Int32Array(size) };
  const categories: Record<string, string[]> = { municipality: places };
  // Weighting cells are split by publication unit, each named by its first municipality slot, not
  // by municipality: members of a hidden block share their weights, and a design split per member
  // would sum them in other orders when respondents move between members, so the published figures'
  // last bits could tell the members apart (the adversary's twin test found it).
  const unitSlot = new Map<string, number>();
  placeOfSlot.forEach((place, slot) => {
    if (slot > 0 && place !== null && !unitSlot.has(place)) unitSlot.set(place, slot);
  });
  // Per municipality slot (0: none): its unit's first slot, and its unit's category number (−1 for none).
  const slotCount = placeOfSlot.length;
  const splitOfSlot = new Int32Array(slotCount);
  const placeOfSlotNumber = new Int32Array(slotCount).fill(-1);
  for (let slot = 1; slot < slotCount; slot++) {
    splitOfSlot[slot] = unitSlot.get(placeOfSlot[slot]!)!;
    placeOfSlotNumber[slot] = placeNumber.get(placeOfSlot[slot]!)!;
  }
  const split = new Int32Array(size);
  const seen = new Uint8Array(slotCount);
  for (let r = 0; r < size; r++) {
    const slot = index.municipality[r]!;
    split[r] = splitOfSlot[slot]!;
    codes.municipality![r] = placeOfSlotNumber[slot]!;
    seen[slot] = 1;
  }
  const present = new Set<string>();
  const presentPlaces = new Set<string>();
  for (let slot = 1; slot < slotCount; slot++) {
    if (!seen[slot]) continue;
    present.add(geography.municipalities[slot - 1]!.code);
    presentPlaces.add(placeOfSlot[slot]!);
  }
  if (useTable) {
    for (const [name, question] of [['sex', meta.weighting!.sex], ['ageGroup', meta.weighting!.ageGroup]] as const) {
      const { column, values } = marginCodes(question.question, question.categories);
      codes[name] = column;
      categories[name] = values;
    }
  }
  if (present.size === 0) throw new ApiError(409, 'nothing_to_weight', 'no responses with a municipality of the county to weight');

  // Summed in a Map: a category is free text, and a plain object's prototype answers for names
  // such as "constructor".
  const sumBy = <T,>(rows: readonly T[], key: (r: T) => string, value: (r: T) => number) => {
    const out = new Map<string, number>();
    for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + value(r));
    return Object.fromEntries(out);
  };
  // A unit with respondents is raked to all of its municipalities' population, with or without respondents of their own.
  const inPresentPlace = (code: string) => presentPlaces.has(unitOf(code));
  let margins: { variable: string; population: Record<string, number> }[];
  if (useTable) {
    const ages = new Set(Object.values(meta.weighting!.ageGroup.categories));
    const sexes = new Set(Object.values(meta.weighting!.sex.categories));
    const rows = table.filter((r) => inPresentPlace(r.municipality_code) && ages.has(r.age_group) && sexes.has(r.sex));
    const missing = [...present].filter((m) => !rows.some((r) => r.municipality_code === m));
    if (missing.length > 0) throw new ApiError(409, 'population_incomplete', `the population table has no rows for municipality ${missing.join(', ')}`);
    margins = [
      { variable: 'municipality', population: sumBy(rows, (r) => unitOf(r.municipality_code), (r) => r.population) },
      { variable: 'sex', population: sumBy(rows, (r) => r.sex, (r) => r.population) },
      { variable: 'ageGroup', population: sumBy(rows, (r) => r.age_group, (r) => r.population) },
    ];
  } else {
    const members = geography.municipalities.filter((m) => inPresentPlace(m.code));
    margins = [{ variable: 'municipality', population: sumBy(members, (m) => unitOf(m.code), (m) => m.population) }];
  }
  const bounds = meta.weightingBounds ? { lower: meta.weightingBounds.lower, upper: meta.weightingBounds.upper } : null;
  let raked: RakeOutput;
  try {
    raked = await rakeInWorker({ codes, categories, margins, options: { tolerance: RAKE_TOLERANCE, ...(bounds ? { trim: bounds } : {}) }, split });
  } catch (error) {
    if (error instanceof InvalidInputError) throw new ApiError(409, 'cannot_weight', error.message);
    throw error;
  }
  const weights = raked.weights;
  for (let i = 0; i < size; i++) if (Number.isNaN(weights[i])) weights[i] = 0;
  // The calibrated design over the cells came from the worker with the weights (calibratedCellDesign).
  const design = raked.design;
  return {
    size,
    fingerprint,
    weights,
    designSize: raked.n,
    placePopulation: margins[0]!.population,
    placeOfSlot,
    cellOf: raked.cellOf,
    cellSlot: Int32Array.from(raked.cells, (c) => c.split),
    design,
    margins: margins.map((m) => m.variable),
    bounds: raked.bounds,
    boundsBind: raked.boundsBind,
    converged: raked.converged,
    maxRelativeError: raked.maxRelativeError,
    iterations: raked.iterations,
    excluded: raked.excluded,
    unrepresented: geography.municipalities.filter((m) => !present.has(m.code)).map((m) => m.code),
  };
}
