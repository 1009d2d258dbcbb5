import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * `synthetic` marks generated demo responses, so that no synthetic figure is ever mistaken for a
 * real one. `stored_at` is the server's time of storing (unlike `submitted_at`, which an import
 * can set in the past), so an in-memory results index can catch up with what other server
 * instances stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('responses').addColumn('stored_at', 'text', (c) => c.notNull().defaultTo('1970-01-01T00:00:00.000Z')).execute();
  await db.schema.createIndex('responses_stored_idx').on('responses').columns(['survey_id', 'stored_at']).execute();
  // Keyset paging of one survey's responses in id order (loading a results index).
  await db.schema.createIndex('responses_survey_id_idx').on('responses').columns(['survey_id', 'id']).execute();
  // Bumped whenever responses of a survey are deleted, so in-memory indexes know to reload.
  await db.schema
    .createTable('response_deletions')
    .addColumn('survey_id', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('response_deletions').execute();
  await db.schema.dropIndex('responses_survey_id_idx').execute();
  await db.schema.dropIndex('responses_stored_idx').execute();
  await db.schema.alterTable('responses').dropColumn('stored_at').execute();
  await db.schema.alterTable('responses').dropColumn('synthetic').execute();
}
