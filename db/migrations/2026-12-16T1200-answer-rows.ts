import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Drops the (survey, question, value) index of the answers table. Every answer row of every
 * submission had to be added to it (about 33 random-place B-tree inserts for a resident's answer),
 * and it was the largest part of a submission's write. Nothing the server runs reads answers by
 * survey and question any more: the results come from the in-memory index, which loads and catches
 * up by response id, and open answers and export filters look answers up by response id too
 * (answers_response_idx).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('answers_tally_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('answers_tally_idx').on('answers').columns(['survey_id', 'question', 'value']).execute();
}
