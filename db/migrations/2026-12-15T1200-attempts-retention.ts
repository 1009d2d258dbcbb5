import type { Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Housekeeping deletes attempts older than the retention period (ATTEMPT_DAYS) a thousand at a
 * time. Without an index each of those statements scans the whole table, and on SQLite that scan
 * holds the server's one thread: with a million attempts, long enough to stall submissions. The
 * index is on started_at, which never changes after the first ping, so pings (which move
 * last_seen_at) do not write to it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('attempts_started_idx').on('attempts').column('started_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('attempts_started_idx').execute();
}
