import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '../../db/audit.ts';
import { connect } from '../../db/connect.ts';
import { ping as pingDatabase } from '../../db/health.ts';
import { auditEventDetails } from '../../server/admin/audit-events.ts';
import { projectRoot } from '../../server/config.ts';
import { Housekeeper, sweep, type HousekeepingRun, type SweepCounts } from '../../server/ops/housekeeping.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn } from '../factories/users.ts';

/*
 * Housekeeping on a real database, on the app's clock: a timeline of sessions, drafts, attempts and
 * failed sign-ins made through the real routes, then a sweep at a chosen moment. What has ended
 * goes, what has not stays, one audit entry says how many, a dry run deletes nothing.
 */

const T0 = Date.parse('2027-01-01T08:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SWEEP_AT = T0 + 20 * DAY;
const SETTINGS = { sessionIdleMinutes: 120, attemptDays: 7, auditMonths: 60 };

let t: TestApp;
let now = new Date(T0);
const at = (ms: number) => {
  now = new Date(ms);
};

const ping = (attempt: string, page: number) =>
  t.app.inject({ method: 'POST', url: '/api/surveys/talo/attempts', payload: { attempt, page } }).then((res) => {
    expect(res.statusCode).toBe(204);
  });
const saveDraft = async (): Promise<string> => {
  const res = await t.app.inject({ method: 'POST', url: '/api/surveys/talo/drafts', payload: { data: { kunta: '305' }, page: 1 } });
  expect(res.statusCode).toBe(201);
  return res.json().code;
};
const failSignIn = async (email: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'väärä-salasana-123' } });
  expect(res.statusCode).toBe(401);
};
const column = async (table: 'sessions' | 'attempts' | 'login_failures' | 'drafts', name: string): Promise<string[]> =>
  ((await t.app.db.kysely.selectFrom(table).select(name as never).execute()) as Record<string, string>[]).map((r) => r[name]!).sort();
const sweeps = () => listAudit(t.app.db.kysely, { limit: 100, action: 'housekeeping.sweep' });

const attempts = { old: crypto.randomUUID(), repinged: crypto.randomUUID(), recent: crypto.randomUUID() };
const drafts: { expired?: string; kept?: string } = {};
const sessions: { expired?: string; idle?: string; fresh?: string } = {};

beforeAll(async () => {
  t = await buildTestApp(
    { 'talo.json': envelope('talo', allTypesDefinition()) },
    { clock: () => now, config: { sessionHours: 12, sessionIdleMinutes: 120, resumeDays: 14, attemptDays: 7, loginRateLimit: 100_000, submitRateLimit: 100_000 } },
  );
  const [old, idle, fresh] = [await addUser(t.app), await addUser(t.app), await addUser(t.app)];

  // Day 0: a session that expires after 12 hours, a draft kept 14 days, an attempt, a failed sign-in.
  at(T0);
  sessions.expired = (await signIn(t.app, old.email)).cookie;
  drafts.expired = await saveDraft();
  await ping(attempts.old, 0);
  await ping(attempts.repinged, 0);
  await failSignIn('vanha@example.fi');
  // Day 10: a draft that is still kept on day 20 (saving it leaves the first, not yet expired).
  at(T0 + 10 * DAY);
  drafts.kept = await saveDraft();
  // Day 15: the second attempt moves on, so it was last seen within the 7 days before day 20.
  at(T0 + 15 * DAY);
  await ping(attempts.repinged, 2);
  // Day 20: a session idle for three hours (the limit is two), a fresh one, a recent attempt and failure.
  at(SWEEP_AT - 3 * HOUR);
  sessions.idle = (await signIn(t.app, idle.email)).cookie;
  at(SWEEP_AT - 30 * 60_000);
  sessions.fresh = (await signIn(t.app, fresh.email)).cookie;
  await ping(attempts.recent, 1);
  await failSignIn('tuore@example.fi');
  at(SWEEP_AT);
});
afterAll(async () => t?.close());

