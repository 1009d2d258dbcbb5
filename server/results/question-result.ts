import { describeNumbers, type NumberSummary } from '../../analysis/describe-numbers.ts';
import { describeRating } from '../../analysis/describe-rating.ts';
import { tabulateChoices } from '../../analysis/tabulate-choices.ts';
import type { Interval } from '../../analysis/wilson-interval.ts';
import type { LocalizedText } from '../surveys/envelope.ts';
import { sumOver, type Group } from './groups.ts';
import { yieldToLoop, type ResponseIndex } from './response-index.ts';
import { suppressByUnits, type Disclosure, type ViewerCounty } from './disclosure.ts';
import type { Thresholds } from './suppression.ts';
import { collectNumbers, tallyCategories, tallyPresence, tallyRanks } from './tally.ts';
import type { CategoryFigure, GroupFigures } from './schemas.ts';
import type { Variable } from './variables.ts';
import { tallyCells, weightedCategoryFigure, weightedMeanFigure, type VarianceVariant } from './weighted.ts';
import type { WeightsEntry } from './weighting.ts';

// One group's figures are the API's shape itself (./schemas.ts), not a look-alike.
export type { CategoryFigure, GroupFigures };

const labelOf = (variable: Variable, value: string): LocalizedText => variable.categories.find((c) => c.value === value)?.label ?? value;

/**
 * One variable's figures for every group of the hierarchy, narrowed to the groups asked for. Place
 * follows the survey's disclosure policy (the same groups hidden in every view, whatever the
 * filter); cells are suppressed over the whole table of publication units.
 */
