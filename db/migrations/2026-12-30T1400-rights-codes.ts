import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * A respondent's rights code: the key with which they can see their answer and ask for it to be
 * erased. Only the SHA-256 of the code is kept, so a copy of the database opens nobody's answer.
 * The row goes with its response (on delete cascade): however a response leaves the database (a
 * respondent's erasure, the retention sweep, a planner's void, SQL by hand), its code goes with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rights_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().unique().references('responses.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rights_codes').execute();
}
