import type { Kysely, Selectable } from 'kysely';
import type { Database, ImportMappingTable } from './schema.ts';

export type ImportMappingRow = Selectable<ImportMappingTable>;

export async function listImportMappings(db: Kysely<Database>, surveyId: string): Promise<ImportMappingRow[]> {
  return db.selectFrom('import_mappings').selectAll().where('survey_id', '=', surveyId).orderBy('name').execute();
}

export async function findImportMapping(db: Kysely<Database>, surveyId: string, name: string): Promise<ImportMappingRow | undefined> {
  return db.selectFrom('import_mappings').selectAll().where('survey_id', '=', surveyId).where('name', '=', name).executeTakeFirst();
}

/** Saves a mapping under its name, replacing an earlier one of that name. */
export async function saveImportMapping(db: Kysely<Database>, row: ImportMappingRow): Promise<void> {
  await db
    .insertInto('import_mappings')
    .values(row)
    .onConflict((oc) => oc.columns(['survey_id', 'name']).doUpdateSet({ mapping: row.mapping, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}
