import type { Kysely, Selectable } from 'kysely';
import type { Database, SurveyVersionTable } from './schema.ts';

export type SurveyVersionRow = Selectable<SurveyVersionTable>;

export async function findLatestVersion(db: Kysely<Database>, surveyId: string): Promise<SurveyVersionRow | undefined> {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findVersion(
  db: Kysely<Database>,
  surveyId: string,
  version: number,
): Promise<SurveyVersionRow | undefined> {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/**
 * Returns the version that holds exactly this content: the latest one when its hash matches,
 * otherwise a new version numbered one past the latest. Two servers starting at once on one
 * PostgreSQL may race for the same number; the primary key stops the second, which then reads
 * the winner's row.
 */
export async function ensureVersion(
  db: Kysely<Database>,
  content: { surveyId: string; contentHash: string; meta: string; definition: string },
  now: Date,
): Promise<SurveyVersionRow> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const latest = await findLatestVersion(db, content.surveyId);
    if (latest && latest.content_hash === content.contentHash) return latest;
    const row: SurveyVersionRow = {
      survey_id: content.surveyId,
      version: (latest?.version ?? 0) + 1,
      content_hash: content.contentHash,
      meta: content.meta,
      definition: content.definition,
      created_at: now.toISOString(),
    };
    const inserted = await db
      .insertInto('survey_versions')
      .values(row)
      .onConflict((oc) => oc.columns(['survey_id', 'version']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return row;
  }
  throw new Error(`could not store a new version of survey ${content.surveyId}: other writers kept winning`);
}

/** Every stored version's definition of a survey, oldest first. */
export async function listVersionDefinitions(db: Kysely<Database>, surveyId: string): Promise<{ version: number; definition: string }[]> {
  return db.selectFrom('survey_versions').select(['version', 'definition']).where('survey_id', '=', surveyId).orderBy('version').execute();
}