describe('housekeeping sweep', () => {
  it('a dry run counts what has ended and deletes nothing', async () => {
    const before = await Promise.all([column('sessions', 'token_hash'), column('drafts', 'code_hash'), column('attempts', 'id'), column('login_failures', 'email')]);
    expect(before.map((rows) => rows.length)).toEqual([3, 2, 3, 2]);
    const result = await sweep(t.app.db.kysely, now, SETTINGS, { dryRun: true });
    expect(result).toEqual({ at: new Date(SWEEP_AT).toISOString(), dryRun: true, counts: { sessions: 2, drafts: 1, attempts: 1, loginFailures: 1, auditEntries: 0 } });
    const after = await Promise.all([column('sessions', 'token_hash'), column('drafts', 'code_hash'), column('attempts', 'id'), column('login_failures', 'email')]);
    expect(after).toEqual(before);
    expect(await sweeps()).toEqual([]);
  });

  it('deletes ended sessions, expired drafts, old attempts and forgotten failures; keeps the rest', async () => {
    const result = await t.app.housekeeping.run();
    expect(result.counts).toEqual({ sessions: 2, drafts: 1, attempts: 1, loginFailures: 1, auditEntries: 0 });

    expect(await column('sessions', 'token_hash')).toHaveLength(1);
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect((await me(sessions.fresh!)).statusCode).toBe(200);
    expect((await me(sessions.idle!)).statusCode).toBe(401);

    // The kept draft still resumes; the expired one is gone (404, not the 410 of a row still there).
    expect((await t.app.inject({ method: 'GET', url: `/api/drafts/${drafts.kept}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/drafts/${drafts.expired}` })).json().error.code).toBe('draft_not_found');

    expect(await column('attempts', 'id')).toEqual([attempts.repinged, attempts.recent].sort());
    expect(await column('login_failures', 'email')).toEqual(['tuore@example.fi']);
  });

  it('writes one audit entry with the counts, by no one, and none for a sweep that deleted nothing', async () => {
    const entries = await sweeps();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ at: new Date(SWEEP_AT).toISOString(), actor_id: null, actor_email: null, target: null });
    expect(JSON.parse(entries[0]!.details)).toEqual({ deleted: { sessions: 2, drafts: 1, attempts: 1, loginFailures: 1, auditEntries: 0 }, attemptDays: 7, auditMonths: 60 });

    const again = await t.app.housekeeping.run();
    expect(again.counts).toEqual({ sessions: 0, drafts: 0, attempts: 0, loginFailures: 0, auditEntries: 0 });
    expect(await sweeps()).toHaveLength(1);
  });

  it('deletes in batches until nothing is left, and two instances sweeping at once delete each row once', async () => {
    at(T0);
    const many = Array.from({ length: 23 }, () => crypto.randomUUID());
    for (const id of many) await ping(id, 0);
    at(SWEEP_AT);
    expect((await sweep(t.app.db.kysely, now, SETTINGS, { dryRun: true })).counts.attempts).toBe(23);

    // A second connection pool stands for a second instance on the same database.
    const earlier = new Set((await sweeps()).map((e) => e.id));
    const other = connect(t.database.url);
    try {
      const [a, b] = await Promise.all([
        sweep(t.app.db.kysely, now, SETTINGS, { batchSize: 2 }),
        sweep(other.kysely, now, SETTINGS, { batchSize: 3 }),
      ]);
      expect(a.counts.attempts + b.counts.attempts).toBe(23);
      expect(await column('attempts', 'id')).toEqual([attempts.repinged, attempts.recent].sort());
      // Each sweep that deleted something wrote its own entry with its own count; together they add up.
      const latest = (await sweeps()).filter((e) => !earlier.has(e.id));
      expect(latest).toHaveLength([a, b].filter((r) => r.counts.attempts > 0).length);
      expect(latest.reduce((sum, e) => sum + (JSON.parse(e.details) as { deleted: SweepCounts }).deleted.attempts, 0)).toBe(23);
    } finally {
      await other.close();
    }
  });

  it('keeps what is just inside each limit', async () => {
    // A failure exactly an hour old is forgotten by the sign-in rule only when older: kept.
    at(SWEEP_AT - HOUR);
    await failSignIn('rajalla@example.fi');
    const attempt = crypto.randomUUID();
    at(SWEEP_AT - 7 * DAY);
    await ping(attempt, 0);
    at(SWEEP_AT);
    const result = await sweep(t.app.db.kysely, now, SETTINGS);
    expect(result.counts.loginFailures).toBe(0);
    expect(result.counts.attempts).toBe(0);
    expect(await column('login_failures', 'email')).toContain('rajalla@example.fi');
    expect(await column('attempts', 'id')).toContain(attempt);
    // A millisecond later both are past their limits.
    const later = await sweep(t.app.db.kysely, new Date(SWEEP_AT + 1), SETTINGS);
    expect(later.counts).toMatchObject({ loginFailures: 1, attempts: 1 });
  });
});

