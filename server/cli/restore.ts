import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BackupProblem,
  durableRename,
  formatCounts,
  inspectPostgresDump,
  inspectSqliteCopy,
  judgeMigrations,
  migrateAndCount,
  partialName,
  postgresTarget,
  removeWithCompanions,
  restorePostgres,
  sqliteInUse,
  type BackupContents,
  type RowCounts,
} from '../../db/backup.ts';
import { isPostgresUrl, loadConfig } from '../config.ts';
import { runCli } from './run.ts';

const USAGE = `usage: npm run restore -- <backup file> [--force]
Puts a backup made by "npm run backup" back as the DATABASE_URL database, after checking it, then runs the migrations.
Stop the server first. --force replaces a database that exists; a database open in another process is never replaced.`;

/** A PostgreSQL URL as it may be printed: the password never goes to a terminal or a log. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

const STOP_FIRST = 'stop the server (and anything else using the database) first, then run the restore again';

/** SQLite: the backup is copied next to the database, checked and migrated there, and only then renamed over it. */
async function restoreSqlite(source: string, target: string, force: boolean): Promise<{ contents: BackupContents; counts: RowCounts }> {
  if (path.resolve(source) === path.resolve(target)) throw new BackupProblem('the backup file is the database itself');
  const exists = fs.existsSync(target);
  if (exists && !force) throw new BackupProblem(`${target} exists: ${STOP_FIRST} with --force to replace it (npm run backup -- <file> keeps a copy of it first)`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = partialName(target);
  try {
    // The backup is checked on its copy, so the backup file itself is only ever read.
    fs.copyFileSync(source, partial);
    const contents = judgeMigrations(source, inspectSqliteCopy(partial, { label: source }).migrations);
    // Only a good backup gets as far as opening the database it would replace (the probe of a database no one has
    // open checkpoints its WAL on closing: its data stays, its files change).
    if (exists && sqliteInUse(target)) throw new BackupProblem(`${target} is open in another process (a running server?): ${STOP_FIRST}`);
    const counts = await migrateAndCount(partial);
    // Checked again just before the swap: a server started meanwhile would keep the old file open and write on there.
    if (exists && sqliteInUse(target)) throw new BackupProblem(`${target} is open in another process (a running server?): ${STOP_FIRST}`);
    // The old database's WAL and shared memory go first: left beside the new file, SQLite would replay the old WAL
    // onto it.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    durableRename(partial, target);
    return { contents, counts };
  } catch (error) {
    removeWithCompanions(partial);
    throw error;
  }
}

/** PostgreSQL: pg_restore into the DATABASE_URL database, in one transaction, after the dump and the database are checked. */
async function restorePostgresDatabase(source: string, url: string, force: boolean): Promise<{ contents: BackupContents; counts: RowCounts }> {
  const inUse = (sessions: number) => new BackupProblem(`${sessions} other connection(s) to the database (a running server?): ${STOP_FIRST}`);
  let target = await postgresTarget(url);
  if (target.otherSessions > 0) throw inUse(target.otherSessions);
  if (target.tables.length > 0 && !force) throw new BackupProblem(`the database has tables already: ${STOP_FIRST} with --force to replace them (npm run backup -- <file> keeps a copy first)`);
  const contents = await inspectPostgresDump(source);
  // Looked at again after the dump's checks, which take a while on a large dump.
  target = await postgresTarget(url);
  if (target.otherSessions > 0) throw inUse(target.otherSessions);
  // --clean drops only what the dump holds: a table the backup lacks would survive beside the restored ones.
  const extra = target.tables.filter((t) => !contents.tables.includes(t));
  if (extra.length > 0) {
    throw new BackupProblem(`the database has tables the backup does not (${extra.join(', ')}): restore into a new, empty database (createdb) and point DATABASE_URL at it`);
  }
  await restorePostgres(url, source);
  return { contents, counts: await migrateAndCount(url) };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false }, help: { type: 'boolean' } } });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const source = path.resolve(positionals[0]!);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) {
    console.error(`kuulo restore: no file ${source}`);
    return 2;
  }
  if (config.databaseUrl === ':memory:') {
    console.error('kuulo restore: DATABASE_URL is :memory:, which nothing can be restored into');
    return 2;
  }
  const started = performance.now();
  try {
    const postgres = isPostgresUrl(config.databaseUrl);
    const { contents, counts } = postgres
      ? await restorePostgresDatabase(source, config.databaseUrl, values.force ?? false)
      : await restoreSqlite(source, config.databaseUrl, values.force ?? false);
    const seconds = (performance.now() - started) / 1000;
    const where = postgres ? withoutPassword(config.databaseUrl) : config.databaseUrl;
    const migrated = contents.pending.length > 0 ? `; migrated from an older schema: ${contents.pending.join(', ')}` : '';
    console.log(`kuulo restore: restored ${source} into ${where} in ${seconds.toFixed(1)} s: ${formatCounts(counts)}${migrated}`);
    return 0;
  } catch (error) {
    if (error instanceof BackupProblem) {
      console.error(`kuulo restore: ${error.message}; nothing was changed`);
      return 1;
    }
    throw error;
  }
}

runCli('restore', main);
