import { findDeterminedItems, type SumRelation } from './find-determined-items.ts';
import { invalid } from './invalid-input.ts';

export interface PlaceCount {
  code: string;
  area: string;
  /** Respondents of the whole survey (no filter) in the municipality. */
  n: number;
}

export interface UnitInput {
  /** The county's municipalities with their survey-level respondent counts. */
  municipalities: readonly PlaceCount[];
  /** Respondents of no municipality of the county (outside it, or none given). */
  rest: number;
  minGroupSize: number;
}

export type HiddenReason = 'small_group' | 'complementary';

/**
 * A publication unit: the finest set of respondents any published figure may separate.
 * - `municipality`: a visible municipality, published as itself;
 * - `block`: the hidden municipalities of one area, published only inside the area's total;
 * - `county-block`: the municipalities of hidden areas (with the rest of the county's respondents),
 *   published only inside the county's total;
 * - `rest`: respondents of no municipality of the county, published only inside the county's total.
 */
export interface PublicationUnit {
  key: string;
  kind: 'municipality' | 'block' | 'county-block' | 'rest';
  /** The area the unit lies in; null for the county-level units. */
  area: string | null;
  /** Municipality codes; the rest is the member `''`. */
  members: string[];
  n: number;
}

export interface PublicationPolicy {
  units: PublicationUnit[];
  /** Unit key per municipality code (and `''` for the rest). */
  unitOf: Map<string, string>;
  /** Municipalities never published on their own, and why. */
  hiddenMunicipalities: Map<string, HiddenReason>;
  /** Areas whose totals are never published, and why. */
  hiddenAreas: Map<string, HiddenReason>;
  /** The whole survey has fewer than minGroupSize respondents: nothing is published. */
  countyHidden: boolean;
}

export const REST = '';

const byN = (a: { n: number; key: string }, b: { n: number; key: string }) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Decides once, from the survey's own counts (no filter), which municipalities and areas are
 * published and which are merged into a block, so that every view of the survey shows place in
 * the same units and no published total, alone or with any other, isolates a small municipality.
 *
 * Per area: the municipalities with 0 < n < minGroupSize are hidden (primary). They form the area's
 * block, which is published only inside the area's total (area minus its visible members = the
 * block). A block must hold at least minGroupSize respondents in at least two non-empty
 * municipalities, so that neither its total nor any member follows from it; while it does not, the
 * smallest non-empty visible member joins it (secondary, "complementary"). An area that cannot form
 * such a block has its total hidden too, and its municipalities go into one county-level block with
 * the respondents of no municipality of the county; that block grows by whole areas, smallest first,
 * on the same rule. The rest (outside the county) is never hidden on its own account: it is not a
 * place the survey promises to protect, but it can serve as the county block's second member.
 *
 * The choice of which visible member joins a block depends only on the block's total and the
 * visible members' counts, so moving respondents between the hidden municipalities of a block
 * changes nothing that is published.
 *
 * This is primary and secondary cell suppression (Hundepool et al. 2012, Statistical Disclosure
 * Control, ch. 4) applied once, to the n table, with the extra rule that a suppressed set is
 * itself at least a group's size: the published table and all its filtered subsets then share one
 * suppression pattern (ch. 5 on linked tables), which is what makes the tables safe together.
 */
