import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Responses submitted up to this time (ISO 8601) have had the survey's in-place rule applied; null: none yet. */
export async function retentionDoneUpTo(db: Kysely<Database>, surveyId: string, kind: string): Promise<string | null> {
  const row = await db.selectFrom('retention_progress').select('done_up_to').where('survey_id', '=', surveyId).where('kind', '=', kind).executeTakeFirst();
  return row?.done_up_to ?? null;
}

export async function saveRetentionDone(db: Kysely<Database>, surveyId: string, kind: string, doneUpTo: string, at: string): Promise<void> {
  await db
    .insertInto('retention_progress')
    .values({ survey_id: surveyId, kind, done_up_to: doneUpTo, at })
    .onConflict((oc) => oc.columns(['survey_id', 'kind']).doUpdateSet({ done_up_to: doneUpTo, at }))
    .execute();
}
