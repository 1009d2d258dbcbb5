import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Coding open answers: a codebook per (survey, open question) with its codes, versioned by a
 * history of every change (a renamed code keeps its id; a merged code keeps its id and points to
 * the code it went into, so every assignment stays as it was made); coders' assignments per
 * answer (codes, "not codable", skipped), with the consensus as the reserved coder `@consensus`;
 * samples of answers given to coders; bulk codings by a text search, kept so they can be undone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('codebooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('codebooks_question_unique', ['survey_id', 'question'])
    .execute();

  await db.schema
    .createTable('codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('codebook_id', 'text', (c) => c.notNull().references('codebooks.id').onDelete('cascade'))
    .addColumn('name_fi', 'text', (c) => c.notNull())
    .addColumn('name_sv', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('examples', 'text', (c) => c.notNull())
    .addColumn('theme', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('codes_codebook_idx').on('codes').columns(['codebook_id', 'position']).execute();

  await db.schema
    .createTable('codebook_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('codebook_id', 'text', (c) => c.notNull().references('codebooks.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('code_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('codebook_history_idx').on('codebook_history').columns(['codebook_id', 'version']).execute();

  await db.schema
    .createTable('coding_samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('codebook_id', 'text', (c) => c.notNull().references('codebooks.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createTable('coding_sample_items')
    .addColumn('sample_id', 'text', (c) => c.notNull().references('coding_samples.id').onDelete('cascade'))
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('coding_sample_items_pk', ['sample_id', 'response_id'])
    .execute();
  await db.schema
    .createTable('coding_sample_coders')
    .addColumn('sample_id', 'text', (c) => c.notNull().references('coding_samples.id').onDelete('cascade'))
    .addColumn('coder_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('coding_sample_coders_pk', ['sample_id', 'coder_id'])
    .execute();

  await db.schema
    .createTable('coding_units')
    .addColumn('codebook_id', 'text', (c) => c.notNull().references('codebooks.id').onDelete('cascade'))
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('coder_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bulk_id', 'text')
    .addColumn('coded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('coding_units_pk', ['codebook_id', 'response_id', 'coder_id'])
    .execute();
  await db.schema.createIndex('coding_units_coder_idx').on('coding_units').columns(['codebook_id', 'coder_id']).execute();
  await db.schema
    .createTable('coding_codes')
    .addColumn('codebook_id', 'text', (c) => c.notNull().references('codebooks.id').onDelete('cascade'))
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('coder_id', 'text', (c) => c.notNull())
    .addColumn('code_id', 'text', (c) => c.notNull().references('codes.id'))
    .addColumn('bulk_id', 'text')
    .addPrimaryKeyConstraint('coding_codes_pk', ['codebook_id', 'response_id', 'coder_id', 'code_id'])
    .execute();
  await db.schema.createIndex('coding_codes_bulk_idx').on('coding_codes').columns(['bulk_id']).execute();

  await db.schema
    .createTable('coding_bulk')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('codebook_id', 'text', (c) => c.notNull().references('codebooks.id').onDelete('cascade'))
    .addColumn('coder_id', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('code_id', 'text', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['coding_bulk', 'coding_codes', 'coding_units', 'coding_sample_coders', 'coding_sample_items', 'coding_samples', 'codebook_history', 'codes', 'codebooks']) {
    await db.schema.dropTable(table).execute();
  }
}