describe('the audit log is append-only, and kept AUDIT_MONTHS', () => {
  const ancient = (months: number, ms = 0) => {
    const t = new Date(SWEEP_AT);
    t.setUTCMonth(t.getUTCMonth() - months);
    return new Date(t.getTime() + ms).toISOString();
  };
  const entryIds = async () => (await t.app.db.kysely.selectFrom('audit_log').select('id').execute()).map((r) => r.id).sort();

  it('deletes entries older than AUDIT_MONTHS (60 by default) oldest first, keeps the one at the limit, and says how many', async () => {
    at(SWEEP_AT);
    const before = await entryIds();
    // Three entries past the 60 months, one exactly at the limit, one a month inside it.
    for (const [when, action] of [
      [ancient(72), 'export.create'],
      [ancient(61), 'user.create'],
      [ancient(60, -1), 'results.read'],
      [ancient(60), 'user.disable'],
      [ancient(59), 'export.create'],
    ] as const) {
      await recordAudit(t.app.db.kysely, { at: when, actor: null, action, target: 'vanha' });
    }
    const old = (await t.app.db.kysely.selectFrom('audit_log').select(['id', 'at']).where('target', '=', 'vanha').execute()).sort((a, b) => a.at.localeCompare(b.at));
    expect(old).toHaveLength(5);

    const dry = await sweep(t.app.db.kysely, now, SETTINGS, { dryRun: true });
    expect(dry.counts.auditEntries).toBe(3);
    expect(await entryIds()).toEqual([...before, ...old.map((e) => e.id)].sort());

    // The server's own schedule, with the configured AUDIT_MONTHS (the default, 60), two rows a batch.
    expect(t.config.auditMonths).toBe(60);
    const result = await sweep(t.app.db.kysely, now, SETTINGS, { batchSize: 2 });
    expect(result.counts.auditEntries).toBe(3);
    const left = await entryIds();
    expect(left).toEqual(expect.arrayContaining([...before, old[3]!.id, old[4]!.id]));
    for (const gone of old.slice(0, 3)) expect(left).not.toContain(gone.id);
    // The sweep's own entry (written after the deletes, so never among them) says how many went and by which rule.
    const details = (await sweeps()).map((e) => JSON.parse(e.details) as { deleted: SweepCounts; auditMonths: number });
    expect(details.filter((d) => d.deleted.auditEntries > 0)).toEqual([expect.objectContaining({ deleted: expect.objectContaining({ auditEntries: 3 }), auditMonths: 60 })]);
    // The admin page and the audit CSV read it as a sentence.
    const entry = (await sweeps()).find((e) => (JSON.parse(e.details) as { deleted: SweepCounts }).deleted.auditEntries === 3)!;
    expect(auditEventDetails(entry.action, JSON.parse(entry.details), null, 'fi')).toBe('vanhoja lokimerkintöjä 3');
    expect(auditEventDetails(entry.action, JSON.parse(entry.details), null, 'en')).toBe('old audit entries 3');
    expect((await t.app.housekeeping.run()).counts.auditEntries).toBe(0);
  });

  it('AUDIT_MONTHS=0 keeps every entry for the life of the database', async () => {
    await recordAudit(t.app.db.kysely, { at: ancient(240), actor: null, action: 'user.create', target: 'ikivanha' });
    const before = await entryIds();
    const result = await sweep(t.app.db.kysely, now, { ...SETTINGS, auditMonths: 0 });
    expect(result.counts.auditEntries).toBe(0);
    expect(await entryIds()).toEqual(expect.arrayContaining(before));
    // The same entry goes under a rule that reaches it.
    expect((await sweep(t.app.db.kysely, now, { ...SETTINGS, auditMonths: 239 })).counts.auditEntries).toBe(1);
  });

  it('no code outside the migrations updates or deletes audit rows but the age rule in db/audit.ts', () => {
    const offenders: string[] = [];
    // The one delete: by age alone (`at` before the cutoff), never by actor, action or target.
    const audit = fs.readFileSync(path.join(projectRoot, 'db/audit.ts'), 'utf8');
    const expiry = /export async function deleteAuditEntriesBefore\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(audit);
    expect(expiry).not.toBeNull();
    expect([...expiry![1]!.matchAll(/\.where\(\s*'(\w+)'/g)].map((m) => m[1])).toEqual(['at', 'id', 'at']);
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'migrations') visit(file);
        } else if (/\.(ts|mjs|js)$/.test(entry.name)) {
          let text = fs.readFileSync(file, 'utf8');
          if (file === path.join(projectRoot, 'db/audit.ts')) text = text.replace(expiry![0], '');
          const patterns = [/(updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`]audit_log/, /\b(update|delete\s+from|truncate(\s+table)?)\s+["`]?audit_log\b/i, /dropTable\(\s*['"`]audit_log/];
          for (const pattern of patterns) if (pattern.test(text)) offenders.push(`${path.relative(projectRoot, file)}: ${pattern}`);
        }
      }
    };
    for (const dir of ['db', 'server', 'scripts']) visit(path.join(projectRoot, dir));
    expect(offenders).toEqual([]);
    // The guard itself finds what it looks for.
    expect(/(updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`]audit_log/.test("db.deleteFrom('audit_log')")).toBe(true);
    expect(/(updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`]audit_log/.test(audit)).toBe(true);
  });
});

