/**
 * What a set of published figures determines exactly about the microdata, by exact integer linear
 * algebra (fraction-free elimination over BigInt): each figure is a linear equation over the counts
 * of respondents per municipality × combination of answers, and a hidden value (a small
 * municipality's n, or any count of its respondents with given answers) is disclosed exactly when
 * its vector lies in the row space of the published equations.
 *
 * Written by hand: no maintained JavaScript library does exact sparse rank and row-space membership
 * over the rationals (the numeric ones work in floating point, which cannot tell "determined" from
 * "almost determined").
 *
 * Unknowns are restricted to the questions a view involves: the equations are gathered into
 * families, one per maximal set of questions that some published figure involves, and each family
 * holds every equation whose questions are a subset of its own (a county total is in every family).
 * A combination across families whose union no single figure involves is not searched; the
 * families cover every view the adversary test asks for (at most three questions: two filtered, one
 * shown).
 */
import type { Respondent } from './adversary-data.ts';

/** A count of respondents: those of `munis` whose answers satisfy `where` (per question, any of the values). */
export interface Term {
  munis: readonly string[];
  where: Readonly<Record<string, readonly string[]>>;
  coef: bigint;
}

/** A published figure as Σ coef · count = value (value as the fraction num/den). */
export interface Equation {
  terms: Term[];
  num: bigint;
  den: bigint;
  source: string;
}

/**
 * A published table of whole respondents (a data export): every row's answers, under the set of
 * municipalities the row may belong to (one municipality, or the blanked ones of an area). Expanded
 * per family into a count per combination of the family's answers, zeros included.
 */
export interface RowTable {
  groups: { munis: readonly string[]; rows: Record<string, string>[] }[];
  source: string;
}

export interface Question {
  key: string;
  values: readonly string[];
}

export interface Finding {
  target: string;
  family: string;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const termKey = (t: Term): string => `${[...t.munis].sort().join(',')}|${Object.keys(t.where).sort().map((q) => `${q}=${[...t.where[q]!].sort().join(',')}`).join('&')}`;

/** Counts respondents per term on the true microdata, remembering each count (many figures share terms). */
class Truth {
  private readonly byPlace = new Map<string, Respondent[]>();
  private readonly memo = new Map<string, bigint>();
  constructor(data: readonly Respondent[]) {
    for (const r of data) this.byPlace.set(r.municipality, [...(this.byPlace.get(r.municipality) ?? []), r]);
  }
  count(t: Term): bigint {
    const key = termKey(t);
    let n = this.memo.get(key);
    if (n === undefined) {
      n = 0n;
      const conditions = Object.entries(t.where);
      for (const m of t.munis) for (const r of this.byPlace.get(m) ?? []) if (conditions.every(([q, values]) => values.includes(r.answers[q]!))) n++;
      this.memo.set(key, n);
    }
    return n;
  }
  /** Whether the equation holds on the true microdata (a perturbed or misread figure does not). */
  holds(eq: Equation): boolean {
    let lhs = 0n;
    for (const t of eq.terms) lhs += t.coef * this.count(t);
    return lhs * eq.den === eq.num;
  }
}

const questionsOf = (eq: Equation): string[] => [...new Set(eq.terms.flatMap((t) => Object.keys(t.where)))].sort();

/**
 * A basis of the row space in echelon form: each row's pivot is its smallest column, no two share
 * one. Rows are sparse (column → coefficient), kept primitive (gcd 1, positive pivot).
 */
class RowSpace {
  private readonly basis = new Map<number, Map<number, bigint>>();
  get rank(): number {
    return this.basis.size;
  }

  /** The row reduced by the basis: empty when the row is in the row space. */
  reduce(input: Map<number, bigint>): Map<number, bigint> {
    let row = new Map(input);
    // Columns to visit in increasing order; eliminating column c adds only columns above c.
    const heap = new MinHeap([...row.keys()]);
    const seen = new Set(row.keys());
    for (let c = heap.pop(); c !== undefined; c = heap.pop()) {
      const a = row.get(c);
      if (a === undefined) continue;
      const pivotRow = this.basis.get(c);
      if (!pivotRow) continue;
      const p = pivotRow.get(c)!;
      // row ← p·row − a·pivotRow, then divided by the gcd of its entries.
      const next = new Map<number, bigint>();
      for (const [k, v] of row) next.set(k, p * v);
      for (const [k, v] of pivotRow) {
        const x = (next.get(k) ?? 0n) - a * v;
        if (x === 0n) next.delete(k);
        else {
          next.set(k, x);
          if (!seen.has(k)) {
            seen.add(k);
            heap.push(k);
          }
        }
      }
      let g = 0n;
      for (const v of next.values()) g = gcd(g, v);
      if (g > 1n) for (const [k, v] of next) next.set(k, v / g);
      row = next;
    }
    return row;
  }

