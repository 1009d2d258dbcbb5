import { publicationUnits, REST, type HiddenReason, type PublicationPolicy, type PublicationUnit } from '../../analysis/publication-units.ts';
import type { GroupReason, CellReason } from '../../analysis/suppress-groups.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import type { SurveyMeta } from '../surveys/envelope.ts';
import { COUNTY_KEY, type Group } from './groups.ts';
import { CHANNELS, type ResponseIndex } from './response-index.ts';
import { suppressTable, type Suppression, type Thresholds } from './suppression.ts';
import { inSlices, type Selection } from './tally.ts';

/**
 * The survey's one disclosure policy for one data version: its publication units (visible
 * municipalities, blocks of hidden ones, the rest) decided from the survey's own counts, with the
 * municipality slots of each. Every view reads place through it, so the places a figure may
 * separate are the same whatever the view, filter, weighting or role.
 */
export interface Disclosure {
  readonly policy: PublicationPolicy;
  readonly units: readonly PublicationUnit[];
  /** Per municipality slot (0: none of the county's), the index of its unit in `units`. */
  readonly unitOfSlot: Int32Array;
  /** Per unit, its slots. */
  readonly unitSlots: readonly (readonly number[])[];
  /** Groups (county, area, municipality keys) never published, with the reason. */
  readonly hiddenGroups: ReadonlyMap<string, HiddenReason>;
  /** Per slot, 1 when the municipality is hidden (inside a block). */
  readonly hiddenSlot: Uint8Array;
  /**
   * Per slot, the first slot of its unit: where sums over the unit are kept, so that they come out
   * the same, to the last bit, however the unit's respondents are spread over its members.
   */
  readonly unitFirstSlot: Int32Array;
}

const cache = new WeakMap<ResponseIndex, { size: number; thresholds: string; disclosure: Disclosure }>();

/**
 * The policy of an index's data as it is now: decided once per data version (the index's size;
 * a deletion makes a new index) and thresholds, then shared by every request.
 */
export function disclosureOf(index: ResponseIndex, geography: Geography, thresholds: Thresholds): Disclosure {
  const key = `${thresholds.minGroupSize}`;
  const cached = cache.get(index);
  if (cached && cached.size === index.size && cached.thresholds === key) return cached.disclosure;
  // The index counts its rows per slot as they arrive (no pass over a million rows per data version).
  const perSlot = index.perSlot.responses.slice(0, geography.municipalities.length + 1);
  const disclosure = decide(geography, perSlot, thresholds.minGroupSize);
  cache.set(index, { size: index.size, thresholds: key, disclosure });
  return disclosure;
}

/** The policy for survey-level counts per slot (exported for tests). */
export function decide(geography: Geography, perSlot: ArrayLike<number>, minGroupSize: number): Disclosure {
  const policy = publicationUnits({
    municipalities: geography.municipalities.map((m, i) => ({ code: m.code, area: m.area, n: perSlot[i + 1]! })),
    rest: perSlot[0]!,
    minGroupSize,
  });
  const slotOf = new Map<string, number>(geography.municipalities.map((m, i) => [m.code, i + 1]));
  slotOf.set(REST, 0);
  const unitIndex = new Map(policy.units.map((u, i) => [u.key, i]));
  const unitOfSlot = new Int32Array(geography.municipalities.length + 1);
  const unitSlots = policy.units.map((u) => u.members.map((code) => slotOf.get(code)!));
  for (const [code, unit] of policy.unitOf) unitOfSlot[slotOf.get(code)!] = unitIndex.get(unit)!;
  const hiddenGroups = new Map<string, HiddenReason>();
  if (policy.countyHidden) hiddenGroups.set(COUNTY_KEY, 'small_group');
  for (const [area, why] of policy.hiddenAreas) hiddenGroups.set(area, policy.countyHidden ? 'small_group' : why);
  for (const [code, why] of policy.hiddenMunicipalities) hiddenGroups.set(code, policy.countyHidden ? 'small_group' : why);
  if (policy.countyHidden) for (const m of geography.municipalities) if (!hiddenGroups.has(m.code)) hiddenGroups.set(m.code, 'small_group');
  if (policy.countyHidden) for (const a of geography.areas) if (!hiddenGroups.has(a)) hiddenGroups.set(a, 'small_group');
  const hiddenSlot = new Uint8Array(geography.municipalities.length + 1);
  geography.municipalities.forEach((m, i) => {
    if (hiddenGroups.has(m.code)) hiddenSlot[i + 1] = 1;
  });
  const unitFirstSlot = new Int32Array(geography.municipalities.length + 1);
  for (let slot = 0; slot < unitFirstSlot.length; slot++) unitFirstSlot[slot] = Math.min(...unitSlots[unitOfSlot[slot]!]!);
  return { policy, units: policy.units, unitOfSlot, unitSlots, hiddenGroups, hiddenSlot, unitFirstSlot };
}

