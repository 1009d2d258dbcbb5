import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import { deletionGeneration } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { projectRoot } from '../../server/config.ts';
import { loadGeography } from '../../server/geography.ts';
import { addPeriod, retentionSweep, type RetentionStep } from '../../server/ops/retention.ts';
import { retentionAnonymiser } from '../../server/privacy/anonymise.ts';
import { readSurveyFiles } from '../../server/surveys/catalog.ts';
import { buildTestApp, surveysFolder, testConfig, type TestApp } from '../helpers/app.ts';
import { adminSession, countResponses, createInvitations, setLifecycle, submitAnswer } from '../factories/distribution.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * Retention on a real database, on the app's clock: surveys with and without a rule are answered,
 * close, and the clock moves on. Each rule fires at its moment and not a millisecond before, a dry
 * run changes nothing, the results follow an erasure, audit entries carry counts and never answers,
 * and submissions that arrive while the sweep erases are all kept.
 */

const DAY = 86_400_000;
const T0 = Date.parse('2027-03-01T08:00:00.000Z');
const CLOSES = T0 + 10 * DAY; // 2027-03-11
const INVITATION_DAYS = 25;
const REAL = Date.now();

const SURVEYS = {
  // Deleted 30 days after closing; an admin lets late answers in, each kept its own 30 days.
  'poisto.json': envelope('poisto', allTypesDefinition(), { retention: { days: 30, then: 'delete' } }),
  // No rule: kept; only its invitations go.
  'kesto.json': envelope('kesto', allTypesDefinition(), { closes: new Date(CLOSES).toISOString() }),
  // Anonymised a calendar month after closing: 2027-04-11.
  'anonyymi.json': envelope('anonyymi', allTypesDefinition(), { closes: new Date(CLOSES).toISOString(), retention: { months: 1, then: 'anonymise' } }),
  // Never closes, so its short rule never fires; it takes submissions during the sweep.
  'auki.json': envelope('auki', allTypesDefinition(), { retention: { days: 1, then: 'delete' } }),
  // Many responses, erased in small batches while 'auki' takes answers.
  'iso.json': envelope('iso', allTypesDefinition(), { closes: new Date(T0 + 2 * DAY).toISOString(), retention: { days: 1, then: 'delete' } }),
  // For the command, which runs on the real clock: closed 60 days ago, kept 30.
  'vanha.json': envelope('vanha', allTypesDefinition(), { closes: new Date(REAL - 60 * DAY).toISOString(), retention: { days: 30, then: 'delete' } }),
};

const TABLES: (keyof Database)[] = ['responses', 'answers', 'links', 'audit_log', 'response_deletions', 'attempts', 'drafts', 'sessions', 'survey_states', 'survey_versions', 'users'];

