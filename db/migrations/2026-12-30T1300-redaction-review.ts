import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * An analyst's or admin's verdict on a proposed redaction of an open answer before a survey is
 * anonymised: accepted or rejected, per proposal (its id is a hash of the response, the field, the
 * span and the kind, so a proposal keeps its verdict as long as the text it was found in is unchanged).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('redaction_decisions')
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('redaction_decisions_pk', ['survey_id', 'item_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('redaction_decisions').execute();
}