export interface UnitValues {
  n: number;
  /** Counts in one category order, the same for every set of slots. */
  cells: readonly number[];
}

export type Verdict = { group: Suppression; cells: Suppression[] };

/**
 * Which groups and cells of one table to hide. Place follows the policy alone: a group the policy
 * hides is hidden (and its cells), every other group is shown, whatever its count in this table.
 * Within what is shown, cells under minCellSize are hidden, with complementary cells so that none
 * follows from the published totals, over the table of units (county, visible areas, visible
 * municipalities, blocks, the rest): a block's figures are never published, but they follow from
 * its area's minus its visible members', so the suppression must treat them as published.
 */
export function suppressByUnits(
  disclosure: Disclosure,
  groups: readonly Group[],
  values: (slots: readonly number[]) => UnitValues,
  options: { cellsAddUpToN: boolean },
  thresholds: Thresholds,
  /** A scoped viewer shown the county beside their places (viewerCounty): its figure is checked too. */
  viewer: ViewerCounty | null = null,
): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  const k = values([]).cells.length;
  const hiddenVerdict = (why: HiddenReason): Verdict => ({
    group: { suppressed: true, reason: why },
    cells: Array.from({ length: k }, () => ({ suppressed: true, reason: why })),
  });
  if (disclosure.policy.countyHidden) {
    for (const g of groups) out.set(g.key, hiddenVerdict('small_group'));
    return out;
  }
  const rows: { key: string; parent: string | null; n: number; cells: readonly number[] }[] = [];
  const county = groups.find((g) => g.level === 'county')!;
  rows.push({ key: COUNTY_KEY, parent: null, ...values(county.slots) });
  for (const g of groups) {
    if (g.level === 'area' && !disclosure.hiddenGroups.has(g.key)) rows.push({ key: g.key, parent: COUNTY_KEY, ...values(g.slots) });
  }
  disclosure.units.forEach((unit, i) => {
    const parent = unit.area !== null && !disclosure.hiddenGroups.has(unit.area) ? unit.area : COUNTY_KEY;
    // A unit's key is its municipality's (a visible one) or a name no group has.
    const key = unit.kind === 'municipality' ? unit.key : `\u0000${unit.key}`;
    rows.push({ key, parent, ...values(disclosure.unitSlots[i]!) });
  });
  // Groups are never hidden for their size here: the policy did that once for all views.
  const verdicts = suppressTable(rows, options, { minGroupSize: 0, minCellSize: thresholds.minCellSize });
  for (const g of groups) {
    const why = disclosure.hiddenGroups.get(g.key);
    if (why) out.set(g.key, hiddenVerdict(why));
    else out.set(g.key, verdicts.get(g.key)!);
  }
  if (viewer && out.has(COUNTY_KEY) && !out.get(COUNTY_KEY)!.group.suppressed) {
    // The county minus the viewer's places is a figure of the places outside their scope: it must
    // be a figure the policy would publish (0 or a group; every cell 0 or at least a cell), or the
    // county's figure is hidden for this viewer as complementary to it.
    const rest = viewer.refused ? null : values(viewer.complement);
    const small = (x: number, min: number) => x > 0 && x < min;
    if (rest === null || small(rest.n, thresholds.minGroupSize) || rest.cells.some((c) => small(c, thresholds.minCellSize))) {
      out.set(COUNTY_KEY, hiddenVerdict('complementary'));
    }
  }
  return out;
}

