import type { Geography } from '../geography.ts';
import type { LocalizedText } from '../surveys/envelope.ts';

export type GroupLevel = 'county' | 'area' | 'municipality';

/** A group of respondents results are given for, and the municipality slots it adds up. */
export interface Group {
  readonly key: string;
  readonly level: GroupLevel;
  readonly label: LocalizedText;
  readonly parent: string | null;
  /** Municipality slots (index + 1 into geography.municipalities; 0 = no municipality of the county). */
  readonly slots: readonly number[];
}

export const COUNTY_KEY = 'county';

/**
 * The county, its areas and its municipalities, in that order. The county also holds the
 * respondents whose municipality is outside the county or unknown (slot 0).
 */
export function groupsOf(geography: Geography): Group[] {
  const county: Group = {
    key: COUNTY_KEY,
    level: 'county',
    label: { default: 'Koko hyvinvointialue', sv: 'Hela välfärdsområdet', en: 'Whole county' },
    parent: null,
    slots: [0, ...geography.municipalities.map((_, i) => i + 1)],
  };
  const areas: Group[] = geography.areas.map((area) => ({
    key: area,
    level: 'area',
    label: area,
    parent: COUNTY_KEY,
    slots: geography.municipalities.flatMap((m, i) => (m.area === area ? [i + 1] : [])),
  }));
  const municipalities: Group[] = geography.municipalities.map((m, i) => ({
    key: m.code,
    level: 'municipality',
    label: m.nameSv ? { default: m.nameFi, sv: m.nameSv } : m.nameFi,
    parent: m.area,
    slots: [i + 1],
  }));
  return [county, ...areas, ...municipalities];
}

/** Adds up per-slot values (k per slot) over a group's slots. */
export function sumOver(values: Float64Array, k: number, slots: readonly number[]): Float64Array {
  const out = new Float64Array(k);
  for (const slot of slots) for (let c = 0; c < k; c++) out[c]! += values[slot * k + c]!;
  return out;
}
