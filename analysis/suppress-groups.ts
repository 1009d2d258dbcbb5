import { findDeterminedItems, type SumRelation } from './find-determined-items.ts';
import { invalid, InvalidInputError } from './invalid-input.ts';

export interface GroupCounts {
  /** Unique key, e.g. `county`, `area:Oulunkaari`, `municipality:139`. */
  key: string;
  /** The key of the group this one is a part of (municipality → area → county); null at the top. */
  parent: string | null;
  /** Informational (`county`, `area`, `municipality`); the hierarchy comes from `parent`. */
  level?: string;
  /** Respondents in the group who answered the question. */
  n: number;
  /** Count per category; a category left out counts as 0. */
  cells: Readonly<Record<string, number>>;
}

export interface SuppressionOptions {
  /** A group with 0 < n < minGroupSize is hidden. Default 10. */
  minGroupSize?: number;
  /** A cell with 0 < count < minCellSize is hidden. Default 5. */
  minCellSize?: number;
  /** `single` checks that every group's cells add up to its n. Default `multiple` (no check). */
  kind?: 'single' | 'multiple';
}

export type GroupReason = 'small_group' | 'complementary' | null;
/** A hidden group's cells carry the group's reason; `small_cell` is a cell hidden for itself. */
export type CellReason = 'small_group' | 'small_cell' | 'complementary' | null;

export interface GroupSuppression {
  key: string;
  suppressed: boolean;
  reason: GroupReason;
  cells: Record<string, { suppressed: boolean; reason: CellReason }>;
}

export interface SuppressionResult {
  /** One per input group, in input order. */
  groups: GroupSuppression[];
  /**
   * Hidden items (`n:<key>` or `cell:<key>:<category>`) that could still be worked out and could not
   * be protected by hiding more (only in degenerate hierarchies, e.g. a value forced to 0 by the
   * relations themselves). Empty in every case the tests generate; a caller should treat a non-empty
   * list as a failure to publish.
   */
  unresolved: string[];
}

type Reason = 'small_group' | 'small_cell' | 'complementary';

/**
 * Decides which groups and cells of a results table must be hidden so that no small count is shown
 * and none can be worked out from what is shown.
 *
 * **Primary suppression.** A group with 0 < n < `minGroupSize` is hidden whole (n, every cell,
 * and so every percentage and interval). In the other groups a cell with 0 < count < `minCellSize` is
 * hidden. Zeros are shown: a 0 says that nobody in the group gave that answer and exposes no
 * respondent, and hiding every 0 would blank out most of a sparse municipality table. (An empty
 * group, n = 0, is likewise shown.)
 *
 * **The published relations** an attacker can use, each "total = Σ members":
 * - a parent's n = Σ its children's n (an area = its municipalities; the county = its areas);
 * - a parent's count in a category = Σ its children's counts in that category;
 * - a group's n = Σ its cells, for every group whose cells add up to its n (always for single choice,
 *   boolean and ratings with "can't say" as a category; for multiple choice only where it happens).
 *
 * **Complementary suppression** (iterative heuristic). Repeat until nothing changes: go through the
 * relations in a fixed order (parents' n, then parents' categories, then groups' own cells; groups
 * ordered by depth, then key; categories by code point) and, wherever a relation has exactly one
 * hidden item — so a subtraction would reveal it — hide one more of its items: the smallest non-zero
 * member (ties: the earlier), else a zero member, else the total. Hiding a group's n hides the whole
 * group (its cells too). Then an exact audit (`findDeterminedItems`) checks whether any hidden value
 * still follows from a *combination* of relations (e.g. a chain of subtractions across areas and
 * categories); for the first such value it hides one more item in a relation through it, and the
 * heuristic runs again, until the audit finds nothing. The result depends only on the input, not on
 * its order.
 *
 * **Limits.** It is a heuristic, not an optimal (least-loss) suppression. It prevents *exact*
 * recovery by linear relations among the values of this one table. It does not prevent narrowing a
 * hidden value to a range (counts are whole and ≥ 0, and a hidden cell may be known to be 1–4 if the
 * reason is published: show reasons only to staff), nor differencing between two tables — e.g. the
 * same question with and without a filter, or two overlapping groupings. Suppress every table the
 * same way from the full hierarchy (county, areas, municipalities together), hide all figures derived
 * from a hidden count (percentages, intervals, and a group's mean, median or top-two share when any of
 * its rating cells is hidden, since those are further linear relations), and apply the thresholds to
 * the filtered counts.
 *
 * Input requirements: keys unique, every parent present, no cycles; where a group has children, the
 * children's n and category counts add up to the parent's (respondents without a municipality belong
 * in an explicit "unknown" child, which is suppressed like any other group).
 *
 * Reference: L. Willenborg and T. de Waal (2001), Elements of Statistical Disclosure Control,
 * ch. 6–7; A. Hundepool et al. (2012), Statistical Disclosure Control, Wiley, ch. 4 (cell
 * suppression, primary and secondary).
 *
 * @example
 * suppressGroups([
 *   { key: 'A', parent: null, n: 30, cells: { yes: 20, no: 10 } },
 *   { key: 'a1', parent: 'A', n: 4, cells: { yes: 3, no: 1 } },
 *   { key: 'a2', parent: 'A', n: 12, cells: { yes: 8, no: 4 } },
 *   { key: 'a3', parent: 'A', n: 14, cells: { yes: 9, no: 5 } },
 * ], { kind: 'single' }).groups.map((g) => [g.key, g.reason]);
 * // => [['A', null], ['a1', 'small_group'], ['a2', 'complementary'], ['a3', null]]
 */
