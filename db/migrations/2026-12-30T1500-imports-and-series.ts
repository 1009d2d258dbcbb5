import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Saved spreadsheet-import mappings (which column is which question, which cell text is which
 * choice), per survey and name, so that the next file from the same tool imports without
 * re-mapping; and the question mappings between two waves of a survey series (renamed questions,
 * recoded choices, what cannot be compared), edited by an admin. Both hold their mapping as JSON
 * text: it is read and written whole and checked against the surveys by the server.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_mappings')
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('import_mappings_pk', ['survey_id', 'name'])
    .execute();
  await db.schema
    .createTable('wave_mappings')
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('from_survey', 'text', (c) => c.notNull())
    .addColumn('to_survey', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('wave_mappings_pk', ['series_id', 'from_survey', 'to_survey'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wave_mappings').execute();
  await db.schema.dropTable('import_mappings').execute();
}
