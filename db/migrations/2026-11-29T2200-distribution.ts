import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Distribution and lifecycle: an admin's state per survey (no row keeps the file's own open and
 * close times), links (public, per municipality, one-time invitations) with anonymous counters,
 * resumable drafts (only a hash of the code), anonymous attempts for drop-off monitoring, and the
 * mark on a response accepted after closing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('survey_states')
    .addColumn('survey_id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('response_cap', 'integer')
    .addColumn('after_close', 'text', (c) => c.notNull().defaultTo('refuse'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('links')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'text')
    .addColumn('label', 'text')
    .addColumn('max_responses', 'integer')
    .addColumn('closes_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('opens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('responses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_response_id', 'text')
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('links_survey_idx').on('links').columns(['survey_id', 'kind', 'created_at']).execute();

  await db.schema
    .createTable('drafts')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('link_token', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('drafts_link_idx').on('drafts').columns(['link_token', 'created_at']).execute();
  await db.schema.createIndex('drafts_expiry_idx').on('drafts').columns(['expires_at']).execute();

  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('link_token', 'text')
    .addColumn('municipality_code', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_page', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('attempts_survey_idx').on('attempts').columns(['survey_id', 'link_token']).execute();

  await db.schema.alterTable('responses').addColumn('late', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').dropColumn('late').execute();
  await db.schema.dropTable('attempts').execute();
  await db.schema.dropTable('drafts').execute();
  await db.schema.dropTable('links').execute();
  await db.schema.dropTable('survey_states').execute();
}