let t: TestApp;
let now = new Date(T0);
let admin: SignedIn;
let analystEmail = '';
const at = (ms: number) => {
  now = new Date(ms);
};
const settings = { invitationDays: INVITATION_DAYS };
const metas = () => t.app.catalog.list().map((s) => s.meta);
// With the privacy module's anonymiser, as the server and the command run it.
const sweepNow = (options: { dryRun?: boolean; batchSize?: number } = {}) => retentionSweep(t.app.db.kysely, metas(), now, settings, { anonymise: retentionAnonymiser(), ...options });
const tableCounts = async () => {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.app.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
};
const retentionAudit = async () => [
  ...(await listAudit(t.app.db.kysely, { limit: 500, action: 'retention.delete' })),
  ...(await listAudit(t.app.db.kysely, { limit: 500, action: 'retention.anonymise' })),
];
const invitations = async (survey: string) =>
  Number((await t.app.db.kysely.selectFrom('links').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', survey).where('kind', '=', 'invitation').executeTakeFirstOrThrow()).n);
const answerRows = async (survey: string) =>
  Number((await t.app.db.kysely.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', survey).executeTakeFirstOrThrow()).n);
const total = async (survey: string): Promise<number> => {
  // Signed in anew on the moved clock: the first session ended weeks ago.
  const analyst = await signIn(t.app, analystEmail);
  const res = await t.app.inject({ method: 'GET', url: `/api/results/${survey}/collection`, headers: analyst.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total;
};
const submit = async (survey: string, data = allTypesAnswer()) => {
  const res = await submitAnswer(t.app, survey, data);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().receipt.id as string;
};
/** The steps of some surveys only, in a stable order. */
const stepsOf = (steps: readonly RetentionStep[], ...surveys: string[]) =>
  steps.filter((s) => surveys.includes(s.survey)).map((s) => `${s.survey} ${s.kind} ${s.action} ${s.count} ${s.outcome}`).sort();

let lateId = '';

beforeAll(async () => {
  t = await buildTestApp(SURVEYS, { clock: () => now, config: { invitationDays: INVITATION_DAYS, submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  at(T0);
  admin = await adminSession(t.app);
  analystEmail = (await addUser(t.app, { role: 'analyst' })).email;
  await setLifecycle(t.app, admin, 'poisto', { closesAt: new Date(CLOSES).toISOString(), afterClose: 'accept_late' });
  await createInvitations(t.app, admin, 'poisto', ['Maija Meikäläinen', 'Matti Virtanen', 'maija@example.fi']);
  await createInvitations(t.app, admin, 'kesto', ['Liisa Laine', 'Pekka Pouta']);
  at(T0 + DAY);
  for (let i = 0; i < 12; i++) await submit('poisto', allTypesAnswer({ 'alueet-Comment': `Salainen vastaus ${i}` }));
  for (let i = 0; i < 4; i++) await submit('kesto');
  for (let i = 0; i < 3; i++) await submit('anonyymi', allTypesAnswer({ avoin: 'Soittakaa minulle numeroon 040 123 4567' }));
  for (let i = 0; i < 2; i++) await submit('auki');
  // A late answer, ten days after the close: its own 30 days run to day 50.
  at(T0 + 20 * DAY);
  lateId = await submit('poisto', allTypesAnswer({ 'alueet-Comment': 'Myöhäinen salaisuus' }));
}, 120_000);
afterAll(async () => t?.close());

describe('retention sweep', () => {
  it("the admin's lifecycle view gives each rule and the moment it fires, none before the survey closes", async () => {
    at(T0 + 2 * DAY);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/surveys', headers: (await adminSession(t.app)).headers });
    expect(res.statusCode, res.body).toBe(200);
    const of = (id: string) => res.json().surveys.find((s: { id: string }) => s.id === id).retention;
    expect(of('poisto')).toEqual({
      closedAt: null,
      responses: { unit: 'days', count: 30, then: 'delete', firesAt: null },
      invitations: { days: INVITATION_DAYS, firesAt: null },
    });
    // Closed at T0 + 2 days: its rule of a day fires a day later.
    expect(of('iso')).toEqual({
      closedAt: new Date(T0 + 2 * DAY).toISOString(),
      responses: { unit: 'days', count: 1, then: 'delete', firesAt: new Date(T0 + 3 * DAY).toISOString() },
      invitations: { days: INVITATION_DAYS, firesAt: new Date(T0 + 27 * DAY).toISOString() },
    });
    expect(of('anonyymi').responses).toEqual({ unit: 'months', count: 1, then: 'anonymise', firesAt: null });
    expect(of('kesto').responses).toBeNull();
  });

  it('does nothing a millisecond before the first rule fires', async () => {
    at(T0 + INVITATION_DAYS * DAY + 10 * DAY - 1);
    const before = await tableCounts();
    expect((await sweepNow({ dryRun: true })).steps).toEqual([]);
    expect(stepsOf((await sweepNow()).steps, 'poisto', 'kesto', 'anonyymi', 'auki')).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  });

  it('deletes invitations INVITATION_DAYS after their survey closed, and nothing else', async () => {
    at(CLOSES + INVITATION_DAYS * DAY);
    const result = await sweepNow();
    expect(stepsOf(result.steps, 'poisto', 'kesto', 'anonyymi', 'auki')).toEqual(['kesto invitations delete 2 done', 'poisto invitations delete 3 done']);
    expect([await invitations('poisto'), await invitations('kesto')]).toEqual([0, 0]);
    expect(await countResponses(t.app, 'poisto')).toBe(13);
    const entries = (await retentionAudit()).filter((e) => e.target === 'poisto' || e.target === 'kesto');
    expect(entries.map((e) => [e.target, JSON.parse(e.details)])).toEqual(
      expect.arrayContaining([
        ['poisto', { kind: 'invitations', count: 3, invitationDays: INVITATION_DAYS, closedAt: new Date(CLOSES).toISOString() }],
        ['kesto', { kind: 'invitations', count: 2, invitationDays: INVITATION_DAYS, closedAt: new Date(CLOSES).toISOString() }],
      ]),
    );
    // The labels, names and an address, are nowhere in the audit log.
    expect(JSON.stringify(entries)).not.toMatch(/Maija|Matti|Liisa|example\.fi/);
  });

  it('keeps responses until the moment their rule fires', async () => {
    at(CLOSES + 30 * DAY - 1);
    expect(stepsOf((await sweepNow({ dryRun: true })).steps, 'poisto')).toEqual([]);
    await sweepNow();
    expect(await countResponses(t.app, 'poisto')).toBe(13);
  });

  it('a dry run at the moment lists each survey and kind with counts and changes nothing', async () => {
    at(addPeriod(new Date(CLOSES), { unit: 'months', count: 1 }).getTime());
    expect(now.toISOString()).toBe('2027-04-11T08:00:00.000Z');
    const before = await tableCounts();
    const generation = await deletionGeneration(t.app.db.kysely, 'poisto');
    const audited = (await retentionAudit()).length;
    const result = await sweepNow({ dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(stepsOf(result.steps, 'poisto', 'kesto', 'anonyymi', 'auki')).toEqual(['anonyymi responses anonymise 3 dry_run', 'poisto responses delete 12 dry_run']);
    expect(result.steps.find((s) => s.survey === 'poisto')).toMatchObject({ closedAt: new Date(CLOSES).toISOString(), firesAt: new Date(CLOSES + 30 * DAY).toISOString() });
    expect(await tableCounts()).toEqual(before);
    expect(await deletionGeneration(t.app.db.kysely, 'poisto')).toBe(generation);
    expect(await retentionAudit()).toHaveLength(audited);

    // Without an anonymiser an anonymise rule is reported, and nothing is changed.
    const alone = await retentionSweep(t.app.db.kysely, metas().filter((m) => m.id === 'anonyymi'), now, settings);
    expect(stepsOf(alone.steps, 'anonyymi')).toEqual(['anonyymi responses anonymise 3 not_available']);
    expect(await tableCounts()).toEqual(before);
  });

  it("the server's housekeeping erases what is due; the results follow and the audit entry carries the count, never an answer", async () => {
    const figuresBefore = await total('poisto');
    expect(figuresBefore).toBe(13);
    const generation = await deletionGeneration(t.app.db.kysely, 'poisto');
    const anonymousBefore = await t.app.db.kysely.selectFrom('responses').select(['id', 'submitted_at', 'data']).where('survey_id', '=', 'anonyymi').execute();
    const result = await t.app.housekeeping.run();
    expect(stepsOf(result.retention!.steps, 'poisto', 'kesto', 'anonyymi', 'auki')).toEqual(['anonyymi responses anonymise 3 done', 'poisto responses delete 12 done']);

    // Only the late answer is left, with its answer rows; the others' rows are gone.
    const left = await t.app.db.kysely.selectFrom('responses').select('id').where('survey_id', '=', 'poisto').execute();
    expect(left.map((r) => r.id)).toEqual([lateId]);
    const lateRows = await t.app.db.kysely.selectFrom('answers').select('response_id').distinct().where('survey_id', '=', 'poisto').execute();
    expect(lateRows.map((r) => r.response_id)).toEqual([lateId]);
    // No rule, a survey still open: kept. Anonymised: kept, with the phone number redacted
    // (the response and its answer row) and the submission time coarsened to its week.
    expect([await countResponses(t.app, 'kesto'), await countResponses(t.app, 'auki')]).toEqual([4, 2]);
    const anonymised = await t.app.db.kysely.selectFrom('responses').select(['id', 'submitted_at', 'data']).where('survey_id', '=', 'anonyymi').execute();
    expect(anonymised.map((r) => r.id).sort()).toEqual(anonymousBefore.map((r) => r.id).sort());
    for (const r of anonymised) {
      expect(r.data).not.toContain('040 123 4567');
      expect(r.submitted_at < anonymousBefore[0]!.submitted_at).toBe(true);
    }
    expect(anonymousBefore[0]!.data).toContain('040 123 4567');
    const texts = await t.app.db.kysely.selectFrom('answers').select('value').where('survey_id', '=', 'anonyymi').where('question', '=', 'avoin').execute();
    expect(texts).toHaveLength(3);
    for (const a of texts) expect(a.value).not.toContain('040 123 4567');

    // The results index follows at once (the deletion generation moved: a snapshot is refused too).
    expect(await deletionGeneration(t.app.db.kysely, 'poisto')).toBeGreaterThan(generation);
    expect(await total('poisto')).toBe(1);

    const entries = (await retentionAudit()).filter((e) => e.target === 'poisto' && JSON.parse(e.details).kind === 'responses');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'retention.delete', actor_id: null, at: now.toISOString() });
    expect(JSON.parse(entries[0]!.details)).toEqual({
      kind: 'responses',
      count: 12,
      rule: { days: 30, then: 'delete' },
      closedAt: new Date(CLOSES).toISOString(),
      submittedUpTo: new Date(now.getTime() - 30 * DAY).toISOString(),
    });
    const everything = JSON.stringify(await listAudit(t.app.db.kysely, { limit: 1000 }));
    expect(everything).not.toMatch(/Salainen|salaisuus|Liikkuminen|harrastuksia/);
    expect(everything).not.toContain('040 123 4567');
    const anonymisedEntries = (await retentionAudit()).filter((e) => e.target === 'anonyymi');
    expect(anonymisedEntries.map((e) => [e.action, JSON.parse(e.details).count])).toEqual([['retention.anonymise', 3]]);
  });

  it('a late answer is kept its own period after it arrived, then erased', async () => {
    at(T0 + 50 * DAY - 1);
    await sweepNow();
    expect(await countResponses(t.app, 'poisto')).toBe(1);
    at(T0 + 50 * DAY);
    // The anonymised responses are not read again: their survey's progress is kept.
    expect(stepsOf((await sweepNow()).steps, 'poisto', 'anonyymi')).toEqual(['poisto responses delete 1 done']);
    expect(await countResponses(t.app, 'poisto')).toBe(0);
    expect(await answerRows('poisto')).toBe(0);
    expect(await total('poisto')).toBe(0);
  });

  it('loses no submission that arrives while it erases in batches', { timeout: 180_000 }, async () => {
    at(T0 + DAY);
    const many = 150;
    for (let i = 0; i < many; i += 25) await Promise.all(Array.from({ length: Math.min(25, many - i) }, () => submit('iso')));
    expect(await countResponses(t.app, 'iso')).toBe(many);
    const openBefore = await countResponses(t.app, 'auki');

    at(T0 + 60 * DAY);
    let sweeping = true;
    const sweep = sweepNow({ batchSize: 5 }).finally(() => {
      sweeping = false;
    });
    // Submissions to the open survey go on while the sweep runs; each records whether it was
    // acknowledged before the sweep had finished.
    const acknowledged: { id: string; during: boolean }[] = [];
    const submitter = async () => {
      for (let i = 0; i < 10; i++) {
        const res = await submitAnswer(t.app, 'auki', allTypesAnswer());
        expect(res.statusCode, res.body).toBe(201);
        acknowledged.push({ id: res.json().receipt.id, during: sweeping });
      }
    };
    const [result] = await Promise.all([sweep, submitter(), submitter(), submitter(), submitter()]);

    expect(stepsOf(result.steps, 'iso')).toEqual([`iso responses delete ${many} done`]);
    expect(await countResponses(t.app, 'iso')).toBe(0);
    expect(acknowledged).toHaveLength(40);
    // The sweep and the submissions did overlap: some were acknowledged while it was still erasing.
    expect(acknowledged.filter((a) => a.during).length).toBeGreaterThan(0);
    const stored = new Set((await t.app.db.kysely.selectFrom('responses').select('id').where('survey_id', '=', 'auki').execute()).map((r) => r.id));
    expect(acknowledged.filter((a) => !stored.has(a.id))).toEqual([]);
    expect(stored.size).toBe(openBefore + 40);
    expect(await answerRows('auki')).toBeGreaterThan(0);
  });
});

describe('retention rules in survey files', () => {
  const geography = loadGeography(testConfig({}).geographyFile);
  const load = (retention: unknown) => () => readSurveyFiles(surveysFolder({ 'kysely.json': envelope('kysely', allTypesDefinition(), { retention }) }), geography);

  it('reads a rule in months or days', () => {
    expect(load({ months: 24, then: 'delete' })()[0]!.meta.retention).toEqual({ period: { unit: 'months', count: 24 }, then: 'delete' });
    expect(load({ days: 90, then: 'anonymise' })()[0]!.meta.retention).toEqual({ period: { unit: 'days', count: 90 }, then: 'anonymise' });
    // A file without a rule has no field at all, so its content hash (and version) is what it was.
    expect('retention' in readSurveyFiles(surveysFolder({ 'kysely.json': envelope('kysely', allTypesDefinition()) }), geography)[0]!.meta).toBe(false);
  });

  it('refuses bad values, naming the file and the field', () => {
    expect(load({ months: 0, then: 'delete' })).toThrow(/kysely\.json[\s\S]*retention\.months/);
    expect(load({ days: 1.5, then: 'delete' })).toThrow(/kysely\.json[\s\S]*retention\.days/);
    expect(load({ days: 30, then: 'archive' })).toThrow(/kysely\.json[\s\S]*retention\.then/);
    expect(load({ days: 30, then: 'delete', weeks: 2 })).toThrow(/kysely\.json[\s\S]*retention/);
    expect(load({ days: 30, months: 1, then: 'delete' })).toThrow(/kysely\.json[\s\S]*retention needs exactly one of months and days.*both/);
    expect(load({ then: 'delete' })).toThrow(/kysely\.json[\s\S]*retention needs exactly one of months and days.*neither/);
    expect(load('two years')).toThrow(/kysely\.json[\s\S]*retention/);
  });

  it('counts calendar months to the same day, or the last day of a shorter month', () => {
    expect(addPeriod(new Date('2027-01-31T12:00:00.000Z'), { unit: 'months', count: 1 }).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(addPeriod(new Date('2027-03-31T12:00:00.000Z'), { unit: 'months', count: -1 }).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(addPeriod(new Date('2027-11-15T00:00:00.000Z'), { unit: 'months', count: 24 }).toISOString()).toBe('2029-11-15T00:00:00.000Z');
  });
});

function runRetention(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'server/cli/retention.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: t.database.url, SURVEYS_DIR: t.config.surveysDir, LOG_LEVEL: 'silent', INVITATION_DAYS: '3650' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('npm run retention', { timeout: 120_000 }, () => {
  it('--dry-run lists what it would do and changes nothing; without it, erases and audits', async () => {
    // The command runs on the real clock: answers from 70 days ago to a survey closed 60 days ago, kept 30.
    at(REAL - 70 * DAY);
    for (let i = 0; i < 3; i++) await submit('vanha');
    at(REAL);
    const before = await tableCounts();

    const dry = await runRetention(['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would do \(dry run, nothing changed\)/);
    expect(dry.stdout).toMatch(/^\s+3 {2}responses {4}delete {5}vanha {2}\(closed /m);
    expect(await tableCounts()).toEqual(before);

    const run = await runRetention([]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\s+3 {2}responses {4}delete {5}vanha/m);
    expect(await countResponses(t.app, 'vanha')).toBe(0);
    const entries = (await retentionAudit()).filter((e) => e.target === 'vanha');
    expect(entries.map((e) => JSON.parse(e.details).count)).toEqual([3]);
  });
});
