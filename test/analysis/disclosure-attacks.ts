/**
 * An attacker's view of a suppressed table, written apart from `analysis/` so that the tests check
 * the suppression against an independent reading of what is published.
 */
import type { GroupCounts, SuppressionResult } from '../../analysis/suppress-groups.ts';

export interface PublishedGroup {
  key: string;
  parent: string | null;
  /** null: hidden. */
  n: number | null;
  cells: Record<string, number | null>;
}

export interface Recovery {
  attack: string;
  value: number;
}

/** What a reader sees: every hidden n and cell replaced by null. */
export function publish(groups: readonly GroupCounts[], result: SuppressionResult): PublishedGroup[] {
  const categories = [...new Set(groups.flatMap((g) => Object.keys(g.cells)))];
  return groups.map((group, i) => {
    const decision = result.groups[i]!;
    if (decision.key !== group.key) throw new Error('result out of order');
    const cells: Record<string, number | null> = {};
    for (const category of categories) {
      cells[category] = decision.suppressed || decision.cells[category]!.suppressed ? null : (group.cells[category] ?? 0);
    }
    return { key: group.key, parent: group.parent, n: decision.suppressed ? null : group.n, cells };
  });
}

/**
 * Every one-subtraction attack: a parent's total minus its published children (an area's total minus
 * the other municipalities; the county minus the other areas), per n and per category; a group's n
 * minus its other cells (single choice); a group's cells summed to recover its hidden n. Returns what
 * each recovers; a safe table gives [].
 */
export function subtractionAttacks(published: readonly PublishedGroup[], kind: 'single' | 'multiple'): Recovery[] {
  const recovered: Recovery[] = [];
  const categories = [...new Set(published.flatMap((g) => Object.keys(g.cells)))];
  for (const parent of published) {
    const kids = published.filter((g) => g.parent === parent.key);
    if (kids.length === 0) continue;
    const solve = (label: string, total: number | null, parts: (number | null)[], names: string[]): void => {
      const unknown = [total, ...parts].filter((v) => v === null).length;
      if (unknown !== 1) return;
      const known = parts.reduce<number>((s, v) => s + (v ?? 0), 0);
      if (total === null) recovered.push({ attack: `${label}: sum of ${names.join(' + ')}`, value: known });
      else {
        const missing = names[parts.indexOf(null)];
        recovered.push({ attack: `${label}: ${parent.key} total minus the others → ${missing}`, value: total - known });
      }
    };
    solve('n', parent.n, kids.map((k) => k.n), kids.map((k) => k.key));
    for (const category of categories) {
      solve(`category ${category}`, parent.cells[category] ?? null, kids.map((k) => k.cells[category] ?? null), kids.map((k) => k.key));
    }
  }
  if (kind === 'single') {
    for (const group of published) {
      const cells = categories.map((c) => group.cells[c] ?? null);
      const unknown = [group.n, ...cells].filter((v) => v === null).length;
      if (unknown !== 1) continue;
      const known = cells.reduce<number>((s, v) => s + (v ?? 0), 0);
      recovered.push({
        attack: group.n === null ? `${group.key}: n from its cells` : `${group.key}: n minus the other cells`,
        value: group.n === null ? known : group.n - known,
      });
    }
  }
  return recovered;
}

/**
 * Hidden values that some linear combination of the published relations pins down exactly, found by
 * exact integer (fraction-free) Gaussian elimination — independent of the floating-point audit in
 * `analysis/`. Returns the hidden items' names (`n:<key>`, `cell:<key>:<category>`).
 */
export function linearlyDetermined(published: readonly PublishedGroup[], kind: 'single' | 'multiple'): string[] {
  const categories = [...new Set(published.flatMap((g) => Object.keys(g.cells)))];
  const names: string[] = [];
  const column = new Map<string, number>();
  const variable = (name: string): number => {
    if (!column.has(name)) {
      column.set(name, names.length);
      names.push(name);
    }
    return column.get(name)!;
  };
  // Each relation as { hidden variable → coefficient } (published values only move the constant).
  const equations: Map<number, bigint>[] = [];
  const add = (terms: [string, number | null, bigint][]): void => {
    const equation = new Map<number, bigint>();
    for (const [name, value, coefficient] of terms) {
      if (value !== null) continue;
      const v = variable(name);
      equation.set(v, (equation.get(v) ?? 0n) + coefficient);
    }
    if (equation.size > 0) equations.push(equation);
  };
  for (const parent of published) {
    const kids = published.filter((g) => g.parent === parent.key);
    if (kids.length === 0) continue;
    add([[`n:${parent.key}`, parent.n, 1n], ...kids.map((k): [string, number | null, bigint] => [`n:${k.key}`, k.n, -1n])]);
    for (const c of categories) {
      add([
        [`cell:${parent.key}:${c}`, parent.cells[c] ?? null, 1n],
        ...kids.map((k): [string, number | null, bigint] => [`cell:${k.key}:${c}`, k.cells[c] ?? null, -1n]),
      ]);
    }
  }
  for (const group of published) {
    if (kind !== 'single') continue;
    add([[`n:${group.key}`, group.n, 1n], ...categories.map((c): [string, number | null, bigint] => [`cell:${group.key}:${c}`, group.cells[c] ?? null, -1n])]);
  }
  const width = names.length;
  const rows = equations.map((e) => Array.from({ length: width }, (_, j) => e.get(j) ?? 0n));
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));
  const pivotRowOf: number[] = [];
  let rank = 0;
  for (let col = 0; col < width; col++) {
    const r0 = rows.findIndex((row, r) => r >= rank && row[col] !== 0n);
    if (r0 < 0) continue;
    [rows[rank], rows[r0]] = [rows[r0]!, rows[rank]!];
    const pivot = rows[rank]!;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank || rows[r]![col] === 0n) continue;
      const a = pivot[col]!;
      const b = rows[r]![col]!;
      const next = rows[r]!.map((x, k) => a * x - b * pivot[k]!);
      const g = next.reduce((acc, x) => gcd(acc, x), 0n) || 1n;
      rows[r] = next.map((x) => x / g);
    }
    pivotRowOf[col] = rank;
    rank += 1;
  }
  const determined: string[] = [];
  for (let col = 0; col < width; col++) {
    const r = pivotRowOf[col];
    if (r === undefined) continue;
    if (rows[r]!.every((x, k) => k === col || x === 0n)) determined.push(names[col]!);
  }
  return determined;
}