/**
 * What a viewer's county comparison is checked against: the municipality slots outside every
 * group they see published (the county minus those groups is this complement's figure), or
 * `refused` with why, when that complement is itself a place.
 */
export interface ViewerCounty {
  readonly complement: readonly number[];
  readonly refused: string | null;
}

/**
 * Whether a scoped viewer may see the county's figure beside their places (the survey's
 * `disclosure.viewerCountyComparison`), and against what each table's county figure is checked.
 * The viewer sees their visible municipalities and areas; the county minus those is everything
 * else, which must not be one place: it must hold at least two places (areas, the county's block of
 * hidden areas, the respondents of no municipality of the county) of at least a group each, or a
 * subtraction would give that one place's figures. Decided, like the policy, from the survey's own
 * counts; each table then checks the complement's own n and cells (suppressByUnits).
 */
export function viewerCounty(disclosure: Disclosure, geography: Geography, groups: readonly Group[], scope: { municipalities: ReadonlySet<string>; areas: ReadonlySet<string> }, minGroupSize: number): ViewerCounty {
  const seen = new Uint8Array(geography.municipalities.length + 1);
  for (const g of groups) {
    if (g.level === 'county' || disclosure.hiddenGroups.has(g.key)) continue;
    const mine = g.level === 'area' ? scope.areas.has(g.key) : scope.municipalities.has(g.key);
    if (mine) for (const slot of g.slots) seen[slot] = 1;
  }
  const complement: number[] = [];
  for (let slot = 0; slot < seen.length; slot++) if (!seen[slot]) complement.push(slot);
  // Units are whole inside or outside what the viewer sees (a block is inside its area, hidden
  // members are never seen alone), so the complement's places are its units' areas.
  const places = new Map<string, number>();
  disclosure.units.forEach((unit, i) => {
    if (seen[disclosure.unitSlots[i]![0]!]) return;
    const place = unit.area ?? `\u0000${unit.kind}`;
    places.set(place, (places.get(place) ?? 0) + unit.n);
  });
  const big = [...places.values()].filter((n) => n >= minGroupSize).length;
  const refused = big >= 2 ? null : 'the county minus your places would be the figure of one other place';
  return { complement, refused };
}

/** The reason types the API carries, for callers that mix them. */
export type Reason = GroupReason | CellReason;

/**
 * The slots a scoped viewer's counts may cover: their visible municipalities, and a block only
 * when all its members are theirs (a partial block would publish a hidden member's count).
 * Null scope: every slot.
 */
export function scopedSlots(disclosure: Disclosure, geography: Geography, municipalities: ReadonlySet<string> | null): Uint8Array {
  const visible = new Uint8Array(geography.municipalities.length + 1);
  if (municipalities === null) return visible.fill(1);
  disclosure.units.forEach((unit, i) => {
    if (unit.kind === 'rest') return;
    const slots = disclosure.unitSlots[i]!;
    if (unit.members.filter((c) => c !== REST).every((c) => municipalities.has(c)) && !unit.members.includes(REST)) for (const s of slots) visible[s] = 1;
  });
  return visible;
}

// At most this many cells (units × combinations of the filters' answers) are counted for a check.
const MAX_ATOMS = 1 << 20;

