import type { Kysely, Selectable } from 'kysely';
import type { Database, WaveMappingTable } from './schema.ts';

export type WaveMappingRow = Selectable<WaveMappingTable>;

export async function findWaveMapping(db: Kysely<Database>, seriesId: string, from: string, to: string): Promise<WaveMappingRow | undefined> {
  return db
    .selectFrom('wave_mappings')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('from_survey', '=', from)
    .where('to_survey', '=', to)
    .executeTakeFirst();
}

export async function listWaveMappings(db: Kysely<Database>, seriesId: string): Promise<WaveMappingRow[]> {
  return db.selectFrom('wave_mappings').selectAll().where('series_id', '=', seriesId).orderBy('from_survey').orderBy('to_survey').execute();
}

/** Saves the mapping between two waves, replacing an earlier one. */
export async function saveWaveMapping(db: Kysely<Database>, row: WaveMappingRow): Promise<void> {
  await db
    .insertInto('wave_mappings')
    .values(row)
    .onConflict((oc) => oc.columns(['series_id', 'from_survey', 'to_survey']).doUpdateSet({ mapping: row.mapping, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}