  add(input: Map<number, bigint>): void {
    const row = this.reduce(input);
    if (row.size === 0) return;
    let pivot = Infinity;
    for (const k of row.keys()) if (k < pivot) pivot = k;
    if (row.get(pivot)! < 0n) for (const [k, v] of row) row.set(k, -v);
    this.basis.set(pivot, row);
  }

  contains(row: Map<number, bigint>): boolean {
    return this.reduce(row).size === 0;
  }
}

/**
 * The same elimination in doubles, which hold integers exactly up to 2⁵³: every entry is kept below
 * 2²⁶ so that a product of two stays exact; past that it gives up and the family is done in BigInt.
 */
class SmallRowSpace {
  private readonly basis = new Map<number, Map<number, number>>();
  static readonly LIMIT = 2 ** 26;
  get rank(): number {
    return this.basis.size;
  }
  reduce(input: Map<number, bigint>): Map<number, number> {
    let row = new Map<number, number>();
    for (const [k, v] of input) row.set(k, Number(v));
    const heap = new MinHeap([...row.keys()]);
    const seen = new Set(row.keys());
    for (let c = heap.pop(); c !== undefined; c = heap.pop()) {
      const a = row.get(c);
      if (a === undefined) continue;
      const pivotRow = this.basis.get(c);
      if (!pivotRow) continue;
      const p = pivotRow.get(c)!;
      const next = new Map<number, number>();
      for (const [k, v] of row) next.set(k, p * v);
      for (const [k, v] of pivotRow) {
        const x = (next.get(k) ?? 0) - a * v;
        if (x === 0) next.delete(k);
        else {
          next.set(k, x);
          if (!seen.has(k)) {
            seen.add(k);
            heap.push(k);
          }
        }
      }
      let g = 0;
      for (const v of next.values()) {
        let [x, y] = [Math.abs(v), g];
        while (y !== 0) [x, y] = [y, x % y];
        g = x;
      }
      for (const [k, v] of next) {
        const x = g > 1 ? v / g : v;
        if (Math.abs(x) >= SmallRowSpace.LIMIT) throw new Overflow();
        next.set(k, x);
      }
      row = next;
    }
    return row;
  }
  add(input: Map<number, bigint>): void {
    const row = this.reduce(input);
    if (row.size === 0) return;
    let pivot = Infinity;
    for (const k of row.keys()) if (k < pivot) pivot = k;
    if (row.get(pivot)! < 0) for (const [k, v] of row) row.set(k, -v);
    this.basis.set(pivot, row);
  }
  contains(row: Map<number, bigint>): boolean {
    return this.reduce(row).size === 0;
  }
}
class Overflow extends Error {}

class MinHeap {
  private readonly a: number[] = [];
  constructor(items: number[]) {
    for (const x of items) this.push(x);
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export interface AuditResult {
  /** Hidden values some combination of the published figures pins down exactly. */
  determined: Finding[];
  /** Published figures that are not exact counts of the microdata (perturbed, or misread by the test). */
  inexact: string[];
  equations: number;
  families: { questions: string[]; unknowns: number; rank: number }[];
}

/**
 * Checks that no target municipality's n, and no count of its respondents over any combination of
 * answers of a family's questions, follows from the equations.
 */
export function audit(
  equations: readonly Equation[],
  tables: readonly RowTable[],
  data: readonly Respondent[],
  municipalities: readonly string[],
  targets: readonly string[],
  questions: readonly Question[],
): AuditResult {
  const exact: Equation[] = [];
  const inexact: Equation[] = [];
  const truth = new Truth(data);
  // The same figure is published by many views: one equation per distinct left-hand side and value.
  const distinct = new Map<string, Equation>();
  for (const eq of equations) {
    const key = `${eq.terms.map((t) => `${t.coef}*${termKey(t)}`).sort().join('+')}=${eq.num}/${eq.den}`;
    if (!distinct.has(key)) distinct.set(key, eq);
  }
  for (const eq of distinct.values()) (truth.holds(eq) ? exact : inexact).push(eq);
  const byQuestions = new Map<string, Equation[]>();
  for (const eq of exact) {
    const key = questionsOf(eq).join('|');
    byQuestions.set(key, [...(byQuestions.get(key) ?? []), eq]);
  }
  const sets = [...byQuestions.keys()].map((k) => (k === '' ? [] : k.split('|')));
  // The tables' own questions take part in every family; a family needs at least one question.
  const maximal = sets.filter((s) => !sets.some((o) => o.length > s.length && s.every((q) => o.includes(q))));
  if (maximal.length === 0) maximal.push([]);
  const valuesOf = new Map(questions.map((q) => [q.key, q.values]));
  const findings = new Map<string, Finding>();
  const families: AuditResult['families'] = [];
  // The targets' columns last, so that pivots fall on the published places first.
  const order = [...municipalities.filter((m) => !targets.includes(m)), ...targets];
  const muniIndex = new Map(order.map((m, i) => [m, i]));

  for (const family of maximal) {
    const dims = family.map((q) => valuesOf.get(q)!);
    const width = dims.reduce((a, d) => a * d.length, 1);
    // Mixed radix: combo index from the values of the family's questions.
    const comboOf = (values: readonly number[]): number => values.reduce((acc, v, i) => acc * dims[i]!.length + v, 0);
    const combos: number[][] = [];
    const walk = (prefix: number[]): void => {
      if (prefix.length === dims.length) combos.push(prefix);
      else for (let v = 0; v < dims[prefix.length]!.length; v++) walk([...prefix, v]);
    };
    walk([]);
    const column = (m: string, combo: number): number => muniIndex.get(m)! * width + combo;
    let space: RowSpace | SmallRowSpace = new SmallRowSpace();
    const seen = new Set<string>();
    const rows: Map<number, bigint>[] = [];
    const addRow = (row: Map<number, bigint>): void => {
      if (row.size === 0) return;
      const key = [...row.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(',');
      if (seen.has(key)) return;
      seen.add(key);
      rows.push(row);
    };
    const termRow = (row: Map<number, bigint>, term: Term): void => {
      const allowed = family.map((q, i) => (term.where[q] ? dims[i]!.map((v) => term.where[q]!.includes(v)) : dims[i]!.map(() => true)));
      for (const combo of combos) {
        if (!combo.every((v, i) => allowed[i]![v])) continue;
        const c = comboOf(combo);
        for (const m of term.munis) {
          if (!muniIndex.has(m)) continue;
          const col = column(m, c);
          const x = (row.get(col) ?? 0n) + term.coef;
          if (x === 0n) row.delete(col);
          else row.set(col, x);
        }
      }
    };
    let count = 0;
    for (const [key, eqs] of byQuestions) {
      const qs = key === '' ? [] : key.split('|');
      if (!qs.every((q) => family.includes(q))) continue;
      for (const eq of eqs) {
        const row = new Map<number, bigint>();
        for (const t of eq.terms) termRow(row, t);
        addRow(row);
        count++;
      }
    }
    for (const table of tables) {
      for (const group of table.groups) {
        const counts = new Map<number, number>();
        for (const r of group.rows) {
          const combo = comboOf(
            family.map((q, i) => {
              const v = dims[i]!.indexOf(r[q]!);
              if (v < 0) throw new Error(`${table.source}: a row's ${q} is '${r[q]}', not one of its answers`);
              return v;
            }),
          );
          counts.set(combo, (counts.get(combo) ?? 0) + 1);
        }
        for (const combo of combos) {
          const row = new Map<number, bigint>();
          for (const m of group.munis) if (muniIndex.has(m)) row.set(column(m, comboOf(combo)), 1n);
          addRow(row);
        }
      }
    }
    try {
      for (const row of rows) space.add(row);
    } catch (error) {
      if (!(error instanceof Overflow)) throw error;
      space = new RowSpace();
      for (const row of rows) space.add(row);
    }
    families.push({ questions: family, unknowns: order.length * width, rank: space.rank });

    const contains = (row: Map<number, bigint>): boolean => {
      try {
        return space.contains(row);
      } catch (error) {
        if (!(error instanceof Overflow)) throw error;
        space = new RowSpace();
        for (const r of rows) space.add(r);
        return space.contains(row);
      }
    };
    // Targets: the municipality's n, and its count over every combination of every subset of the family's questions.
    const label = family.length === 0 ? 'places only' : family.join(' × ');
    for (const m of targets) {
      const subsets: number[][] = [[]];
      for (let i = 0; i < family.length; i++) for (const s of [...subsets]) subsets.push([...s, i]);
      for (const subset of subsets) {
        const parts: number[][] = [[]];
        for (const i of subset) {
          const extended: number[][] = [];
          for (const p of parts) for (let v = 0; v < dims[i]!.length; v++) extended.push([...p, v]);
          parts.splice(0, parts.length, ...extended);
        }
        for (const part of parts) {
          const name = subset.length === 0 ? `n of ${m}` : `${m}: ${subset.map((i, k) => `${family[i]}=${dims[i]![part[k]!]}`).join(' & ')}`;
          if (findings.has(name)) continue;
          const row = new Map<number, bigint>();
          for (const combo of combos) if (subset.every((i, k) => combo[i] === part[k])) row.set(column(m, comboOf(combo)), 1n);
          if (contains(row)) findings.set(name, { target: name, family: label });
        }
      }
    }
    void count;
  }
  return { determined: [...findings.values()], inexact: inexact.map((e) => e.source), equations: equations.length, families };
}
