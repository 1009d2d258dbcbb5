import { DEFAULT_MIGRATION_TABLE, sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The cheapest question a database answers: it throws when the database cannot be reached. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * The names of the migrations the database says have run (Kysely's own table), or null when it has
 * no such table (never migrated). Read only: Kysely's Migrator would create its tables to answer.
 */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[] | null> {
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    return rows.rows.map((r) => r.name);
  } catch {
    return null;
  }
}
