import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupPostgres, backupSqlite, BackupProblem, durableRename, formatCounts, formatSize, inspectSqliteCopy, partialName, removeWithCompanions, type RowCounts } from '../../db/backup.ts';
import { isPostgresUrl, loadConfig } from '../config.ts';
import { runCli } from './run.ts';

const USAGE = `usage: npm run backup -- <file> [--force]
Copies the DATABASE_URL database while the server runs and takes submissions: SQLite with its online backup API
(checked with PRAGMA integrity_check), PostgreSQL with pg_dump --format=custom. --force replaces an existing <file>.
Restore with: npm run restore -- <file>`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false }, help: { type: 'boolean' } } });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // The database is neither migrated nor otherwise written to: a backup copies what is there, as it is.
  const config = loadConfig();
  const target = path.resolve(positionals[0]!);
  if (fs.existsSync(target) && !values.force) {
    console.error(`kuulo backup: ${target} exists; give another file name, or --force to replace it`);
    return 1;
  }
  const postgres = isPostgresUrl(config.databaseUrl);
  if (!postgres && path.resolve(config.databaseUrl) === target) {
    console.error('kuulo backup: the backup file cannot be the database itself');
    return 2;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = partialName(target);
  // Interrupted (Ctrl-C, a timer stopped), the partial file goes: the target name only ever holds a whole, checked backup.
  const interrupted = () => {
    removeWithCompanions(partial);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const started = performance.now();
  try {
    let counts: RowCounts | null;
    if (postgres) {
      counts = await backupPostgres(config.databaseUrl, partial);
    } else {
      await backupSqlite(config.databaseUrl, partial);
      counts = inspectSqliteCopy(partial, { selfContained: true, label: `the copy of ${config.databaseUrl}` }).counts;
    }
    durableRename(partial, target);
    const seconds = (performance.now() - started) / 1000;
    console.log(`kuulo backup: wrote ${target} (${formatSize(fs.statSync(target).size)}) in ${seconds.toFixed(1)} s: ${formatCounts(counts)}`);
    return 0;
  } catch (error) {
    removeWithCompanions(partial);
    if (error instanceof BackupProblem) {
      console.error(`kuulo backup: ${error.message}; no backup was written`);
      return 1;
    }
    throw error;
  }
}

runCli('backup', main);
