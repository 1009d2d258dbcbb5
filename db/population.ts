import type { Kysely, Selectable } from 'kysely';
import type { Database, PopulationTable } from './schema.ts';

export type PopulationRow = Selectable<PopulationTable>;

/** Replaces the whole population table (a new year's figures replace the old ones). */
export async function replacePopulation(trx: Kysely<Database>, rows: readonly PopulationRow[]): Promise<void> {
  await trx.deleteFrom('population').execute();
  for (let start = 0; start < rows.length; start += 1000) await trx.insertInto('population').values(rows.slice(start, start + 1000)).execute();
}

export async function listPopulation(db: Kysely<Database>): Promise<PopulationRow[]> {
  return db.selectFrom('population').selectAll().orderBy('municipality_code').orderBy('sex').orderBy('age_group').execute();
}
