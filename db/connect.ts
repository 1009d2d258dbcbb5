import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import { DEFAULT_GROUP_COMMIT, GroupCommit, type GroupCommitOptions } from './group-commit.ts';
import { SQLITE_PRAGMAS, SqliteScanDialect, SqliteWriterDialect } from './sqlite-writer.ts';
import type { Database } from './schema.ts';
import * as initial from './migrations/2026-11-29T1800-initial.ts';
import * as accounts from './migrations/2026-11-29T1900-accounts.ts';
import * as synthetic from './migrations/2026-11-29T2000-synthetic.ts';
import * as population from './migrations/2026-11-29T2100-population.ts';
import * as distribution from './migrations/2026-11-29T2200-distribution.ts';
import * as attemptsRetention from './migrations/2026-12-15T1200-attempts-retention.ts';
import * as answerRows from './migrations/2026-12-16T1200-answer-rows.ts';
import * as handEdits from './migrations/2026-12-20T1200-hand-edits.ts';
import * as coding from './migrations/2026-12-23T1200-coding.ts';
import * as retention from './migrations/2026-12-30T1200-retention.ts';
import * as redactionReview from './migrations/2026-12-30T1300-redaction-review.ts';
import * as rightsCodes from './migrations/2026-12-30T1400-rights-codes.ts';
import * as importsAndSeries from './migrations/2026-12-30T1500-imports-and-series.ts';
import * as authoring from './migrations/2026-12-30T1700-authoring.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The durable store path's writes go through here, several to a transaction (db/group-commit.ts). */
  readonly writes: GroupCommit;
  /**
   * For reads that pass over a whole survey's responses, outside transactions: on a SQLite file they
   * run on a connection in a thread of their own, so the server's thread does not wait on them
   * (db/sqlite-writer.ts, SqliteScanDialect); elsewhere (PostgreSQL answers asynchronously; an
   * in-memory database has one connection) this is `kysely`.
   */
  readonly scans: Kysely<Database>;
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
  '2026-12-16T1200-answer-rows': answerRows,
  '2026-12-20T1200-hand-edits': handEdits,
  '2026-12-23T1200-coding': coding,
  '2026-12-30T1200-retention': retention,
  '2026-12-30T1300-redaction-review': redactionReview,
  '2026-12-30T1400-rights-codes': rightsCodes,
  '2026-12-30T1500-imports-and-series': importsAndSeries,
  '2026-12-30T1700-authoring': authoring,
};

/** The names of the migrations this code knows: a restore refuses a backup whose schema has one not in this list. */
export const MIGRATION_NAMES: readonly string[] = Object.freeze(Object.keys(migrations));

function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// pg parses int8 (bigint, e.g. count(*)) as a string by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Opens the database named by `url`: a `postgres://` URL, or a SQLite file path (created with its folder). */
export function connect(url: string, options: { poolSize?: number; groupCommit?: GroupCommitOptions } = {}): Db {
  const open = (kysely: Kysely<Database>, dialect: Dialect, threads: { scans: Kysely<Database>; scanDialect: SqliteScanDialect; writer: SqliteWriterDialect } | null = null): Db => {
    const writes = new GroupCommit(kysely, dialect, options.groupCommit ?? DEFAULT_GROUP_COMMIT, threads?.writer.procedures ?? null);
    const scans = threads?.scans ?? kysely;
    return {
      kysely,
      dialect,
      writes,
      scans,
      close: async () => {
        await writes.idle();
        if (scans !== kysely) await scans.destroy();
        // Before the writer closes: it must be the last connection, to checkpoint and remove the WAL.
        await threads?.scanDialect.close();
        await kysely.destroy();
      },
    };
  };
  if (isPostgres(url)) {
    // PostgreSQL keeps its default synchronous_commit = on: COMMIT returns once the WAL is flushed
    // to disk, so an acknowledged answer survives a power cut; group commit pays for the flushes.
    // Without a connection timeout, a request waits as long as the operating system's TCP connect
    // does (minutes) when the server's host stops answering; with one, it gets 503
    // database_unavailable after ten seconds. The same limit bounds the wait for a free connection
    // of the pool, which is far longer than any request takes when the database is well.
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle connection the server ends (a restart, a failover, an administrator) makes the pool
    // emit 'error'; unheard, that event would end the whole process. The pool has already dropped
    // the connection and opens a new one for the next query, which fails on its own if the server
    // is still away (and GET /api/ready says so).
    pool.on('error', () => undefined);
    // The pool listens for that only while a connection is idle: one that breaks while checked out
    // (a query or transaction running as the server goes) emits 'error' to no one, which ended the
    // process. Its running query already fails with the same error (and the request with 503
    // database_unavailable), and the pool drops it when it comes back, so the event is not needed.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return open(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
  }
  if (url !== ':memory:') fs.mkdirSync(path.dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  // WAL lets readers run beside the one writer. FULL syncs the WAL at every COMMIT, so a committed
  // (and so acknowledged) answer survives a power cut too; NORMAL survives a process crash but can
  // lose the last commits when the machine loses power (https://www.sqlite.org/pragma.html#pragma_synchronous).
  // Group commit (db/group-commit.ts) makes that one sync per batch of answers instead of one each.
  for (const pragma of SQLITE_PRAGMAS) sqlite.pragma(pragma);
  // A file's writes run on a thread of their own (db/sqlite-writer.ts), so that a COMMIT's fsync
  // does not stop the server; an in-memory database is one connection's, so it stays on this thread.
  if (url === ':memory:') return open(new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) }), 'sqlite');
  const scanDialect = new SqliteScanDialect(url);
  const writer = new SqliteWriterDialect(sqlite, url);
  return open(new Kysely<Database>({ dialect: writer }), 'sqlite', { scans: new Kysely<Database>({ dialect: scanDialect }), scanDialect, writer });
}

/**
 * Kysely's SQLite driver prepares every query anew, and preparing (parsing and planning) was a
 * large share of a submission's cost; the same SQL text gets the same prepared statement here. A
 * statement still being iterated (a streamed query) is never handed out twice. Bounded, since
 * `in (?, ?, …)` lists make many distinct texts.
 */
function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new LRUCache<string, SQLite.Statement>({ max: 1000 });
  return {
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement || statement.busy) {
        statement = sqlite.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
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

// The drivers' ways of saying the database cannot be reached now, as opposed to a query that is
// wrong: the request may well succeed in a moment, so the API answers 503 database_unavailable
// with Retry-After instead of a 500 (server/errors.ts).
// - better-sqlite3: SQLITE_BUSY (another process held the file's lock past busy_timeout) and
//   SQLITE_CANTOPEN, with their extended codes (https://www.sqlite.org/rescode.html).
// - node's sockets under pg: the server refuses, resets or cannot be found.
// - PostgreSQL's SQLSTATEs: class 08 (connection exception), 57P01/57P02/57P03 (shut down by an
//   administrator, after a crash, or starting up), 53300 (too many connections)
//   (https://www.postgresql.org/docs/current/errcodes-appendix.html).
// - pg and pg-pool's own errors, which carry no code: a connection that ended under a query, a pool
//   that could not get a connection within connectionTimeoutMillis.
const UNAVAILABLE_SQLITE = /^SQLITE_(BUSY|CANTOPEN)(_|$)/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE = /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

/** Whether `error` (or what it wraps) says the database is down or busy rather than the query wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLITE.test(code) || UNAVAILABLE_SOCKET.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  // An AggregateError (node's connect to every address of a name) holds one error per address.
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
