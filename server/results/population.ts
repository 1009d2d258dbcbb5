import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import { replacePopulation, type PopulationRow } from '../../db/population.ts';
import type { Database } from '../../db/schema.ts';
import type { Geography } from '../geography.ts';

const MAX_POPULATION = 2_147_483_647;
const MAX_CATEGORY_LENGTH = 100;

/**
 * Reads a population table by municipality, sex and age group (columns `municipality`, `sex`,
 * `age_group`, `population`; Statistics Finland's table 11re has these figures): every row checked,
 * every problem named by line.
 */
export function parsePopulationCsv(text: string, geography: Geography): { rows: PopulationRow[] } | { problems: string[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true });
  } catch (error) {
    return { problems: [`not a CSV file: ${(error as Error).message}`] };
  }
  const required = ['municipality', 'sex', 'age_group', 'population'];
  const missing = records[0] ? required.filter((c) => !(c in records[0]!)) : required;
  if (missing.length > 0) return { problems: [`missing column(s): ${missing.join(', ')} (needed: ${required.join(', ')})`] };
  const problems: string[] = [];
  const seen = new Set<string>();
  const rows: PopulationRow[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const code = (r.municipality ?? '').padStart(3, '0');
    // Digits only: Number() would read '' as 0, '1e3' as 1000 and '0x10' as 16.
    const population = /^\d{1,10}$/.test(r.population ?? '') ? Number(r.population) : NaN;
    if (!geography.byCode.has(code)) problems.push(`line ${line}: '${r.municipality}' is not a municipality code of the county`);
    for (const column of ['sex', 'age_group'] as const) {
      const value = r[column];
      if (!value) problems.push(`line ${line}: ${column} is empty`);
      // A NUL cannot be stored in PostgreSQL text, and no category name needs a control character.
      else if (value.length > MAX_CATEGORY_LENGTH || /\p{Cc}/u.test(value)) problems.push(`line ${line}: ${column} must be at most ${MAX_CATEGORY_LENGTH} characters without control characters`);
    }
    // The column is a 32-bit integer on PostgreSQL; a larger number is no population anyway.
    if (!(population <= MAX_POPULATION)) problems.push(`line ${line}: population must be a whole number from 0 to ${MAX_POPULATION}, got '${r.population}'`);
    const key = `${code}|${r.sex}|${r.age_group}`;
    if (seen.has(key)) problems.push(`line ${line}: ${code}, ${r.sex}, ${r.age_group} appears twice`);
    seen.add(key);
    rows.push({ municipality_code: code, sex: r.sex ?? '', age_group: r.age_group ?? '', population });
  });
  if (rows.length === 0) problems.push('the file has no rows');
  return problems.length > 0 ? { problems } : { rows };
}

export async function loadPopulation(
  db: Kysely<Database>,
  rows: readonly PopulationRow[],
  actor: { id: string; email: string } | null,
  now: Date,
): Promise<{ rows: number; total: number }> {
  const total = rows.reduce((s, r) => s + r.population, 0);
  await db.transaction().execute(async (trx) => {
    await replacePopulation(trx, rows);
    await recordAudit(trx, { at: now.toISOString(), actor, action: 'population.load', target: null, details: { rows: rows.length, total } });
  });
  return { rows: rows.length, total };
}
