import type { Kysely, Selectable } from 'kysely';
import type { AuthoredSurveyTable, Database, SurveyDraftTable } from './schema.ts';

export type DraftRow = Selectable<SurveyDraftTable>;
export type AuthoredRow = Selectable<AuthoredSurveyTable>;

export async function listDrafts(db: Kysely<Database>): Promise<DraftRow[]> {
  return db.selectFrom('survey_drafts').selectAll().orderBy('updated_at', 'desc').execute();
}

export async function findDraft(db: Kysely<Database>, surveyId: string): Promise<DraftRow | undefined> {
  return db.selectFrom('survey_drafts').selectAll().where('survey_id', '=', surveyId).executeTakeFirst();
}

/** Inserts a new draft; false when one with the id exists already (two authors creating it at once). */
export async function insertDraft(db: Kysely<Database>, row: DraftRow): Promise<boolean> {
  const result = await db.insertInto('survey_drafts').values(row).onConflict((oc) => oc.column('survey_id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Stores a save when the draft is still at `revision` (compare-and-set in the one statement, so that of
 * two saves naming the same revision exactly one wins); the new revision, or null when it was not.
 */
export async function saveDraft(
  db: Kysely<Database>,
  surveyId: string,
  revision: number,
  change: { file: string; updatedAt: string; updatedBy: string | null },
): Promise<number | null> {
  const result = await db
    .updateTable('survey_drafts')
    .set({ file: change.file, revision: revision + 1, updated_at: change.updatedAt, updated_by: change.updatedBy })
    .where('survey_id', '=', surveyId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? revision + 1 : null;
}

export async function deleteDraft(db: Kysely<Database>, surveyId: string): Promise<boolean> {
  const result = await db.deleteFrom('survey_drafts').where('survey_id', '=', surveyId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findAuthored(db: Kysely<Database>, surveyId: string): Promise<AuthoredRow | undefined> {
  return db.selectFrom('authored_surveys').selectAll().where('survey_id', '=', surveyId).executeTakeFirst();
}

export async function saveAuthored(db: Kysely<Database>, row: AuthoredRow): Promise<void> {
  await db
    .insertInto('authored_surveys')
    .values(row)
    .onConflict((oc) => oc.column('survey_id').doUpdateSet({ file: row.file, version: row.version, published_at: row.published_at, published_by: row.published_by }))
    .execute();
}
