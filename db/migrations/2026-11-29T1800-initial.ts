import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_versions')
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_versions_pk', ['survey_id', 'version'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('survey_version', 'integer', (c) => c.notNull())
    .addColumn('link_id', 'text')
    .addColumn('municipality_code', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('responses_version_fk', ['survey_id', 'survey_version'], 'survey_versions', ['survey_id', 'version'])
    .execute();
  await db.schema.createIndex('responses_survey_idx').on('responses').columns(['survey_id', 'submitted_at']).execute();
  await db.schema.createIndex('responses_municipality_idx').on('responses').columns(['survey_id', 'municipality_code']).execute();

  await db.schema
    .createTable('answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('survey_version', 'integer', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('num', 'double precision') // REAL affinity in SQLite, float8 in PostgreSQL
    .execute();
  // Tallies are GROUP BYs over (survey, question, value); the response index serves joins and deletes.
  await db.schema.createIndex('answers_tally_idx').on('answers').columns(['survey_id', 'question', 'value']).execute();
  await db.schema.createIndex('answers_response_idx').on('answers').columns(['response_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('answers').execute();
  await db.schema.dropTable('responses').execute();
  await db.schema.dropTable('survey_versions').execute();
}
