import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/** Population by municipality, sex and age group, loaded by an admin, for weighting. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('population')
    .addColumn('municipality_code', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('age_group', 'text', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('population_pk', ['municipality_code', 'sex', 'age_group'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('population').execute();
}
