import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../db/audit.ts';
import { unguardFormula } from '../../server/exports/formula-guard.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession } from '../factories/distribution.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The audit log for people: filtered on the server by person, event and Finnish calendar days,
 * a page at a time with the total, and the same lines as CSV with readable events in fi/sv/en,
 * every text through the formula guard. Runs on SQLite, and on PostgreSQL with DATABASE_URL.
 */

let t: TestApp;
let admin: SignedIn;
const planner = { id: crypto.randomUUID(), email: 'tallentaja@example.fi' };
const other = { id: crypto.randomUUID(), email: '=cmd|calc@example.fi' };

beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { config: { loginRateLimit: 100_000 } });
  admin = await adminSession(t.app);
  const db = t.app.db.kysely;
  // 12 entries by the planner on 9 December (Finnish time), 3 on 10 December; one by another person.
  for (let i = 0; i < 12; i++) {
    await recordAudit(db, { at: `2026-12-09T${String(8 + i).padStart(2, '0')}:00:00.000Z`, actor: planner, action: 'response.entry', target: 'kysely', details: { responseId: crypto.randomUUID(), channel: 'paper', municipality: '305', late: false } });
  }
  // 22:30 UTC on 9 December is 00:30 on 10 December in Finland.
  for (const at of ['2026-12-09T22:30:00.000Z', '2026-12-10T09:00:00.000Z', '2026-12-10T21:59:59.000Z']) {
    await recordAudit(db, { at, actor: planner, action: 'response.entry', target: 'kysely', details: { responseId: crypto.randomUUID(), channel: 'interview', municipality: '564', late: false } });
  }
  await recordAudit(db, { at: '2026-12-10T10:00:00.000Z', actor: other, action: 'response.entry.void', target: '+kysely', details: { responseId: crypto.randomUUID(), channel: 'paper', municipality: '305' } });
});
afterAll(async () => t.close());

const audit = (query: string) => t.app.inject({ method: 'GET', url: `/api/admin/audit?${query}`, headers: admin.headers });

describe('the audit log reader', () => {
  it('filters by person and event on the server, pages with the total, newest first', async () => {
    const first = await audit(`actor=${planner.email}&action=response.entry&limit=5`);
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body.total).toBe(15);
    expect(body.entries).toHaveLength(5);
    expect(body.entries[0].at).toBe('2026-12-10T21:59:59.000Z');
    expect(body.entries.every((e: { actorEmail: string; action: string }) => e.actorEmail === planner.email && e.action === 'response.entry')).toBe(true);
    const last = (await audit(`actor=${planner.email}&action=response.entry&limit=5&offset=10`)).json();
    expect(last.entries).toHaveLength(5);
    expect(last.entries.at(-1).at).toBe('2026-12-09T08:00:00.000Z');
    const ids = new Set([...body.entries, ...(await audit(`actor=${planner.email}&action=response.entry&limit=5&offset=5`)).json().entries, ...last.entries].map((e: { id: string }) => e.id));
    expect(ids.size).toBe(15);
    expect(body.actors).toEqual(expect.arrayContaining([planner.email, other.email]));
    expect(body.actions).toEqual(expect.arrayContaining(['response.entry', 'response.entry.void']));
  });

  it('filters by Finnish calendar days, both ends included', async () => {
    const day10 = (await audit(`actor=${planner.email}&from=2026-12-10&to=2026-12-10`)).json();
    expect(day10.entries.map((e: { at: string }) => e.at)).toEqual(['2026-12-10T21:59:59.000Z', '2026-12-10T09:00:00.000Z', '2026-12-09T22:30:00.000Z']);
    const day9 = (await audit(`actor=${planner.email}&to=2026-12-09`)).json();
    expect(day9.total).toBe(12);
    const wrong = await audit('from=2026-12-10&to=2026-12-09');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.detail).toMatch(/from/);
    expect((await audit('from=10.12.2026')).statusCode).toBe(400);
    expect((await audit('limit=0')).statusCode).toBe(400);
  });

  it('downloads the filtered lines as CSV with readable events in the language, guarded against formulas', async () => {
    const fi = await t.app.inject({ method: 'GET', url: '/api/admin/audit.csv?from=2026-12-10&to=2026-12-10', headers: admin.headers });
    expect(fi.statusCode, fi.body).toBe(200);
    expect(fi.headers['content-type']).toMatch(/^text\/csv/);
    expect(fi.headers['content-disposition']).toMatch(/attachment/);
    const rows: string[][] = parse(fi.body.replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: false });
    expect(rows[0]).toEqual(['aika', 'henkilö', 'tapahtuma', 'tiedot', 'kohde', 'koodi']);
    expect(rows).toHaveLength(1 + 4);
    const voided = rows.find((r) => r[5] === 'response.entry.void')!;
    expect(voided[2]).toBe('Tallennettu vastaus mitätöity');
    expect(voided[3]).toMatch(/poistettu tuloksista; paperilomake, kunta 305/);
    // A person's e-mail and a target that would start a formula arrive as text.
    expect(voided[1]).toBe("'=cmd|calc@example.fi");
    expect(unguardFormula(voided[1]!)).toBe(other.email);
    expect(voided[4]).toBe("'+kysely");
    expect(rows.filter((r) => r[5] === 'response.entry').every((r) => r[2] === 'Vastaus tallennettu' && r[3]!.startsWith('haastattelu, kunta 564'))).toBe(true);
    expect(rows[1]![0]).toBe('2026-12-10 23:59:59');

    const en = await t.app.inject({ method: 'GET', url: `/api/admin/audit.csv?lang=en&action=response.entry&actor=${planner.email}`, headers: admin.headers });
    const enRows: string[][] = parse(en.body.replace(/^\uFEFF/, ''), { delimiter: ',' });
    expect(enRows[0]).toEqual(['time', 'person', 'event', 'details', 'target', 'code']);
    expect(enRows).toHaveLength(1 + 15);
    expect(enRows[1]![2]).toBe('Answer entered');
    const sv = await t.app.inject({ method: 'GET', url: '/api/admin/audit.csv?lang=sv&action=response.entry.void', headers: admin.headers });
    const svRows: string[][] = parse(sv.body.replace(/^\uFEFF/, ''), { delimiter: ';' });
    expect(svRows[1]![2]).toBe('Inmatat svar makulerat');
  });

  it('is for those who may read operations only', async () => {
    const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/audit.csv', headers: analyst.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/audit.csv' })).statusCode).toBe(401);
  });
});
