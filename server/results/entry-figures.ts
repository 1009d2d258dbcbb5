import { clusteredRatio, type ClusterTotals } from '../../analysis/clustered-ratio.ts';
import type { AnswerCell } from '../../db/results.ts';
import type { LocalizedText } from '../surveys/envelope.ts';
import { COUNTY_KEY, type Group } from './groups.ts';
import type { Disclosure, ViewerCounty } from './disclosure.ts';
import type { ResponseIndex } from './response-index.ts';
import type { EntryFigures } from './schemas.ts';
import type { Thresholds } from './suppression.ts';
import type { Variable } from './variables.ts';

export type { EntryFigures };

/** What one response has in one inner question: per category how many of its entries, or the sum of its numbers. */
interface EntryTotals {
  readonly counts: Map<string, number>;
  entries: number;
  sum: number;
}

const idRows = new WeakMap<ResponseIndex, { size: number; rows: Map<string, number> }>();

/** Response id → index row, kept per index while it does not grow. */
function rowsOfIds(index: ResponseIndex): Map<string, number> {
  const cached = idRows.get(index);
  if (cached && cached.size === index.size) return cached.rows;
  const rows = new Map<string, number>();
  for (let r = 0; r < index.size; r++) rows.set(index.idAt(r), r);
  idRows.set(index, { size: index.size, rows });
  return rows;
}

const small = (x: number, min: number) => x > 0 && x < min;

/**
 * The figures of a dynamic matrix's column or a dynamic panel's question read per row (or panel):
 * the share of rows in each category, or the mean per row, with the number of rows and of
 * respondents, and a 95% interval with the respondent as the cluster (analysis/clustered-ratio.ts:
 * rows of one respondent are not independent). In a weighted view each row carries its
 * respondent's weight.
 *
 * Disclosure counts respondents, never rows: one respondent with twenty rows in a category is one
 * person. The per-row figures are published only when the per-respondent table would hide nothing
 * in any unit the suppression protects (county, visible areas, every publication unit, a scoped
 * viewer's county complement): every category is chosen by no respondent or by at least a cell's
 * worth, and each unit has no respondents or at least a group's. Otherwise they are withheld in every
 * group (`withheld` says why), because a row count beside hidden respondent cells would be one more
 * sum a hidden cell could be worked out from. A group the disclosure policy hides has none.
 */
export function entryFigures(
  index: ResponseIndex,
  variable: Variable,
  answers: readonly Pick<AnswerCell, 'response_id' | 'value' | 'num'>[],
  keep: Uint8Array,
  allGroups: readonly Group[],
  chosen: readonly Group[],
  disclosure: Disclosure,
  thresholds: Thresholds,
  weights: Float64Array | null,
  viewer: ViewerCounty | null = null,
): Map<string, EntryFigures> {
  const unit = variable.entries?.unit ?? 'row';
  const numeric = variable.kind === 'number';
  const rowOf = rowsOfIds(index);
  const perResponse = new Map<number, EntryTotals>();
  for (const a of answers) {
    const row = rowOf.get(a.response_id);
    if (row === undefined || !keep[row]) continue;
    let t = perResponse.get(row);
    if (!t) perResponse.set(row, (t = { counts: new Map(), entries: 0, sum: 0 }));
    if (numeric) {
      const value = a.num ?? Number(a.value);
      if (!Number.isFinite(value)) continue;
      t.sum += value;
    } else {
      t.counts.set(a.value, (t.counts.get(a.value) ?? 0) + 1);
    }
    t.entries += 1;
  }
  const values = [...variable.categories.map((c) => c.value)];
  for (const t of perResponse.values()) for (const v of t.counts.keys()) if (!values.includes(v)) values.push(v);

  // Per municipality slot, its respondents' totals.
  const bySlot = new Map<number, EntryTotals[]>();
  for (const [row, t] of perResponse) {
    if (t.entries === 0) continue;
    const slot = index.municipality[row]!;
    const list = bySlot.get(slot) ?? [];
    list.push(t);
    bySlot.set(slot, list);
  }
  const weightOf = new Map<EntryTotals, number>();
  for (const [row, t] of perResponse) weightOf.set(t, weights ? weights[row]! : 1);
  const totalsOf = (slots: readonly number[]) => slots.flatMap((s) => bySlot.get(s) ?? []);

  // Respondents per category in each unit the suppression protects.
  const protectedSets: (readonly number[])[] = [allGroups.find((g) => g.key === COUNTY_KEY)!.slots];
  for (const g of allGroups) if (g.level === 'area' && !disclosure.hiddenGroups.has(g.key)) protectedSets.push(g.slots);
  protectedSets.push(...disclosure.unitSlots);
  let withheld: EntryFigures['withheld'] = disclosure.policy.countyHidden ? 'small_group' : null;
  if (viewer?.refused) withheld = 'complementary';
  else if (viewer) protectedSets.push(viewer.complement);
  for (const slots of protectedSets) {
    if (withheld) break;
    const totals = totalsOf(slots);
    if (small(totals.length, thresholds.minGroupSize)) withheld = 'small_group';
    else if (!numeric && values.some((v) => small(totals.filter((t) => (t.counts.get(v) ?? 0) > 0).length, thresholds.minCellSize))) withheld = 'small_cell';
  }

  const out = new Map<string, EntryFigures>();
  for (const g of chosen) {
    const hidden = disclosure.hiddenGroups.get(g.key);
    const reason = hidden ?? withheld;
    const totals = totalsOf(g.slots);
    const rows = totals.reduce((s, t) => s + t.entries, 0);
    if (reason || totals.length === 0) {
      out.set(g.key, { unit, rows: reason ? null : 0, respondents: reason ? null : 0, withheld: reason ?? null, categories: numeric ? null : [], mean: null });
      continue;
    }
    const clusters = (sum: (t: EntryTotals) => number): ClusterTotals[] => totals.map((t) => ({ sum: sum(t), entries: t.entries, weight: weightOf.get(t)! }));
    if (numeric) {
      const r = clusteredRatio(clusters((t) => t.sum));
      out.set(g.key, { unit, rows, respondents: totals.length, withheld: null, categories: null, mean: { value: r.estimate, se: r.se, ci: r.ci } });
      continue;
    }
    const labelOf = (v: string): LocalizedText => variable.categories.find((c) => c.value === v)?.label ?? v;
    const categories = values.map((v) => {
      const r = clusteredRatio(clusters((t) => t.counts.get(v) ?? 0));
      const count = totals.reduce((s, t) => s + (t.counts.get(v) ?? 0), 0);
      const clamp = (x: number) => Math.min(100, Math.max(0, 100 * x));
      return {
        value: v,
        label: labelOf(v),
        count,
        respondents: totals.filter((t) => (t.counts.get(v) ?? 0) > 0).length,
        percent: 100 * r.estimate,
        se: r.se === null ? null : 100 * r.se,
        ci: r.ci ? { lower: clamp(r.ci.lower), upper: clamp(r.ci.upper) } : null,
      };
    });
    out.set(g.key, { unit, rows, respondents: totals.length, withheld: null, categories, mean: null });
  }
  return out;
}