export function publicationUnits(input: UnitInput): PublicationPolicy {
  const fn = 'publicationUnits';
  const m = input.minGroupSize;
  if (!(Number.isFinite(m) && m >= 0)) invalid(fn, 'minGroupSize', 'a number ≥ 0', m);
  if (!(Number.isInteger(input.rest) && input.rest >= 0)) invalid(fn, 'rest', 'a whole number ≥ 0', input.rest);
  const seen = new Set<string>();
  for (const p of input.municipalities) {
    if (seen.has(p.code) || p.code === REST) invalid(fn, 'municipality codes', 'unique and non-empty', p.code);
    seen.add(p.code);
    if (!(Number.isInteger(p.n) && p.n >= 0)) invalid(fn, `n of municipality ${p.code}`, 'a whole number ≥ 0', p.n);
  }
  const areas = [...new Set(input.municipalities.map((p) => p.area))].sort();
  const hiddenMunicipalities = new Map<string, HiddenReason>();
  const hiddenAreas = new Map<string, HiddenReason>();
  const units: PublicationUnit[] = [];
  const areaTotal = new Map<string, number>();

  for (const area of areas) {
    const members = input.municipalities.filter((p) => p.area === area).map((p) => ({ key: p.code, n: p.n }));
    const total = members.reduce((s, p) => s + p.n, 0);
    areaTotal.set(area, total);
    const primary = members.filter((p) => p.n > 0 && p.n < m);
    if (primary.length === 0) continue;
    const block = [...primary];
    const candidates = members.filter((p) => !(p.n > 0 && p.n < m) && p.n > 0).sort(byN);
    const sum = () => block.reduce((s, p) => s + p.n, 0);
    while ((sum() < m || block.length < 2) && candidates.length > 0) block.push(candidates.shift()!);
    if (sum() >= m && block.length >= 2) {
      for (const p of block) hiddenMunicipalities.set(p.key, p.n < m ? 'small_group' : 'complementary');
    } else {
      hiddenAreas.set(area, total > 0 && total < m ? 'small_group' : 'complementary');
    }
  }

  // County level: the hidden areas and the rest, grown by whole areas until the block is safe.
  let countyHidden = false;
  const countyMembers = new Set<string>();
  if (hiddenAreas.size > 0) {
    const block = [...hiddenAreas.keys()].map((a) => ({ key: a, n: areaTotal.get(a)! }));
    if (input.rest > 0) block.push({ key: REST, n: input.rest });
    const candidates = areas.filter((a) => !hiddenAreas.has(a) && areaTotal.get(a)! > 0).map((a) => ({ key: a, n: areaTotal.get(a)! })).sort(byN);
    const sum = () => block.reduce((s, p) => s + p.n, 0);
    while ((sum() < m || block.filter((p) => p.n > 0).length < 2) && candidates.length > 0) {
      const next = candidates.shift()!;
      hiddenAreas.set(next.key, 'complementary');
      block.push(next);
    }
    if (sum() < m || block.filter((p) => p.n > 0).length < 2) countyHidden = true;
    for (const p of block) countyMembers.add(p.key);
    for (const area of hiddenAreas.keys()) {
      for (const p of input.municipalities.filter((x) => x.area === area)) {
        // A hidden area's members are hidden with it, whatever their own size (an empty one too:
        // its 0 is not published, so the area's other members cannot be told apart by it).
        hiddenMunicipalities.set(p.code, p.n > 0 && p.n < m ? 'small_group' : 'complementary');
      }
    }
  }

  const unitOf = new Map<string, string>();
  for (const area of areas) {
    const members = input.municipalities.filter((p) => p.area === area);
    if (hiddenAreas.has(area)) continue;
    const blockMembers = members.filter((p) => hiddenMunicipalities.has(p.code));
    for (const p of members) {
      if (hiddenMunicipalities.has(p.code)) continue;
      units.push({ key: p.code, kind: 'municipality', area, members: [p.code], n: p.n });
      unitOf.set(p.code, p.code);
    }
    if (blockMembers.length > 0) {
      const key = `block:${area}`;
      units.push({ key, kind: 'block', area, members: blockMembers.map((p) => p.code), n: blockMembers.reduce((s, p) => s + p.n, 0) });
      for (const p of blockMembers) unitOf.set(p.code, key);
    }
  }
  if (hiddenAreas.size > 0) {
    const members = input.municipalities.filter((p) => hiddenAreas.has(p.area)).map((p) => p.code);
    const withRest = countyMembers.has(REST) || input.rest === 0;
    const key = 'block:county';
    units.push({ key, kind: 'county-block', area: null, members: withRest ? [...members, REST] : members, n: input.municipalities.filter((p) => hiddenAreas.has(p.area)).reduce((s, p) => s + p.n, 0) + (withRest ? input.rest : 0) });
    for (const code of members) unitOf.set(code, key);
    if (withRest) unitOf.set(REST, key);
  }
  if (!unitOf.has(REST)) {
    units.push({ key: 'rest', kind: 'rest', area: null, members: [REST], n: input.rest });
    unitOf.set(REST, 'rest');
  }
  return { units, unitOf, hiddenMunicipalities, hiddenAreas, countyHidden };
}

/**
 * The exact audit: with the published counts (county, visible areas, visible municipalities, the
 * rest when it is its own unit), which hidden municipalities' n still follow by linear algebra.
 * Empty for every policy publicationUnits makes; a test and a check, not part of the deciding.
 */
export function determinedHiddenMunicipalities(input: UnitInput, policy: PublicationPolicy): string[] {
  const areas = [...new Set(input.municipalities.map((p) => p.area))].sort();
  // Items: 0 county, 1..A areas, then municipalities, then the rest.
  const items: string[] = ['county', ...areas.map((a) => `area:${a}`), ...input.municipalities.map((p) => p.code), REST];
  const id = new Map(items.map((k, i) => [k, i]));
  const relations: SumRelation[] = [
    { total: 0, members: [...areas.map((a) => id.get(`area:${a}`)!), id.get(REST)!] },
    ...areas.map((a) => ({ total: id.get(`area:${a}`)!, members: input.municipalities.filter((p) => p.area === a).map((p) => id.get(p.code)!) })),
  ];
  const hidden = items.map((k) => {
    if (k === 'county') return policy.countyHidden;
    if (k.startsWith('area:')) return policy.hiddenAreas.has(k.slice(5)) || policy.countyHidden;
    if (k === REST) return policy.unitOf.get(REST) !== 'rest' || policy.countyHidden;
    return policy.hiddenMunicipalities.has(k) || policy.countyHidden;
  });
  const determined = new Set(findDeterminedItems(items.length, relations, hidden));
  return input.municipalities.filter((p) => policy.hiddenMunicipalities.has(p.code) && determined.has(id.get(p.code)!)).map((p) => p.code);
}
