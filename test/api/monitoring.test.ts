import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, createLinks, submitAnswer } from '../factories/distribution.ts';
import type { SignedIn } from '../factories/users.ts';

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  const definition = allTypesDefinition();
  (definition.pages[1] as Record<string, unknown>).title = { default: 'Muutos', en: 'Change' };
  t = await buildTestApp({ 'seuranta.json': envelope('seuranta', definition, { municipalityQuestion: 'kunta' }) }, { config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

const ping = (attempt: string, page: number, link?: string) =>
  t.app.inject({ method: 'POST', url: '/api/surveys/seuranta/attempts', payload: { attempt, page, ...(link ? { link } : {}) } });

describe('collection monitoring', () => {
  it('counts opens, starts and completions per link and municipality, and where unfinished answers stop', async () => {
    const [kuusamo, oulu] = await createLinks(t.app, admin, 'seuranta', { kind: 'municipality', municipalities: ['305', '564'] });
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: `/api/links/${kuusamo!.token}` });
    await t.app.inject({ method: 'GET', url: `/api/links/${oulu!.token}` });

    // Kuusamo: three start; one finishes, one stops on page 1 (after pinging 0 and 1), one on page 0.
    const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [a, b, c]) expect((await ping(id, 0, kuusamo!.token)).statusCode).toBe(204);
    await ping(a, 1, kuusamo!.token);
    await ping(a, 2, kuusamo!.token);
    await ping(b, 1, kuusamo!.token);
    const { kunta: _, ...noKunta } = allTypesAnswer();
    expect((await submitAnswer(t.app, 'seuranta', noKunta, { link: kuusamo!.token, attempt: a })).statusCode).toBe(201);
    // A ping after completion does not reopen it.
    await ping(a, 0, kuusamo!.token);

    // Oulu: one answer without any ping; no link: one starts and stops on page 2, one finishes for Hailuoto.
    expect((await submitAnswer(t.app, 'seuranta', allTypesAnswer({ kunta: '564' }), { link: oulu!.token, attempt: crypto.randomUUID() })).statusCode).toBe(201);
    const d = crypto.randomUUID();
    await ping(d, 2);
    const e = crypto.randomUUID();
    await ping(e, 0);
    expect((await submitAnswer(t.app, 'seuranta', allTypesAnswer({ kunta: '072' }), { attempt: e })).statusCode).toBe(201);

    const res = await t.app.inject({ method: 'GET', url: '/api/admin/surveys/seuranta/monitoring', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals).toEqual({ opens: 4, started: 6, completed: 3, unfinished: 3 });
    expect(body.links).toEqual([
      { token: kuusamo!.token, kind: 'municipality', label: null, municipality: { code: '305', name: 'Kuusamo' }, opens: 3, started: 3, completed: 1 },
      { token: oulu!.token, kind: 'municipality', label: null, municipality: { code: '564', name: 'Oulu' }, opens: 1, started: 1, completed: 1 },
    ]);
    expect(body.municipalities).toEqual([
      { code: '072', name: 'Hailuoto', started: 1, completed: 1 },
      { code: '305', name: 'Kuusamo', started: 3, completed: 1 },
      { code: '564', name: 'Oulu', started: 1, completed: 1 },
    ]);
    expect(body.dropOff).toEqual([
      { page: 0, name: 'taustatiedot', title: 'taustatiedot', unfinished: 1 },
      { page: 1, name: 'muutos', title: { default: 'Muutos', en: 'Change' }, unfinished: 1 },
      { page: 2, name: 'luvut', title: 'luvut', unfinished: 1 },
    ]);
  });

  it('stores nothing that identifies a respondent in an attempt', async () => {
    const rows = await t.app.db.kysely.selectFrom('attempts').selectAll().execute();
    expect(Object.keys(rows[0]!).sort()).toEqual(['completed_at', 'id', 'last_page', 'last_seen_at', 'link_token', 'municipality_code', 'started_at', 'survey_id']);
  });

  it('checks pings: uuid, page, link of this survey', async () => {
    expect((await ping('ei-uuid', 0)).statusCode).toBe(400);
    expect((await ping(crypto.randomUUID(), -1)).statusCode).toBe(400);
    expect((await ping(crypto.randomUUID(), 0, 'eiolemassaoleva')).json().error.code).toBe('link_not_found');
    expect((await t.app.inject({ method: 'POST', url: '/api/surveys/ei-ole/attempts', payload: { attempt: crypto.randomUUID(), page: 0 } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/surveys/ei-ole/monitoring', headers: admin.headers })).statusCode).toBe(404);
  });
});