export function suppressGroups(groups: readonly GroupCounts[], options: SuppressionOptions = {}): SuppressionResult {
  const fn = 'suppressGroups';
  const minGroupSize = options.minGroupSize ?? 10;
  const minCellSize = options.minCellSize ?? 5;
  if (!(Number.isFinite(minGroupSize) && minGroupSize >= 0)) invalid(fn, 'minGroupSize', 'a number ≥ 0', minGroupSize);
  if (!(Number.isFinite(minCellSize) && minCellSize >= 0)) invalid(fn, 'minCellSize', 'a number ≥ 0', minCellSize);

  // Validate and order the hierarchy: by depth, then key.
  const byKey = new Map<string, GroupCounts>();
  for (const group of groups) {
    if (byKey.has(group.key)) invalid(fn, 'group keys', 'unique', group.key);
    byKey.set(group.key, group);
    if (!Number.isInteger(group.n) || group.n < 0) invalid(fn, `n of group ${JSON.stringify(group.key)}`, 'a whole number ≥ 0', group.n);
  }
  const depthOf = new Map<string, number>();
  const depth = (key: string, seen: Set<string>): number => {
    const known = depthOf.get(key);
    if (known !== undefined) return known;
    if (seen.has(key)) throw new InvalidInputError(fn, `the parents of group ${JSON.stringify(key)} form a cycle`);
    seen.add(key);
    const parent = byKey.get(key)!.parent;
    if (parent !== null && !byKey.has(parent)) {
      throw new InvalidInputError(fn, `group ${JSON.stringify(key)} has parent ${JSON.stringify(parent)}, which is not among the groups`);
    }
    const d = parent === null ? 0 : depth(parent, seen) + 1;
    depthOf.set(key, d);
    return d;
  };
  for (const group of groups) depth(group.key, new Set());
  const ordered = [...groups].sort((a, b) => depthOf.get(a.key)! - depthOf.get(b.key)! || compare(a.key, b.key));
  const categories = [...new Set(groups.flatMap((g) => Object.keys(g.cells)))].sort(compare);
  const width = categories.length + 1;
  const indexOf = new Map(ordered.map((g, i) => [g.key, i]));
  const nItem = (g: number): number => g * width;
  const cellItem = (g: number, c: number): number => g * width + 1 + c;
  const itemCount = ordered.length * width;

  const value = new Float64Array(itemCount);
  ordered.forEach((group, g) => {
    value[nItem(g)] = group.n;
    let sum = 0;
    categories.forEach((category, c) => {
      const count = group.cells[category] ?? 0;
      if (!Number.isInteger(count) || count < 0 || count > group.n) {
        invalid(fn, `count of ${JSON.stringify(category)} in group ${JSON.stringify(group.key)}`, `a whole number from 0 to n = ${group.n}`, count);
      }
      value[cellItem(g, c)] = count;
      sum += count;
    });
    if (options.kind === 'single' && sum !== group.n) {
      invalid(fn, `the sum of the counts of group ${JSON.stringify(group.key)}`, `its n = ${group.n} for a single-choice question`, sum);
    }
  });

  // The relations, in the order the heuristic visits them.
  const children = ordered.map(() => [] as number[]);
  ordered.forEach((group, g) => {
    if (group.parent !== null) children[indexOf.get(group.parent)!]!.push(g);
  });
  const relations: SumRelation[] = [];
  children.forEach((kids, p) => {
    if (kids.length === 0) return;
    const sum = kids.reduce((s, k) => s + value[nItem(k)]!, 0);
    if (sum !== value[nItem(p)]) {
      throw new InvalidInputError(
        fn,
        `the children of group ${JSON.stringify(ordered[p]!.key)} have n = ${sum} in all but it has n = ${value[nItem(p)]}; ` +
          'add a child group for the rest (e.g. municipality unknown)',
      );
    }
    relations.push({ total: nItem(p), members: kids.map(nItem) });
  });
  children.forEach((kids, p) => {
    if (kids.length === 0) return;
    categories.forEach((category, c) => {
      const sum = kids.reduce((s, k) => s + value[cellItem(k, c)]!, 0);
      if (sum !== value[cellItem(p, c)]) {
        throw new InvalidInputError(
          fn,
          `the children of group ${JSON.stringify(ordered[p]!.key)} have ${sum} in category ${JSON.stringify(category)} ` +
            `but it has ${value[cellItem(p, c)]}`,
        );
      }
      relations.push({ total: cellItem(p, c), members: kids.map((k) => cellItem(k, c)) });
    });
  });
  ordered.forEach((_, g) => {
    const cells = categories.map((_c, c) => cellItem(g, c));
    if (cells.length > 0 && cells.reduce((s, item) => s + value[item]!, 0) === value[nItem(g)]) {
      relations.push({ total: nItem(g), members: cells });
    }
  });
  const relationsOf = Array.from({ length: itemCount }, () => [] as number[]);
  relations.forEach((relation, r) => {
    relationsOf[relation.total]!.push(r);
    for (const member of relation.members) relationsOf[member]!.push(r);
  });

  const reason: (Reason | null)[] = new Array(itemCount).fill(null);
  const hideGroup = (g: number, why: 'small_group' | 'complementary'): void => {
    for (let item = nItem(g); item < nItem(g) + width; item++) reason[item] = why;
  };
  const hide = (item: number): void => {
    if (item % width === 0) hideGroup(item / width, 'complementary');
    else reason[item] = 'complementary';
  };
  const hiddenIn = (relation: SumRelation): number =>
    (reason[relation.total] ? 1 : 0) + relation.members.reduce((s, m) => s + (reason[m] ? 1 : 0), 0);
  // The item to hide next in a relation: smallest non-zero member, then a zero member, then the total.
  const complementIn = (relation: SumRelation): number | null => {
    let best: number | null = null;
    for (const member of relation.members) {
      if (reason[member]) continue;
      if (best === null) best = member;
      else {
        const [v, b] = [value[member]!, value[best]!];
        if ((v > 0 && (b === 0 || v < b))) best = member;
      }
    }
    if (best !== null) return best;
    return reason[relation.total] ? null : relation.total;
  };

  // Primary suppression.
  ordered.forEach((group, g) => {
    if (group.n > 0 && group.n < minGroupSize) {
      hideGroup(g, 'small_group');
      return;
    }
    categories.forEach((_, c) => {
      const count = value[cellItem(g, c)]!;
      if (count > 0 && count < minCellSize) reason[cellItem(g, c)] = 'small_cell';
    });
  });

  // Complementary suppression: the one-subtraction heuristic, then the exact audit, until both pass.
  const unresolved = new Set<number>();
  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const relation of relations) {
        if (hiddenIn(relation) !== 1) continue;
        const item = complementIn(relation);
        if (item !== null) {
          hide(item);
          changed = true;
        }
      }
    }
    const determined = findDeterminedItems(itemCount, relations, reason.map((r) => r !== null)).filter(
      (item) => !unresolved.has(item),
    );
    if (determined.length === 0) break;
    const item = determined[0]!;
    const extra = protectingItem(item, relations, relationsOf, (i) => reason[i] !== null, complementIn, hiddenIn);
    if (extra === null) unresolved.add(item);
    else hide(extra);
  }

  const results = new Map<string, GroupSuppression>();
  ordered.forEach((group, g) => {
    const why = reason[nItem(g)] as GroupReason;
    const cells: GroupSuppression['cells'] = {};
    categories.forEach((category, c) => {
      const cellReason = reason[cellItem(g, c)] ?? null;
      cells[category] = { suppressed: cellReason !== null, reason: cellReason };
    });
    results.set(group.key, { key: group.key, suppressed: why !== null, reason: why, cells });
  });
  const name = (item: number): string => {
    const group = ordered[Math.floor(item / width)]!.key;
    return item % width === 0 ? `n:${group}` : `cell:${group}:${categories[(item % width) - 1]}`;
  };
  return { groups: groups.map((group) => results.get(group.key)!), unresolved: [...unresolved].map(name) };
}

/**
 * An item to hide so that `item` is no longer determined: in the relations through it (those with the
 * fewest hidden items first), the complement the heuristic would choose; if all of those are hidden
 * already, look one relation further, through their hidden items.
 */
function protectingItem(
  item: number,
  relations: readonly SumRelation[],
  relationsOf: readonly (readonly number[])[],
  isHidden: (item: number) => boolean,
  complementIn: (relation: SumRelation) => number | null,
  hiddenIn: (relation: SumRelation) => number,
): number | null {
  const seenItems = new Set<number>([item]);
  const seenRelations = new Set<number>();
  let frontier = [item];
  while (frontier.length > 0) {
    const around = [...new Set(frontier.flatMap((i) => relationsOf[i]!))]
      .filter((r) => !seenRelations.has(r))
      .sort((a, b) => hiddenIn(relations[a]!) - hiddenIn(relations[b]!) || a - b);
    for (const r of around) {
      seenRelations.add(r);
      const choice = complementIn(relations[r]!);
      if (choice !== null) return choice;
    }
    const next: number[] = [];
    for (const r of around) {
      const relation = relations[r]!;
      for (const other of [relation.total, ...relation.members]) {
        if (isHidden(other) && !seenItems.has(other)) {
          seenItems.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
