import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * How far the retention sweep has carried out an in-place rule (anonymisation) per survey: the
 * responses submitted up to `done_up_to` are done. Deleted responses need no record (they are
 * gone), but anonymised ones stay, and without it every sweep would read them all again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retention_progress')
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('done_up_to', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('retention_progress_pk', ['survey_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retention_progress').execute();
}
