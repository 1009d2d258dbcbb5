import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletionGeneration } from '../../db/responses.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, plannerSession } from '../factories/distribution.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * A planner's own entries of the day: listed for them alone, corrected (a new response in place of
 * the old, both in the audit log) and voided (gone from the results, kept in the audit log), only
 * by the planner who entered them. Runs on SQLite, and on PostgreSQL with DATABASE_URL.
 */

const SURVEY = 'haastattelu';
const surveys = { [`${SURVEY}.json`]: envelope(SURVEY, allTypesDefinition(), { municipalityQuestion: 'kunta', suppression: { minGroupSize: 1, minCellSize: 1 } }) };
// 14:00 in Finland on 10 December; the planner's day began at 22:00 UTC the evening before.
let now = new Date('2026-12-10T12:00:00.000Z');
let database: TestDatabase;
let dir: string;
let t: TestApp;
let planner: SignedIn;
let other: SignedIn;
let admin: SignedIn;
let analyst: SignedIn;

const start = () =>
  buildTestApp(surveys, { database, clock: () => now, config: { resultsSnapshotDir: dir, loginRateLimit: 100_000 } });

beforeAll(async () => {
  database = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-entry-snapshots-'));
  t = await start();
  planner = await plannerSession(t.app);
  other = await plannerSession(t.app);
  admin = await adminSession(t.app);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const enter = async (who: SignedIn, data: Record<string, unknown>, municipality = '305', channel = 'paper') => {
  const res = await t.app.inject({ method: 'POST', url: `/api/entry/${SURVEY}/responses`, headers: who.headers, payload: { id: crypto.randomUUID(), data, municipality, channel } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().receipt.id as string;
};
const mine = async (who: SignedIn) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/entry/responses', headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { since: string; entries: { responseId: string; state: string; replaces: string | null; replacedBy: string | null; data: Record<string, unknown> | null; municipality: string; channel: string }[] };
};
const correct = (who: SignedIn, id: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'PUT', url: `/api/entry/responses/${id}`, headers: who.headers, payload: { id: crypto.randomUUID(), municipality: '305', channel: 'paper', ...body } });
const voidEntry = (who: SignedIn, id: string) => t.app.inject({ method: 'DELETE', url: `/api/entry/responses/${id}`, headers: who.headers });
const stored = async (id: string) => (await t.app.db.kysely.selectFrom('responses').select('id').where('id', '=', id).execute()).length;
const audit = async (action: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/admin/audit?action=${action}&limit=500`, headers: admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries as { actorEmail: string; target: string; details: Record<string, unknown> }[];
};
/** What an analyst sees of the survey: respondents by channel, and the n and count of one answer. */
const figures = async () => {
  const collection = (await t.app.inject({ method: 'GET', url: `/api/results/${SURVEY}/collection`, headers: analyst.headers })).json();
  const question = (await t.app.inject({ method: 'GET', url: `/api/results/${SURVEY}/questions/ikaryhma`, headers: analyst.headers })).json();
  const group = question.groups[0];
  const count = (value: string) => group.categories.find((c: { value: string }) => c.value === value)?.count ?? 0;
  return { paper: collection.channels.paper as number, n: group.n as number, young: count('13-17'), old: count('65+') };
};

describe("a planner's entries of the day", () => {
  it('lists only the signed-in planner’s own entries of today, newest first, with their answers to correct', async () => {
    now = new Date('2026-12-09T21:30:00.000Z'); // 23:30 in Finland: yesterday
    const yesterday = await enter(planner, allTypesAnswer({ kunta: '305' }));
    now = new Date('2026-12-10T12:00:00.000Z');
    const first = await enter(planner, allTypesAnswer({ kunta: '305', ikaryhma: '13-17' }));
    now = new Date('2026-12-10T12:05:00.000Z');
    const second = await enter(planner, allTypesAnswer({ kunta: '564' }), '564', 'interview');
    const theirs = await enter(other, allTypesAnswer({ kunta: '305' }));

    const list = await mine(planner);
    expect(list.since).toBe('2026-12-09T22:00:00.000Z');
    expect(list.entries.map((e) => e.responseId)).toEqual([second, first]);
    expect(list.entries[0]).toMatchObject({ state: 'stored', municipality: '564', channel: 'interview' });
    expect(list.entries[1]!.data).toMatchObject({ kunta: '305', ikaryhma: '13-17' });
    expect(JSON.stringify(list)).not.toContain(theirs);
    expect(JSON.stringify(list)).not.toContain(yesterday);
    expect((await mine(other)).entries.map((e) => e.responseId)).toEqual([theirs]);
  });

  it('corrects an entry: the new response replaces the old in the results, both in the audit log in one transaction', async () => {
    const old = await enter(planner, allTypesAnswer({ kunta: '305', ikaryhma: '13-17' }));
    const before = await figures();
    const res = await correct(planner, old, { data: allTypesAnswer({ kunta: '305', ikaryhma: '65+' }) });
    expect(res.statusCode, res.body).toBe(201);
    const fresh = res.json().receipt.id as string;
    expect(res.json()).toMatchObject({ repeated: false, replaces: old });
    expect(await stored(old)).toBe(0);
    expect(await stored(fresh)).toBe(1);
    // Right away, with no wait for the index's periodic check: one 13-17 fewer, one 65+ more, n the same.
    expect(await figures()).toEqual({ ...before, young: before.young - 1, old: before.old + 1 });

    const entered = await audit('response.entry');
    expect(entered.some((e) => e.details.responseId === old)).toBe(true);
    const corrections = await audit('response.entry.correct');
    expect(corrections).toContainEqual(expect.objectContaining({ target: SURVEY, details: expect.objectContaining({ responseId: fresh, replaces: old, channel: 'paper', municipality: '305' }) }));
    expect(JSON.stringify(corrections)).not.toContain('65+');

    const list = (await mine(planner)).entries;
    expect(list.find((e) => e.responseId === old)).toMatchObject({ state: 'replaced', replacedBy: fresh, data: null });
    expect(list.find((e) => e.responseId === fresh)).toMatchObject({ state: 'stored', replaces: old });

    // A retry of the same correction gets its first receipt and changes nothing.
    const again = await t.app.inject({ method: 'PUT', url: `/api/entry/responses/${old}`, headers: planner.headers, payload: { id: fresh, data: allTypesAnswer({ kunta: '305', ikaryhma: '65+' }), municipality: '305', channel: 'paper' } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ repeated: true, replaces: old, receipt: res.json().receipt });
    expect(await figures()).toEqual({ ...before, young: before.young - 1, old: before.old + 1 });
  });

  it('refuses a correction that does not validate, and keeps the old entry', async () => {
    const old = await enter(planner, allTypesAnswer({ kunta: '305' }));
    const before = await figures();
    const invalid = await correct(planner, old, { data: allTypesAnswer({ kunta: '305', elama: 9 }) });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('invalid_answers');
    expect(await stored(old)).toBe(1);
    const sameId = await t.app.inject({ method: 'PUT', url: `/api/entry/responses/${old}`, headers: planner.headers, payload: { id: old, data: allTypesAnswer({ kunta: '305' }), municipality: '305', channel: 'paper' } });
    expect(sameId.statusCode).toBe(400);
    expect(sameId.json().error.code).toBe('correction_same_id');
    expect(await figures()).toEqual(before);
  });

  it('voids an entry: gone from the results at once (analyst figures drop by one), kept in the audit log', async () => {
    const id = await enter(planner, allTypesAnswer({ kunta: '305', ikaryhma: '13-17' }));
    const before = await figures();
    const generation = await deletionGeneration(t.app.db.kysely, SURVEY);
    const res = await voidEntry(planner, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ responseId: id, surveyId: SURVEY });
    expect(await stored(id)).toBe(0);
    expect(await t.app.db.kysely.selectFrom('answers').select('question').where('response_id', '=', id).execute()).toEqual([]);
    expect(await figures()).toEqual({ paper: before.paper - 1, n: before.n - 1, young: before.young - 1, old: before.old });
    // The deletion generation moved: a snapshot written before this is refused at the next start.
    expect(await deletionGeneration(t.app.db.kysely, SURVEY)).toBeGreaterThan(generation);

    const voids = await audit('response.entry.void');
    expect(voids).toContainEqual(expect.objectContaining({ target: SURVEY, details: expect.objectContaining({ responseId: id, channel: 'paper', municipality: '305' }) }));
    expect((await audit('response.entry')).some((e) => e.details.responseId === id)).toBe(true);
    expect((await mine(planner)).entries.find((e) => e.responseId === id)).toMatchObject({ state: 'voided', data: null });

    // Voided is final: neither voided again nor corrected.
    expect((await voidEntry(planner, id)).statusCode).toBe(404);
    expect((await correct(planner, id, { data: allTypesAnswer({ kunta: '305' }) })).statusCode).toBe(404);
  });

  it('lets only the entry’s own planner correct or void it: another planner, an admin and a web answer are refused', async () => {
    const id = await enter(planner, allTypesAnswer({ kunta: '305' }));
    const before = await figures();
    for (const who of [other, admin]) {
      const voided = await voidEntry(who, id);
      expect(voided.statusCode).toBe(403);
      expect(voided.json().error.code).toBe('not_your_entry');
      const corrected = await correct(who, id, { data: allTypesAnswer({ kunta: '305', ikaryhma: '65+' }) });
      expect(corrected.statusCode).toBe(403);
      expect(corrected.json().error.code).toBe('not_your_entry');
    }
    const web = await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer({ kunta: '305' }), locale: 'fi' } });
    expect(web.statusCode, web.body).toBe(201);
    expect((await voidEntry(planner, web.json().receipt.id)).statusCode).toBe(403);
    expect((await voidEntry(planner, crypto.randomUUID())).statusCode).toBe(404);
    expect((await voidEntry(planner, 'not-a-uuid')).statusCode).toBe(400);
    expect(await stored(id)).toBe(1);
    expect(await figures()).toEqual({ ...before, paper: before.paper, n: before.n + 1, young: before.young, old: before.old });
    const analystTry = await voidEntry(analyst, id);
    expect(analystTry.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/entry/responses' })).statusCode).toBe(401);
  });

  it('writes the entry’s audit line in the transaction that stores it: a failed audit write stores no answer', async () => {
    const id = crypto.randomUUID();
    // The audit table refuses every insert for a moment: the entry must not be stored without its line.
    const { sql } = await import('kysely');
    const postgres = t.app.db.dialect === 'postgres';
    if (postgres) {
      await sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`.execute(t.app.db.kysely);
      await sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`.execute(t.app.db.kysely);
    } else {
      await sql`create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit refused'); end`.execute(t.app.db.kysely);
    }
    try {
      const res = await t.app.inject({ method: 'POST', url: `/api/entry/${SURVEY}/responses`, headers: planner.headers, payload: { id, data: allTypesAnswer({ kunta: '305' }), municipality: '305', channel: 'paper' } });
      expect(res.statusCode).toBe(500);
      expect(await stored(id)).toBe(0);
    } finally {
      await sql`drop trigger refuse_audit${postgres ? sql` on audit_log` : sql``}`.execute(t.app.db.kysely);
      if (postgres) await sql`drop function refuse_audit()`.execute(t.app.db.kysely);
    }
    const after = await t.app.inject({ method: 'POST', url: `/api/entry/${SURVEY}/responses`, headers: planner.headers, payload: { id, data: allTypesAnswer({ kunta: '305' }), municipality: '305', channel: 'paper' } });
    expect(after.statusCode).toBe(201);
    expect((await audit('response.entry')).filter((e) => e.details.responseId === id)).toHaveLength(1);
  });

  it('a snapshot written before a void is not used after it: the next start counts without the voided entry', async () => {
    const id = await enter(planner, allTypesAnswer({ kunta: '305', ikaryhma: '13-17' }));
    const before = await figures();
    // Stopping writes the index's snapshot, with the entry in it.
    await t.close();
    t = await start();
    // Voided before any results request: this process has no index of the survey in memory yet.
    expect((await voidEntry(planner, id)).statusCode).toBe(200);
    await t.close();
    t = await start();
    expect(await figures()).toEqual({ paper: before.paper - 1, n: before.n - 1, young: before.young - 1, old: before.old });
  });
});
