// Backups of a live database and their restore (`npm run backup`, `npm run restore`; README "Backups").
//
// SQLite: the online backup API (better-sqlite3's `db.backup`) copies the pages into a temporary file next to the
// target, which is checked and only then renamed into place. PostgreSQL: `pg_dump --format=custom` and `pg_restore`,
// Debian's postgresql-client: a dump and restore are what those programs are for, so nothing here re-implements them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { DEFAULT_MIGRATION_TABLE } from 'kysely';
import pg from 'pg';
import { connect, migrateToLatest, MIGRATION_NAMES } from './connect.ts';

/** A backup or restore that cannot go on, said in words an operator can act on; nothing was changed. */
export class BackupProblem extends Error {}

/** The rows a backup and a restore report, so that the two can be compared by eye. */
export interface RowCounts {
  readonly responses: number;
  readonly answers: number;
  readonly users: number;
}

const COUNTED = ['responses', 'answers', 'users'] as const;

/** A file size for people: 1536 → "1.5 kB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The counts as the backup and restore commands print them. */
export const formatCounts = (counts: RowCounts | null) =>
  counts ? `${counts.responses} responses, ${counts.answers} answers, ${counts.users} users` : 'no responses, answers or users tables';

/** What a backup file holds, read before anything is replaced. */
export interface BackupContents {
  /** The migrations the backup's schema has, in the order they ran. */
  readonly migrations: readonly string[];
  /** Migrations this code has and the backup lacks: run after the restore. */
  readonly pending: readonly string[];
}

/** Refuses a schema newer than this code (a migration it does not know), and a file that is not Kuulo's. */
export function judgeMigrations(file: string, names: readonly string[] | null): BackupContents {
  if (names === null) throw new BackupProblem(`${file} is not a Kuulo database (it has no ${DEFAULT_MIGRATION_TABLE} table)`);
  const unknown = names.filter((n) => !MIGRATION_NAMES.includes(n));
  if (unknown.length > 0) {
    throw new BackupProblem(
      `${file} was made by a newer Kuulo (its schema has migration ${unknown.join(', ')}, unknown to this version): upgrade Kuulo first, then restore`,
    );
  }
  return { migrations: names, pending: MIGRATION_NAMES.filter((n) => !names.includes(n)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** Where a file is written before it is complete: next to the target (same file system, so the rename is atomic). */
export function partialName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}`);
}

/** Removes a file and SQLite's companions of it (journal, WAL, shared memory), quietly when absent. */
export function removeWithCompanions(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Flushes `from` to disk and renames it to `to`, then flushes the folder: after a crash either the old or the new file is there, whole. */
export function durableRename(from: string, to: string): void {
  const fd = fs.openSync(from, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(from, to);
  const dir = fs.openSync(path.dirname(to), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite

/**
 * Copies the live database `source` into `partial` with the online backup API while the server goes on writing.
 *
 * The copy is made in ONE step: the database runs in WAL mode, where a reader never blocks a writer, so the step's read
 * transaction holds up no submission (only a checkpoint waits, and the WAL grows meanwhile) and the copy is the
 * database as of one moment. Small steps would not lock any less in WAL mode, and the backup API starts over whenever
 * another connection commits between two steps: under a steady stream of submissions a large database copied in
 * steps might never finish.
 */
export async function backupSqlite(source: string, partial: string): Promise<void> {
  if (!fs.existsSync(source)) throw new BackupProblem(`no database at ${source} (DATABASE_URL)`);
  const db = new SQLite(source, { fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(partial, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

/**
 * Opens a copy (a backup just made, or a backup being restored, never the original) and checks it: SQLite's
 * integrity check; then reads its migrations (null without a migrations table) and row counts. `selfContained` turns the copy's journal back from WAL
 * (copied with the pages) to a plain rollback journal, so the backup is one file that opens anywhere, read-only too,
 * without -wal and -shm files appearing beside it.
 */
export function inspectSqliteCopy(
  file: string,
  options: { selfContained?: boolean; label?: string } = {},
): { migrations: string[] | null; counts: RowCounts | null } {
  // Named in messages as the operator knows it: the backup file, not the temporary copy being checked.
  const label = options.label ?? file;
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { fileMustExist: true, timeout: 5000 });
  } catch (error) {
    throw new BackupProblem(`${label} cannot be opened: ${(error as Error).message}`);
  }
  try {
    let tables: Set<string>;
    try {
      tables = new Set((db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    } catch (error) {
      // SQLITE_NOTADB for any other kind of file; SQLITE_CORRUPT for a database cut short (a copy that did not finish).
      const code = (error as { code?: string }).code ?? '';
      throw new BackupProblem(
        code.startsWith('SQLITE_NOTADB')
          ? `${label} is not an SQLite database (${(error as Error).message})`
          : `${label} is damaged or incomplete, a truncated copy perhaps (${(error as Error).message})`,
      );
    }
    let problems: string[];
    try {
      problems = (db.prepare('pragma integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      throw new BackupProblem(`${label} is damaged or incomplete, a truncated copy perhaps (${(error as Error).message})`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupProblem(`${label} is damaged: integrity check says ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
    }
    const migrations = tables.has(DEFAULT_MIGRATION_TABLE)
      ? (db.prepare(`select name from ${DEFAULT_MIGRATION_TABLE} order by name`).all() as { name: string }[]).map((r) => r.name)
      : null;
    const counts = COUNTED.every((t) => tables.has(t))
      ? (Object.fromEntries(COUNTED.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n])) as unknown as RowCounts)
      : null;
    if (options.selfContained) db.pragma('journal_mode = DELETE');
    return { migrations, counts };
  } finally {
    db.close();
  }
}

