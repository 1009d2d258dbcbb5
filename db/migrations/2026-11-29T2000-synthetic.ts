import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/** Marks generated demo responses, so that no synthetic figure is ever mistaken for a real one. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').dropColumn('synthetic').execute();
}
