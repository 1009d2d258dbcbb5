import { suppressGroups, type CellReason, type GroupReason } from '../../analysis/suppress-groups.ts';
import { ApiError } from '../errors.ts';

export interface Thresholds {
  readonly minGroupSize: number;
  readonly minCellSize: number;
}

export interface Suppression {
  readonly suppressed: boolean;
  readonly reason: GroupReason | CellReason;
}

export interface TableRow {
  readonly key: string;
  readonly parent: string | null;
  readonly n: number;
  /** Counts in a fixed category order (the same for every row). */
  readonly cells: readonly number[];
}

/**
 * Which groups and cells of one table to hide (analysis/suppress-groups.ts does the deciding).
 * Rows whose children do not add up to them (the county also holds respondents of no municipality
 * of the county) get a hidden remainder child, so the sums the suppression protects are the real ones.
 */
export function suppressTable(
  rows: readonly TableRow[],
  options: { cellsAddUpToN: boolean },
  thresholds: Thresholds,
): Map<string, { group: Suppression; cells: Suppression[] }> {
  const k = rows[0]?.cells.length ?? 0;
  const input = rows.map((r) => ({ key: r.key, parent: r.parent, n: r.n, cells: Object.fromEntries(r.cells.map((c, i) => [String(i), c])) }));
  for (const row of rows) {
    const children = rows.filter((r) => r.parent === row.key);
    if (children.length === 0) continue;
    const n = row.n - children.reduce((s, c) => s + c.n, 0);
    const cells = row.cells.map((c, i) => c - children.reduce((s, child) => s + child.cells[i]!, 0));
    if (n !== 0 || cells.some((c) => c !== 0)) {
      input.push({ key: `${row.key}\u0000rest`, parent: row.key, n, cells: Object.fromEntries(cells.map((c, i) => [String(i), c])) });
    }
  }
  const result = suppressGroups(input, { ...thresholds, kind: options.cellsAddUpToN ? 'single' : 'multiple' });
  if (result.unresolved.length > 0) {
    // Never publish a table in which a hidden value could still be worked out.
    throw new ApiError(409, 'cannot_protect', 'this table cannot be shown without exposing a small group; narrow or widen the filters');
  }
  const out = new Map<string, { group: Suppression; cells: Suppression[] }>();
  for (const g of result.groups) {
    out.set(g.key, {
      group: { suppressed: g.suppressed, reason: g.reason },
      cells: Array.from({ length: k }, (_, i) => g.cells[String(i)] ?? { suppressed: false, reason: null }),
    });
  }
  return out;
}