/**
 * Whether another process has the SQLite database open (a running server): in WAL mode every open connection holds a
 * shared lock, so an exclusive lock taken without waiting fails exactly then. SQLite's own locks, rather than a guess
 * from the -wal and -shm files, which a crashed server leaves behind too.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('begin exclusive');
    db.exec('commit');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    // Not a database at all, or damaged: not in use, and the restore replaces it.
    return false;
  } finally {
    db.close();
  }
}

/** Brings a restored copy's schema up to date (this code's migrations) and counts its rows. */
export async function migrateAndCount(url: string): Promise<RowCounts> {
  const db = connect(url);
  try {
    await migrateToLatest(db);
    const counts: Record<string, number> = {};
    for (const table of COUNTED) {
      const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts as unknown as RowCounts;
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

/**
 * The libpq connection for a client program: the URL without its password, which goes in PGPASSWORD, so that the
 * password does not show in the process list (`ps`) while pg_dump runs.
 */
function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password !== '') {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { dbname: parsed.toString(), env };
}

/** Runs one of PostgreSQL's client programs; its error output becomes the problem's message. */
function runTool(program: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv, stdout?: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (stdout) child.stdout!.on('data', stdout);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupProblem(`${program} is not installed: install Debian's postgresql-client package (apt-get install postgresql-client), of the server's major version or newer`)
          : error,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupProblem(`${program} failed (${code ?? signal}): ${stderr.trim().split('\n').slice(0, 8).join(' / ') || 'no message'}`));
    });
  });
}

async function countPostgres(client: pg.Client): Promise<RowCounts> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) counts[table] = Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  return counts as unknown as RowCounts;
}

/**
 * `pg_dump --format=custom` of the live database into `partial`. The dump reads one MVCC snapshot, so submissions go on
 * and the dump is the database as of one moment. That snapshot is exported from a transaction of ours
 * (`pg_export_snapshot`) and handed to pg_dump (`--snapshot`), so the counts reported are exactly the dump's rows.
 */
export async function backupPostgres(url: string, partial: string): Promise<RowCounts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot')).rows[0]!.snapshot;
    const counts = await countPostgres(client);
    const { dbname, env } = libpq(url);
    await runTool('pg_dump', ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--file=${partial}`, `--dbname=${dbname}`], env);
    await client.query('commit');
    return counts;
  } finally {
    await client.end();
  }
}

/** The tables a custom-format dump holds, from its table of contents (`pg_restore --list`), which pg_restore checks. */
async function dumpTables(file: string): Promise<string[]> {
  let list = '';
  await runTool('pg_restore', ['--list', file], process.env, (chunk) => (list += chunk.toString()));
  // Lines like "215; 1259 16385 TABLE public answers kuulo".
  return [...list.matchAll(/^\d+; \d+ \d+ TABLE (\S+) (\S+) /gm)].filter((m) => m[1] === 'public').map((m) => m[2]!);
}

/**
 * Checks a dump before anything is replaced: its table of contents, then one whole read of it (`pg_restore` into
 * /dev/null, which reads every data block, so a truncated file is found here), then its migrations.
 */
export async function inspectPostgresDump(file: string): Promise<BackupContents & { tables: string[] }> {
  let tables: string[];
  try {
    tables = await dumpTables(file);
    await runTool('pg_restore', ['--file=/dev/null', file], process.env);
  } catch (error) {
    if (error instanceof BackupProblem && !/not installed/.test(error.message)) throw new BackupProblem(`${file} is not a usable pg_dump archive: ${error.message}`);
    throw error;
  }
  let migrations: string[] | null = null;
  if (tables.includes(DEFAULT_MIGRATION_TABLE)) {
    let copy = '';
    await runTool('pg_restore', ['--data-only', `--table=${DEFAULT_MIGRATION_TABLE}`, '--file=-', file], process.env, (chunk) => (copy += chunk.toString()));
    // The table's rows as COPY text: after the COPY line, one line per row, tab-separated, name first, up to "\.".
    const body = copy.split(/^COPY [^\n]*FROM stdin;\n/m)[1] ?? '';
    const end = body.search(/^\\\.$/m);
    migrations = (end < 0 ? body : body.slice(0, end))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t')[0]!)
      .sort();
  }
  return { ...judgeMigrations(file, migrations), tables };
}

/** What the target database holds and whether someone else is connected to it (a running server). */
export async function postgresTarget(url: string): Promise<{ tables: string[]; otherSessions: number }> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupProblem(`cannot connect to the DATABASE_URL database: ${(error as Error).message} (pg_restore restores into an existing database: create it first, e.g. createdb)`);
  }
  try {
    const tables = (await client.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).rows.map((r) => r.tablename);
    const others = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    return { tables, otherSessions: Number(others.rows[0]!.n) };
  } finally {
    await client.end();
  }
}

/**
 * `pg_restore --clean --if-exists --no-owner` into the DATABASE_URL database, in one transaction: a dump that fails
 * halfway (damaged after the checks, a disk full) rolls back and leaves the database as it was.
 */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const { dbname, env } = libpq(url);
  await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '--no-password', `--dbname=${dbname}`, file], env);
}
