import fs from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface Municipality {
  /** Statistics Finland municipality number, three digits with the leading zero. */
  readonly code: string;
  readonly nameFi: string;
  readonly nameSv: string | null;
  /** One of the county's internal areas (Koillismaa, Oulunkaari, Oulu, Lakeus, Rannikko, Eteläinen). */
  readonly area: string;
  readonly population: number;
  readonly populationDate: string;
}

export interface Geography {
  readonly municipalities: readonly Municipality[];
  readonly byCode: ReadonlyMap<string, Municipality>;
  readonly areas: readonly string[];
}

const REQUIRED_COLUMNS = ['code', 'name_fi', 'name_sv', 'area', 'population', 'population_date'] as const;

/**
 * Reads the municipalities table (a CSV that admins edit without code changes: a municipality
 * merger or a new area mapping is a data change). Throws naming the file, row and column.
 */
export function loadGeography(file: string): Geography {
  let rows: Record<string, string>[];
  try {
    rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const first = rows[0];
  const missing = first ? REQUIRED_COLUMNS.filter((c) => !(c in first)) : [...REQUIRED_COLUMNS];
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);

  const municipalities = rows.map((row, index): Municipality => {
    const where = `${file}: row ${index + 2}`;
    const code = row.code ?? '';
    if (!/^\d{3}$/.test(code)) throw new Error(`${where}: code must be three digits, got '${code}'`);
    const population = Number(row.population);
    if (!Number.isInteger(population) || population < 0) throw new Error(`${where}: population must be a whole number`);
    if (!row.name_fi) throw new Error(`${where}: name_fi is empty`);
    if (!row.area) throw new Error(`${where}: area is empty`);
    return Object.freeze({
      code,
      nameFi: row.name_fi,
      nameSv: row.name_sv ? row.name_sv : null,
      area: row.area,
      population,
      populationDate: row.population_date ?? '',
    });
  });
  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  if (byCode.size !== municipalities.length) throw new Error(`${file}: a municipality code appears twice`);
  const areas = [...new Set(municipalities.map((m) => m.area))];
  return Object.freeze({ municipalities: Object.freeze(municipalities), byCode, areas: Object.freeze(areas) });
}

/** The county's municipalities in the API's shape (see `CountyMunicipality`), in the file's order. */
export function countyMunicipalities(geography: Geography): { code: string; name: string; nameSv: string | null; area: string }[] {
  return geography.municipalities.map((m) => ({ code: m.code, name: m.nameFi, nameSv: m.nameSv, area: m.area }));
}