export async function questionFigures(
  index: ResponseIndex,
  variable: Variable,
  keep: Uint8Array,
  allGroups: readonly Group[],
  chosen: readonly Group[],
  disclosure: Disclosure,
  thresholds: Thresholds,
  weights: Float64Array | null,
  /** The weighting the weights come from, and which variance the weighted intervals use. */
  weighting: { entry: WeightsEntry; variant: VarianceVariant } | null = null,
  /**
   * Categories hidden in every group, with the reason: the municipality question's answers that are
   * municipalities the disclosure policy hides (its county row would otherwise count each of them).
   * Safe to hide after the cell suppression: a block has at least two non-empty members, so a row's
   * n minus its shown cells gives only the block's total.
   */
  hiddenValues: ReadonlyMap<string, 'small_group' | 'complementary'> | null = null,
  /** A scoped viewer's county comparison, checked against what the county minus their places would tell. */
  viewer: ViewerCounty | null = null,
): Promise<GroupFigures[]> {
  const slots = allGroups[0]!.slots.length;
  const column = index.columns.get(variable.key);
  const wanted = new Set(chosen.map((g) => g.key));
  const base = (g: Group) => ({ key: g.key, level: g.level, label: g.label, parent: g.parent });

  if (!column) return chosen.map((g) => ({ ...base(g), n: 0, suppressed: true, suppression: 'small_group' as const }));

  if (column.kind === 'codes' || column.kind === 'masks') {
    // Passes over every response, in slices with turns of the loop between (tally.ts inSlices).
    const tally = await tallyCategories(index, column, keep, slots, weights, disclosure.unitFirstSlot);
    const cellTally = weights && weighting ? await tallyCells(weighting.entry, column, keep) : null;
    // Categories in the form's order, then any value only the data has (an old choice).
    const values = [...variable.categories.map((c) => c.value)];
    for (const v of tally.categories) if (!values.includes(v)) values.push(v);
    const k = tally.categories.length;
    const position = values.map((v) => tally.categories.indexOf(v));
    const perGroup = allGroups.map((g) => {
      const sums = sumOver(tally.counts, k, g.slots);
      return { group: g, n: g.slots.reduce((s, slot) => s + tally.n[slot]!, 0), cells: position.map((p) => (p < 0 ? 0 : sums[p]!)) };
    });
    // The place question's answers are themselves places: its table is of publication units too.
    // The answers naming a block's hidden members are one column (the block), so which cells the
    // suppression hides depends on the block's counts, never on how they split among its members
    // (those columns are hidden whatever the suppression decides, below).
    const columnOf: number[] = [];
    const mergedColumn = new Map<string, number>();
    let columns = 0;
    values.forEach((v) => {
      const unit = hiddenValues?.has(v) ? (disclosure.policy.unitOf.get(v) ?? v) : null;
      if (unit === null) columnOf.push(columns++);
      else {
        if (!mergedColumn.has(unit)) mergedColumn.set(unit, columns++);
        columnOf.push(mergedColumn.get(unit)!);
      }
    });
    const valuesOf = (slots: readonly number[]) => {
      const sums = sumOver(tally.counts, k, slots);
      const cells: number[] = new Array<number>(columns).fill(0);
      position.forEach((p, i) => {
        if (p >= 0) cells[columnOf[i]!]! += sums[p]!;
      });
      return { n: slots.reduce((s, slot) => s + tally.n[slot]!, 0), cells };
    };
    const suppression = suppressByUnits(disclosure, allGroups, valuesOf, { cellsAddUpToN: column.kind === 'codes' }, thresholds, viewer);
    // A rating's score per category of the tally (the cell tally's order); null: not on the scale.
    const scoreOfCode = tally.categories.map((v) => {
      if (variable.categories.find((c) => c.value === v)?.nonSubstantive) return null;
      const score = Number(v);
      return v.trim() !== '' && Number.isFinite(score) ? score : null;
    });
    const figureOf = ({ group, n, cells }: (typeof perGroup)[number]): GroupFigures => {
      const s = suppression.get(group.key)!;
      if (s.group.suppressed) return { ...base(group), n: null, suppressed: true, suppression: s.group.reason, categories: [] };
      const table = tabulateChoices(
        { n, counts: Object.fromEntries(values.map((v, i) => [v, cells[i]!])), categories: values.map((v) => ({ value: v, label: v })) },
        { kind: column.kind === 'codes' ? 'single' : 'multiple' },
      );
      const weighted = weights && tally.weighted && weighting && cellTally ? tally.weighted : null;
      const categories: CategoryFigure[] = table.categories.map((c, i) => {
        const policy = hiddenValues?.get(c.value);
        const cell = policy ? { suppressed: true, reason: policy } : s.cells[columnOf[i]!]!;
        const p = position[i]!;
        return {
          value: c.value,
          label: labelOf(variable, c.value),
          count: cell.suppressed ? null : c.count,
          percent: cell.suppressed ? null : c.percent,
          ci: cell.suppressed ? null : c.ci,
          suppressed: cell.suppressed,
          suppression: cell.reason,
          ...(weighted ? { weighted: cell.suppressed || p < 0 ? null : weightedCategoryFigure(weighting!.entry, cellTally!, p, group.slots, weighting!.variant) } : {}),
        };
      });
      const anyHidden = categories.some((c) => c.suppressed);
      const figures: GroupFigures = { ...base(group), n, suppressed: false, suppression: null, categories };
      // Weighted sums are kept per unit (at its first slot, see tallyCategories): each unit counted once.
      if (weighted) figures.weightedN = [...new Set(group.slots.map((slot) => disclosure.unitFirstSlot[slot]!))].reduce((sum, at) => sum + weighted.sumW[at]!, 0);
      if (variable.kind === 'rating') {
        // Mean, median and top-two add equations a hidden cell could be solved from: shown only when no cell is hidden.
        const summary = anyHidden
          ? null
          : describeRating({
              n,
              counts: Object.fromEntries(values.map((v, i) => [v, cells[i]!])),
              categories: values.map((v) => ({ value: v, label: v, score: variable.categories.find((c) => c.value === v)?.nonSubstantive ? null : Number(v) })),
            });
        figures.rating = summary
          ? { mean: summary.mean, median: summary.median, cantSay: summary.cantSay, topTwo: summary.topTwo ? { percent: summary.topTwo.percent, ci: summary.topTwo.ci } : null }
          : null;
        // Beside weighted percentages the mean is weighted too, from the same design and variance.
        if (figures.rating && weighted) figures.rating.weighted = weightedMeanFigure(weighting!.entry, cellTally!, scoreOfCode, group.slots, weighting!.variant);
      }
      return figures;
    };
    const out: GroupFigures[] = [];
    for (const x of perGroup) {
      if (!wanted.has(x.group.key)) continue;
      // Weighted figures are sums over the weighting cells per group and category (tens of
      // milliseconds for every municipality): a turn of the loop between groups.
      if (weights && out.length > 0) await yieldToLoop();
      out.push(figureOf(x));
    }
    return out;
  }

  if (column.kind === 'numbers') {
    const perSlot = await collectNumbers(index, column.data, keep, slots);
    const perGroup = allGroups.map((g) => ({ group: g, values: g.slots.flatMap((slot) => perSlot[slot]!) }));
    const suppression = suppressByUnits(disclosure, allGroups, (s) => ({ n: s.reduce((sum, slot) => sum + perSlot[slot]!.length, 0), cells: [] }), { cellsAddUpToN: false }, thresholds, viewer);
    return perGroup
      .filter((x) => wanted.has(x.group.key))
      .map(({ group, values }) => {
        const s = suppression.get(group.key)!.group;
        if (s.suppressed) return { ...base(group), n: null, suppressed: true, suppression: s.reason, numbers: null };
        // A shown place with fewer answers than a group: its minimum, maximum and median would be
        // single answers, so its statistics are withheld (its count follows from the others anyway).
        if (values.length > 0 && values.length < thresholds.minGroupSize) return { ...base(group), n: null, suppressed: true, suppression: 'small_group' as const, numbers: null };
        return { ...base(group), n: values.length, suppressed: false, suppression: null, numbers: describeNumbers(values) };
      });
  }

  if (column.kind === 'ranks') {
    const t = await tallyRanks(index, column, keep, slots);
    const k = t.items.length;
    const perGroup = allGroups.map((g) => ({ group: g, n: g.slots.reduce((s, slot) => s + t.n[slot]!, 0) }));
    const suppression = suppressByUnits(disclosure, allGroups, (s) => ({ n: s.reduce((sum, slot) => sum + t.n[slot]!, 0), cells: [] }), { cellsAddUpToN: false }, thresholds, viewer);
    return perGroup
      .filter((x) => wanted.has(x.group.key))
      .map(({ group, n }) => {
        const s = suppression.get(group.key)!.group;
        if (s.suppressed) return { ...base(group), n: null, suppressed: true, suppression: s.reason, ranking: null };
        if (n > 0 && n < thresholds.minGroupSize) return { ...base(group), n: null, suppressed: true, suppression: 'small_group' as const, ranking: null };
        const ranked = sumOver(t.ranked, k, group.slots);
        const first = sumOver(t.first, k, group.slots);
        const positions = sumOver(t.positionSum, k, group.slots);
        const ranking = t.items
          .map((item, c) => ({
            value: item,
            label: labelOf(variable, item),
            ranked: ranked[c]!,
            meanPosition: ranked[c]! > 0 ? positions[c]! / ranked[c]! : null,
            firstPercent: n > 0 ? (100 * first[c]!) / n : null,
          }))
          .sort((a, b) => (a.meanPosition ?? Infinity) - (b.meanPosition ?? Infinity));
        return { ...base(group), n, suppressed: false, suppression: null, ranking };
      });
  }

  // Open text: only how many answered (the texts are listed, never tabulated).
  const n = await tallyPresence(index, column.data, keep, slots);
  const perGroup = allGroups.map((g) => ({ group: g, n: g.slots.reduce((s, slot) => s + n[slot]!, 0) }));
  const suppression = suppressByUnits(disclosure, allGroups, (s) => ({ n: s.reduce((sum, slot) => sum + n[slot]!, 0), cells: [] }), { cellsAddUpToN: false }, thresholds, viewer);
  return perGroup
    .filter((x) => wanted.has(x.group.key))
    .map(({ group, n: count }) => {
      const s = suppression.get(group.key)!.group;
      return { ...base(group), n: s.suppressed ? null : count, suppressed: s.suppressed, suppression: s.reason };
    });
}