/**
 * Refuses a selection that would make a small group: every combination of the filtered
 * questions' answers ("not answered" included; for a multiple choice, which of the filter's
 * options were picked), and of channel and time window when they are selected, must have 0 or at
 * least minGroupSize respondents in every unit. A published filtered table and its complement
 * (the unfiltered one minus it) are then made of such combinations, so no difference of two
 * views isolates fewer than a group's size within a unit.
 */
export async function checkSelection(index: ResponseIndex, disclosure: Disclosure, selection: Selection, minGroupSize: number): Promise<void> {
  const coordinates: { radix: number; of: (r: number) => number }[] = [];
  for (const f of selection.filters) {
    const column = index.columns.get(f.key);
    if (!column) continue;
    if (column.kind === 'codes') {
      const data = column.data;
      coordinates.push({ radix: column.dictionary.values.length + 1, of: (r) => data[r]! });
    } else if (column.kind === 'masks') {
      const bits: { word: number; bit: number }[] = [];
      for (const v of f.values) {
        const code = column.dictionary.find(v);
        if (code !== undefined) bits.push({ word: (code - 1) >>> 5, bit: 1 << ((code - 1) & 31) });
      }
      const words = column.words;
      coordinates.push({
        radix: 1 << bits.length,
        of: (r) => {
          let atom = 0;
          bits.forEach((b, i) => {
            if (words[b.word]![r]! & b.bit) atom |= 1 << i;
          });
          return atom;
        },
      });
    }
  }
  if (selection.channels) coordinates.push({ radix: CHANNELS.length, of: (r) => index.channel[r]! });
  if (selection.from !== null || selection.to !== null) {
    const from = selection.from ?? -Infinity;
    const to = selection.to ?? Infinity;
    coordinates.push({ radix: 3, of: (r) => (index.submittedAt[r]! < from ? 0 : index.submittedAt[r]! >= to ? 2 : 1) });
  }
  if (coordinates.length === 0) return;
  const atoms = coordinates.reduce((p, c) => p * c.radix, 1);
  const units = disclosure.units.length;
  if (atoms * units > MAX_ATOMS) throw new ApiError(400, 'filter_too_fine', 'these filters split the respondents into too many combinations to check; use fewer filters or filter questions with fewer answers');
  // The respondents of no municipality of the county are not a place the survey protects, and
  // when they are fewer than a group their count already follows from the county minus its areas:
  // checking them would refuse every filter for the sake of a group the policy does not hide.
  const unchecked = new Uint8Array(units);
  disclosure.units.forEach((u, i) => {
    if (u.kind === 'rest' && u.n < minGroupSize) unchecked[i] = 1;
  });
  const counts = new Int32Array(atoms * units);
  // In slices with a turn of the loop between (tally.ts), over the rows held when the check began.
  await inSlices(index.size, (from, to) => {
    for (let r = from; r < to; r++) {
      let atom = 0;
      for (const c of coordinates) atom = atom * c.radix + c.of(r);
      counts[disclosure.unitOfSlot[index.municipality[r]!]! * atoms + atom]!++;
    }
  });
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (n > 0 && n < minGroupSize && !unchecked[Math.floor(i / atoms)]) {
      // Naming the place or the answer would itself tell that a small group gave it.
      throw new ApiError(
        400,
        'filter_too_fine',
        `with these filters (${[...selection.filters.map((f) => f.key), ...(selection.channels ? ['channel'] : []), ...(selection.from !== null || selection.to !== null ? ['time'] : [])].join(', ')}) some municipality or group of municipalities would have between 1 and ${minGroupSize - 1} respondents in a combination of the filtered answers; a filter must leave every place 0 or at least ${minGroupSize} respondents in each, so choose broader answers or remove a filter`,
      );
    }
  }
}

/** The questions whose answers give place: the municipality question and those the envelope marks. */
export function placeQuestions(meta: Pick<SurveyMeta, 'municipalityQuestion' | 'placeQuestions'>): string[] {
  return [...(meta.municipalityQuestion ? [meta.municipalityQuestion] : []), ...(meta.placeQuestions ?? [])];
}
