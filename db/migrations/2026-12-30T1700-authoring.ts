import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Surveys written in the browser. A draft is the whole survey file (envelope and SurveyJS definition,
 * the same format as `surveys/*.json`) as its author left it, with a revision that every save must
 * name, so that two tabs never overwrite each other unseen. A published survey keeps the file it was
 * published from (the server loads it at start like a file in SURVEYS_DIR, and it can be downloaded
 * as one); its versions are the ordinary `survey_versions`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_drafts')
    .addColumn('survey_id', 'text', (c) => c.primaryKey())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createTable('authored_surveys')
    .addColumn('survey_id', 'text', (c) => c.primaryKey())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('authored_surveys').execute();
  await db.schema.dropTable('survey_drafts').execute();
}
