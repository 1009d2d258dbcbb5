// `npm run backup` and `npm run restore` as the README shows them, on the suite's database (SQLite, and PostgreSQL
// when DATABASE_URL names a server): a real server process takes a stream of real HTTP submissions while the backup
// runs as a process of its own; the backup is restored into a fresh database and compared with the original, row by
// row, and through the results API and the data export.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, MIGRATION_NAMES } from '../../db/connect.ts';
import { projectRoot } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';
import { addUser, signIn } from '../factories/users.ts';
import { freePort, serverProcessEnv } from '../helpers/ports.ts';

const SURVEY = 'minun-arkeni';
const postgres = isPostgresRun();
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/answers', name), 'utf8')) as Record<string, unknown>;
const full = fixture(`${SURVEY}.json`);
const minimal = fixture(`${SURVEY}.minimal.json`);
const surveyFiles = Object.fromEntries(
  fs
    .readdirSync(path.join(projectRoot, 'surveys'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, fs.readFileSync(path.join(projectRoot, 'surveys', f), 'utf8')]),
);

let dir: string;
let original: TestDatabase;
const databases: TestDatabase[] = [];
let server: { child: ChildProcess; url: string; output: () => string } | undefined;
const apps: TestApp[] = [];

/** `npm run backup|restore -- …` on the given database, a process of its own. */
function cli(script: 'backup' | 'restore', args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function newDatabase(): Promise<TestDatabase> {
  const database = await freshDatabase();
  databases.push(database);
  return database;
}

/** Every response and answer row, in a fixed order: two databases with the same data give equal snapshots. */
async function rows(url: string) {
  const db = connect(url);
  try {
    const responses = await db.kysely.selectFrom('responses').selectAll().orderBy('id').execute();
    const answers = await db.kysely.selectFrom('answers').selectAll().orderBy('response_id').orderBy('question').orderBy('value').orderBy('num').execute();
    const users = await db.kysely.selectFrom('users').select(['email', 'role', 'password_hash']).orderBy('email').execute();
    const migrations = (await db.kysely.selectFrom('kysely_migration' as never).select('name' as never).execute()).map((r) => (r as { name: string }).name).sort();
    return { responses, answers, users, migrations };
  } finally {
    await db.close();
  }
}

/** What a refused restore must leave as it was: the file's bytes (SQLite) and the rows (both). */
async function fingerprint(url: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  if (!postgres) {
    hash.update(fs.readFileSync(url));
    hash.update(JSON.stringify(fs.readdirSync(path.dirname(url)).sort()));
  } else {
    hash.update(JSON.stringify(await rows(url)));
  }
  return hash.digest('hex');
}

/** Submissions from several clients at once, until stopped; every answer is recorded with its status. */
class SubmissionStream {
  readonly acknowledged: string[] = [];
  readonly refused: string[] = [];
  private stopped = false;
  private readonly workers: Promise<void>[];
  private sent = 0;

  constructor(
    private readonly url: string,
    private readonly version: number,
    clients: number,
  ) {
    this.workers = Array.from({ length: clients }, () => this.work());
  }

  private answer(i: number): Record<string, unknown> {
    const kunta = ['564', '305', '072', '139', '425', '009', '832', '678'][i % 8];
    if (i % 7 === 6) return { ...minimal, kunta };
    return { ...full, kunta, ikaryhma: ['30_44', '45_64', '18_29'][i % 3], sukupuoli: ['nainen', 'mies'][i % 2] };
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const id = crypto.randomUUID();
      const res = await fetch(`${this.url}/api/surveys/${SURVEY}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, version: this.version, data: this.answer(this.sent++), locale: 'fi' }),
      });
      const text = await res.text();
      if (res.status === 201) this.acknowledged.push(id);
      else this.refused.push(`${res.status} ${text}`);
    }
  }

  /** Resolves once `count` more answers than now have been acknowledged (bounded by the test's timeout). */
  async more(count: number): Promise<void> {
    const target = this.acknowledged.length + count;
    while (this.acknowledged.length < target && this.refused.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-backup-'));
  original = await newDatabase();
  const port = await freePort();
  // `npm run serve`'s command: the compiled server on plain node.
  const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/launch.mjs'), 'server/main.ts'], {
    cwd: projectRoot,
    env: serverProcessEnv(original.url, port, { SUBMIT_RATE_LIMIT: '1000000' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  server = { child, url: `http://127.0.0.1:${port}`, output: () => output };
  const deadline = Date.now() + 170_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited while starting:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health:\n${output}`);
    const ok = await fetch(`${server.url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 180_000);

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => server!.child.once('exit', () => resolve()));
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server!.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  for (const app of apps) await app.close();
  for (const database of databases) await database.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

const backupFile = (name: string) => path.join(dir, postgres ? `${name}.dump` : `${name}.db`);
let firstBackup: string;
let firstRestore: TestDatabase;

describe('npm run backup and npm run restore', { timeout: 300_000 }, () => {
  it('backs up while answers stream in; the restore into a fresh database holds every answer acknowledged before, none in part', async () => {
    const survey = (await (await fetch(`${server!.url}/api/surveys/${SURVEY}`)).json()) as { version: number };
    const stream = new SubmissionStream(server!.url, survey.version, 4);
    try {
      await stream.more(40);
      // Everything acknowledged now was committed before the backup process even started.
      const before = [...stream.acknowledged];
      firstBackup = backupFile('kesken');
      const backup = await cli('backup', [firstBackup], original.url);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(new RegExp(`^kuulo backup: wrote ${firstBackup.replace(/[.\\]/g, '\\$&')} \\(\\d+(\\.\\d)? (B|kB|MB)\\) in \\d+\\.\\d s: \\d+ responses, \\d+ answers, \\d+ users\\n$`));
      // Submissions go on after the backup, and a restore over the live database is refused even with --force.
      await stream.more(10);
      const live = await cli('restore', [firstBackup, '--force'], original.url);
      expect(live.code).toBe(1);
      expect(live.stderr).toMatch(postgres ? /other connection\(s\) to the database \(a running server\?\): stop the server/ : /is open in another process \(a running server\?\): stop the server/);
      expect(live.stderr).toMatch(/nothing was changed/);
      await stream.more(10);
      await stream.stop();
      expect(stream.refused).toEqual([]);

      firstRestore = await newDatabase();
      const restore = await cli('restore', [firstBackup], firstRestore.url);
      expect(restore.code, restore.stderr).toBe(0);

      const [restored, now] = await Promise.all([rows(firstRestore.url), rows(original.url)]);
      // The live database kept every acknowledged answer (the refused restore did not replace it).
      expect(new Set(now.responses.map((r) => r.id))).toEqual(new Set([...stream.acknowledged]));
      const restoredIds = new Set(restored.responses.map((r) => r.id));
      for (const id of before) expect(restoredIds.has(id), `response ${id} acknowledged before the backup`).toBe(true);
      // What the backup holds is exactly the original's rows of those responses: each response whole, with all its answers.
      expect(restored.responses).toEqual(now.responses.filter((r) => restoredIds.has(r.id)));
      expect(restored.answers).toEqual(now.answers.filter((a) => restoredIds.has(a.response_id)));
      expect(restored.answers.length).toBeGreaterThan(restored.responses.length);
      expect(restored.migrations).toEqual([...MIGRATION_NAMES].sort());
      // The backup's count is of the same moment as its rows, and the restore says what it restored.
      const counted = backup.stdout.match(/(\d+) responses, (\d+) answers/)!;
      expect(Number(counted[1])).toBe(restored.responses.length);
      expect(Number(counted[2])).toBe(restored.answers.length);
      expect(restore.stdout).toContain(`: ${restored.responses.length} responses, ${restored.answers.length} answers, 0 users`);

      if (!postgres) {
        // No partial file is left anywhere.
        expect(fs.readdirSync(path.dirname(firstRestore.url))).toEqual(['kuulo.db']);
        // Read-write: a read-only connection, the last to close, would leave -wal and -shm files behind.
        const check = new SQLite(firstRestore.url, { fileMustExist: true });
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        check.close();
        // The backup is one self-contained file: a rollback journal, not WAL, so nothing appears beside it when opened.
        const copy = new SQLite(firstBackup, { readonly: true, fileMustExist: true });
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        copy.close();
      }
      expect(fs.readdirSync(dir)).toEqual([path.basename(firstBackup)]);
    } finally {
      await stream.stop();
    }
  });

  it('a backup of the quiet database restores to the same results and the same data export', async () => {
    const originalApp = await buildTestApp(surveyFiles, { database: original });
    apps.push(originalApp);
    const analyst = await addUser(originalApp.app, { role: 'analyst', email: 'analyytikko@example.fi' });

    const file = backupFile('hiljainen');
    const backup = await cli('backup', [file], original.url);
    expect(backup.code, backup.stderr).toBe(0);
    const copy = await newDatabase();
    const restore = await cli('restore', [file], copy.url);
    expect(restore.code, restore.stderr).toBe(0);
    expect(await rows(copy.url)).toEqual(await rows(original.url));
    const restoredApp = await buildTestApp(surveyFiles, { database: copy });
    apps.push(restoredApp);

    const asOriginal = await signIn(originalApp.app, analyst.email);
    const asRestored = await signIn(restoredApp.app, analyst.email);
    const both = async (url: string) => {
      const a = await originalApp.app.inject({ method: 'GET', url, headers: asOriginal.headers });
      const b = await restoredApp.app.inject({ method: 'GET', url, headers: asRestored.headers });
      expect(a.statusCode, a.body).toBe(200);
      expect(b.statusCode, b.body).toBe(200);
      return [a, b] as const;
    };
    // The figures are of every stored response (so two empty results cannot pass for equal ones)…
    const stored = (await rows(original.url)).responses.map((r) => JSON.parse(r.data) as Record<string, unknown>);
    const [summaryA, summaryB] = await both(`/api/results/${SURVEY}/summary?groupBy=municipality`);
    const kunta = summaryA.json().questions.find((q: { question: { key: string } }) => q.question.key === 'kunta');
    expect(kunta.groups.find((g: { key: string }) => g.key === 'county').n).toBe(stored.length);
    // …and the restore gives them all the same.
    expect(summaryB.json()).toEqual(summaryA.json());
    const [crossA, crossB] = await both(`/api/results/${SURVEY}/crosstab?rows=ikaryhma&columns=sukupuoli`);
    expect(crossA.json().table.total).toBe(stored.filter((d) => d.ikaryhma !== undefined && d.sukupuoli !== undefined).length);
    expect(crossB.json()).toEqual(crossA.json());
    // The data export, byte for byte (it carries no time of its own: the date is only in the file name).
    const [csvA, csvB] = await both(`/api/exports/${SURVEY}/responses.csv?labels=codes`);
    expect(csvA.body.split('\n').filter((l) => l !== '')).toHaveLength(stored.length + 1);
    expect(csvB.rawPayload.equals(csvA.rawPayload)).toBe(true);
  });

  it('restore refuses a truncated backup and a file that is not a backup, and leaves the database as it was', async () => {
    const before = await fingerprint(firstRestore.url);
    const truncated = path.join(dir, postgres ? 'katkennut.dump' : 'katkennut.db');
    const whole = fs.readFileSync(firstBackup);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const cut = await cli('restore', [truncated, '--force'], firstRestore.url);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(
      postgres
        ? new RegExp(`^kuulo restore: ${truncated} is not a usable pg_dump archive: pg_restore failed .*; nothing was changed$`, 'm')
        : new RegExp(`^kuulo restore: ${truncated} is damaged or incomplete, a truncated copy perhaps .*; nothing was changed$`, 'm'),
    );
    expect(await fingerprint(firstRestore.url)).toBe(before);

    const text = path.join(projectRoot, 'test/fixtures/answers', `${SURVEY}.json`);
    const notBackup = await cli('restore', [text, '--force'], firstRestore.url);
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toMatch(
      postgres
        ? /is not a usable pg_dump archive: pg_restore failed \(1\): pg_restore: error: input file does not appear to be a valid archive.*; nothing was changed/
        : /minun-arkeni\.json is not an SQLite database \(file is not a database\); nothing was changed/,
    );
    expect(await fingerprint(firstRestore.url)).toBe(before);

    // And without --force a database that exists is never replaced, however good the backup.
    const existing = await cli('restore', [firstBackup], firstRestore.url);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(postgres ? /the database has tables already: stop the server .* with --force/ : /kuulo\.db exists: stop the server .* with --force/);
    expect(await fingerprint(firstRestore.url)).toBe(before);
  });

  it('restore refuses a backup from a newer schema and migrates one from an older schema', async () => {
    const newest = MIGRATION_NAMES.at(-1)!;
    // A database with one migration more than this code knows, and one with the newest migration undone.
    const newer = await newDatabase();
    const older = await newDatabase();
    for (const database of [newer, older]) expect((await cli('restore', [firstBackup], database.url)).code).toBe(0);
    const db = connect(newer.url);
    await db.kysely.insertInto('kysely_migration' as never).values({ name: '2099-01-01T0000-from-the-future', timestamp: new Date().toISOString() } as never).execute();
    await db.close();
    const old = connect(older.url);
    const migration = (await import(`../../db/migrations/${newest}.ts`)) as { down(db: unknown): Promise<void> };
    await migration.down(old.kysely);
    await old.kysely.deleteFrom('kysely_migration' as never).where('name' as never, '=', newest as never).execute();
    await old.close();
    const newerFile = backupFile('uudempi');
    const olderFile = backupFile('vanhempi');
    expect((await cli('backup', [newerFile], newer.url)).code).toBe(0);
    expect((await cli('backup', [olderFile], older.url)).code).toBe(0);

    const before = await fingerprint(firstRestore.url);
    const refused = await cli('restore', [newerFile, '--force'], firstRestore.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/was made by a newer Kuulo \(its schema has migration 2099-01-01T0000-from-the-future, unknown to this version\): upgrade Kuulo first/);
    expect(await fingerprint(firstRestore.url)).toBe(before);

    const target = await newDatabase();
    const migrated = await cli('restore', [olderFile], target.url);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`; migrated from an older schema: ${newest}`);
    expect((await rows(target.url)).migrations).toEqual([...MIGRATION_NAMES].sort());
  });

  it('backup refuses to replace a file unless --force', async () => {
    const before = fs.readFileSync(firstBackup);
    const again = await cli('backup', [firstBackup], original.url);
    expect(again.code).toBe(1);
    // (Matched by line: the launcher may first say that it rebuilt the server.)
    expect(again.stderr.split('\n')).toContain(`kuulo backup: ${firstBackup} exists; give another file name, or --force to replace it`);
    expect(fs.readFileSync(firstBackup).equals(before)).toBe(true);

    const forced = await cli('backup', [firstBackup, '--force'], original.url);
    expect(forced.code, forced.stderr).toBe(0);
    const target = await newDatabase();
    expect((await cli('restore', [firstBackup], target.url)).code).toBe(0);
    expect(await rows(target.url)).toEqual(await rows(original.url));
  });
});
