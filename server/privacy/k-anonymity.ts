// k-anonymity (Sweeney 2002, https://doi.org/10.1142/S0218488502001648) on chosen quasi-identifiers:
// every combination of their values that a released row shows must be shared by at least k rows.
// Written here rather than taken from a library: the npm packages for it are unmaintained toys, and
// the county's hierarchy is one level deep (municipality → area), so a greedy local recoding with
// record suppression (the approach ARX calls "local generalisation" with a suppression limit) is short
// enough to read and to check by hand.

/** A value blanked by the coarsening (shown empty in the export). */
export const BLANKED = '*';

export type QuasiValue = string | null;

export interface ClassFigures {
  /** Distinct combinations of the quasi-identifiers. */
  classes: number;
  classesBelowK: number;
  rowsBelowK: number;
  /** The smallest class's size (0 with no rows). */
  smallest: number;
}

export interface KAnonymityResult {
  /** Each row's values after coarsening, in the input's order; null for a suppressed row. */
  rows: (QuasiValue[] | null)[];
  before: ClassFigures;
  /** Per quasi-identifier: rows whose value was recoded one level up (municipality → area). */
  generalised: number[];
  /** Per quasi-identifier: rows whose value was blanked. */
  blanked: number[];
  /** Rows left out because no coarsening of the others made their class reach k. */
  suppressed: number;
  after: ClassFigures;
  /** The smallest class among the rows kept: ≥ k, or 0 when no row is kept. */
  kAchieved: number;
}

const keyOf = (values: readonly QuasiValue[]) => JSON.stringify(values);

function classesOf(rows: readonly (QuasiValue[] | null)[]): Map<string, number[]> {
  const classes = new Map<string, number[]>();
  rows.forEach((values, i) => {
    if (values === null) return;
    const key = keyOf(values);
    const members = classes.get(key);
    if (members) members.push(i);
    else classes.set(key, [i]);
  });
  return classes;
}

function figures(classes: Map<string, number[]>, k: number): ClassFigures {
  let classesBelowK = 0;
  let rowsBelowK = 0;
  let smallest = Infinity;
  for (const members of classes.values()) {
    smallest = Math.min(smallest, members.length);
    if (members.length < k) {
      classesBelowK++;
      rowsBelowK += members.length;
    }
  }
  return { classes: classes.size, classesBelowK, rowsBelowK, smallest: classes.size === 0 ? 0 : smallest };
}

/** Small classes, smallest first, then by their values: the order every step takes them in. */
function smallClasses(classes: Map<string, number[]>, k: number): number[][] {
  return [...classes]
    .filter(([, members]) => members.length < k)
    .sort(([ka, a], [kb, b]) => a.length - b.length || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, members]) => members);
}

/**
 * Makes `input` k-anonymous on its columns (the quasi-identifiers), in three steps:
 * 1. the rows of every class below k have each value that has a coarser level (`generalise[q]`, e.g. a
 *    municipality's area) recoded to it;
 * 2. in rounds, each class still below k has its rarest value (fewest rows in the whole data at the
 *    round's start; the first quasi-identifier on a tie) blanked, until no class is below k or nothing
 *    is left to blank;
 * 3. rows whose class is still below k are suppressed.
 * A missing value (null) is a value of its own. k must be a whole number ≥ 1.
 */
export function kAnonymise(
  input: readonly (readonly QuasiValue[])[],
  k: number,
  generalise: readonly (((value: QuasiValue) => QuasiValue) | null)[] = [],
): KAnonymityResult {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  const width = input[0]?.length ?? 0;
  const rows: (QuasiValue[] | null)[] = input.map((values) => [...values]);
  const generalised = new Array<number>(width).fill(0);
  const blanked = new Array<number>(width).fill(0);

  let classes = classesOf(rows);
  const before = figures(classes, k);

  for (const members of smallClasses(classes, k)) {
    for (const i of members) {
      const values = rows[i]!;
      for (let q = 0; q < width; q++) {
        const up = generalise[q];
        if (!up || values[q] === BLANKED) continue;
        const coarser = up(values[q]!);
        if (coarser !== values[q]) {
          values[q] = coarser;
          generalised[q]!++;
        }
      }
    }
  }

  for (;;) {
    classes = classesOf(rows);
    const small = smallClasses(classes, k);
    if (small.length === 0) break;
    const frequency = Array.from({ length: width }, () => new Map<QuasiValue, number>());
    for (const values of rows) {
      if (values === null) continue;
      values.forEach((v, q) => frequency[q]!.set(v, (frequency[q]!.get(v) ?? 0) + 1));
    }
    let progress = false;
    for (const members of small) {
      const sample = rows[members[0]!]!;
      let rarest = -1;
      for (let q = 0; q < width; q++) {
        if (sample[q] === BLANKED) continue;
        if (rarest < 0 || frequency[q]!.get(sample[q]!)! < frequency[rarest]!.get(sample[rarest]!)!) rarest = q;
      }
      if (rarest < 0) continue;
      for (const i of members) rows[i]![rarest] = BLANKED;
      blanked[rarest]! += members.length;
      progress = true;
    }
    if (!progress) break;
  }

  let suppressed = 0;
  for (const members of smallClasses(classesOf(rows), k)) {
    for (const i of members) rows[i] = null;
    suppressed += members.length;
  }
  const after = figures(classesOf(rows), k);
  return { rows, before, generalised, blanked, suppressed, after, kAchieved: after.smallest };
}
