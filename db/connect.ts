import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import type { Database } from './schema.ts';
import * as initial from './migrations/2026-11-29T1800-initial.ts';
import * as accounts from './migrations/2026-11-29T1900-accounts.ts';
import * as synthetic from './migrations/2026-11-29T2000-synthetic.ts';
import * as population from './migrations/2026-11-29T2100-population.ts';
import * as distribution from './migrations/2026-11-29T2200-distribution.ts';
import * as attemptsRetention from './migrations/2026-12-15T1200-attempts-retention.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/** The migrations in the order they ran in history: a static list, so bundling and tests see the same set. */
const migrations: Record<string, Migration> = {
  '2026-11-29T1800-initial': initial,
  '2026-11-29T1900-accounts': accounts,
  '2026-11-29T2000-synthetic': synthetic,
  '2026-11-29T2100-population': population,
  '2026-11-29T2200-distribution': distribution,
  '2026-12-15T1200-attempts-retention': attemptsRetention,
};

/** The names of the migrations this code knows: a restore refuses a backup whose schema has one not in this list. */
export const MIGRATION_NAMES: readonly string[] = Object.freeze(Object.keys(migrations));

function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// pg parses int8 (bigint, e.g. count(*)) as a string by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Opens the database named by `url`: a `postgres://` URL, or a SQLite file path (created with its folder). */
export function connect(url: string, options: { poolSize?: number } = {}): Db {
  if (isPostgres(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection the server ends (a restart, a failover, an administrator) makes the pool
    // emit 'error'; unheard, that event would end the whole process. The pool has already dropped
    // the connection and opens a new one for the next query, which fails on its own if the server
    // is still away (and GET /api/ready says so).
    pool.on('error', () => undefined);
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  if (url !== ':memory:') fs.mkdirSync(path.dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  // WAL lets readers run beside the one writer; NORMAL sync is durable across a process crash
  // (https://www.sqlite.org/wal.html#performance_considerations) and far faster than FULL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