describe('the schedule', () => {
  it('runs soon after start and then every interval, never two at once, and stops', async () => {
    const runs: HousekeepingRun[] = [];
    const errors: object[] = [];
    const housekeeper = new Housekeeper(t.app.db.kysely, () => now, SETTINGS, { error: (o) => errors.push(o) }, { firstDelayMs: 1, intervalMs: 1 });
    const three = new Promise<void>((resolve) =>
      housekeeper.onRun((run) => {
        runs.push(run);
        if (runs.length === 3) resolve();
      }),
    );
    housekeeper.start();
    housekeeper.start(); // a second start does not make a second schedule
    await three;
    await housekeeper.stop();
    const afterStop = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs.length).toBe(afterStop);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(errors).toEqual([]);
    // One run at a time: asking while one is under way gets the same run.
    const first = t.app.housekeeping.run();
    expect(t.app.housekeeping.run()).toBe(first);
    await first;
  });

  it('a failing sweep is logged and counted, and the schedule goes on', async () => {
    // A pool that was opened and closed: every query on it fails (Kysely opens a never-used one anew).
    const broken = connect(t.database.url);
    await pingDatabase(broken.kysely);
    await broken.close();
    const runs: HousekeepingRun[] = [];
    const errors: object[] = [];
    const housekeeper = new Housekeeper(broken.kysely, () => now, SETTINGS, { error: (o) => errors.push(o) }, { firstDelayMs: 1, intervalMs: 1 });
    const two = new Promise<void>((resolve) => housekeeper.onRun((run) => runs.push(run) === 2 && resolve()));
    housekeeper.start();
    await two;
    await housekeeper.stop();
    expect(runs.slice(0, 2).map((r) => r.ok)).toEqual([false, false]);
    expect(housekeeper.lastSuccess).toBeNull();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
  });
});

/** Runs the command as `npm run housekeeping` does, from source (the build is the launcher's business, tested in deploy). */
function cli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'server/cli/housekeeping.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ATTEMPT_DAYS: '30' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('npm run housekeeping', { timeout: 120_000 }, () => {
  it('--dry-run lists what it would delete and deletes nothing; without it, deletes and audits', async () => {
    // The command runs on the real clock: make rows older than ATTEMPT_DAYS=30 and a draft expired yesterday.
    const real = Date.now();
    at(real - 40 * DAY);
    const old = [crypto.randomUUID(), crypto.randomUUID()];
    for (const id of old) await ping(id, 0);
    at(real - 15 * DAY);
    await saveDraft();
    at(real);
    const kept = crypto.randomUUID();
    await ping(kept, 0);
    const before = await column('attempts', 'id');
    const audited = (await sweeps()).length;

    const dry = await cli(['--dry-run'], t.database.url);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would delete \(dry run, nothing deleted\)/);
    // Every old attempt of this file is past 30 days of the real clock (the timeline is in 2027, the rows above in the past).
    expect(dry.stdout).toMatch(/\s2 {2}attempts older than ATTEMPT_DAYS/);
    expect(dry.stdout).toMatch(/\s1 {2}expired drafts/);
    expect(await column('attempts', 'id')).toEqual(before);
    expect((await sweeps()).length).toBe(audited);

    const wet = await cli([], t.database.url);
    expect(wet.code).toBe(0);
    expect(wet.stdout).toMatch(/deleted:/);
    expect(wet.stdout).toMatch(/\s2 {2}attempts older than ATTEMPT_DAYS/);
    const left = await column('attempts', 'id');
    for (const id of old) expect(left).not.toContain(id);
    expect(left).toContain(kept);
    expect((await sweeps()).length).toBe(audited + 1);

    expect((await cli(['--bogus'], t.database.url)).code).toBe(2);
  });
});
