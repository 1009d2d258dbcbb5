import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, countResponses, plannerSession, setLifecycle, submitAnswer } from '../factories/distribution.ts';
import type { SignedIn } from '../factories/users.ts';

let t: TestApp;
let admin: SignedIn;
let now = new Date('2026-12-10T12:00:00.000Z');
const ids = ['vanha', 'luonnos', 'suljettu', 'myohassa', 'arkisto', 'ajastettu', 'katto', 'kilpa', 'tiedosto'] as const;

beforeAll(async () => {
  const files: Record<string, object> = {};
  for (const id of ids) files[`${id}.json`] = envelope(id, allTypesDefinition());
  // A file's own times still rule while no admin has touched the survey.
  files['tiedosto.json'] = envelope('tiedosto', allTypesDefinition(), { closes: '2026-12-01T00:00:00Z' });
  t = await buildTestApp(files, { clock: () => now, config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const publicIds = async () => (await get('/api/surveys')).json().surveys.map((s: { id: string }) => s.id);

describe('without a lifecycle row', () => {
  it('keeps today’s behaviour: open within the file’s times, state open in the admin list', async () => {
    expect((await get('/api/surveys/vanha')).json()).toMatchObject({ status: 'open', afterClose: 'refuse' });
    expect((await submitAnswer(t.app, 'vanha', allTypesAnswer())).statusCode).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/surveys', headers: admin.headers });
    const items = res.json().surveys;
    expect(items.find((s: { id: string }) => s.id === 'vanha')).toMatchObject({ state: 'open', status: 'open', responseCap: null, afterClose: 'refuse', responses: 1, late: 0 });
    expect(items.find((s: { id: string }) => s.id === 'tiedosto')).toMatchObject({ state: 'open', status: 'closed', closesAt: '2026-12-01T00:00:00Z' });
    expect((await submitAnswer(t.app, 'tiedosto', allTypesAnswer())).json().error.code).toBe('survey_closed');
  });
});

describe('draft', () => {
  it('is unknown to the public, hidden from the list, and refused to planners', async () => {
    await setLifecycle(t.app, admin, 'luonnos', { state: 'draft' });
    expect((await get('/api/surveys/luonnos')).statusCode).toBe(404);
    expect(await publicIds()).not.toContain('luonnos');
    const res = await submitAnswer(t.app, 'luonnos', allTypesAnswer());
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('survey_not_found');
    const planner = await plannerSession(t.app);
    const entry = await t.app.inject({
      method: 'POST',
      url: '/api/entry/luonnos/responses',
      headers: planner.headers,
      payload: { id: crypto.randomUUID(), data: allTypesAnswer(), municipality: '305', channel: 'paper' },
    });
    expect(entry.statusCode).toBe(403);
    expect(entry.json().error.code).toBe('survey_draft');
    expect(await countResponses(t.app, 'luonnos')).toBe(0);
  });
});

describe('closing', () => {
  it('refuses answers after a manual close when the admin chose refuse', async () => {
    await setLifecycle(t.app, admin, 'suljettu', { state: 'closed', afterClose: 'refuse' });
    expect((await get('/api/surveys/suljettu')).json()).toMatchObject({ status: 'closed', afterClose: 'refuse' });
    const res = await submitAnswer(t.app, 'suljettu', allTypesAnswer());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('survey_closed');
    expect(await countResponses(t.app, 'suljettu')).toBe(0);
  });

  it('takes late answers marked late when the admin chose accept_late, past the closing time too', async () => {
    await setLifecycle(t.app, admin, 'myohassa', { state: 'open', closesAt: '2026-12-05T00:00:00Z', afterClose: 'accept_late' });
    expect((await get('/api/surveys/myohassa')).json()).toMatchObject({ status: 'closed', afterClose: 'accept_late' });
    const id = crypto.randomUUID();
    const res = await submitAnswer(t.app, 'myohassa', allTypesAnswer(), { id });
    expect(res.statusCode).toBe(201);
    expect(res.json().late).toBe(true);
    const row = await t.app.db.kysely.selectFrom('responses').select('late').where('id', '=', res.json().receipt.id).executeTakeFirstOrThrow();
    expect(row.late).toBe(1);
    // A retry keeps saying late.
    const again = await submitAnswer(t.app, 'myohassa', allTypesAnswer(), { id });
    expect(again.statusCode).toBe(200);
    expect(again.json().late).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: '/api/admin/surveys', headers: admin.headers });
    expect(list.json().surveys.find((s: { id: string }) => s.id === 'myohassa')).toMatchObject({ responses: 1, late: 1 });
  });

  it('treats an archived survey as closed for good: no late answers, hidden from the list', async () => {
    await setLifecycle(t.app, admin, 'arkisto', { state: 'archived', afterClose: 'accept_late' });
    expect((await get('/api/surveys/arkisto')).json().status).toBe('archived');
    expect(await publicIds()).not.toContain('arkisto');
    const res = await submitAnswer(t.app, 'arkisto', allTypesAnswer());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('survey_closed');
  });

  it('opens and closes on the admin’s times', async () => {
    await setLifecycle(t.app, admin, 'ajastettu', { opensAt: '2026-12-20T00:00:00+02:00', closesAt: '2026-12-31T00:00:00Z' });
    expect((await get('/api/surveys/ajastettu')).json().status).toBe('not_yet_open');
    expect((await submitAnswer(t.app, 'ajastettu', allTypesAnswer())).json().error.code).toBe('survey_not_yet_open');
    now = new Date('2026-12-25T00:00:00Z');
    try {
      expect((await get('/api/surveys/ajastettu')).json()).toMatchObject({ status: 'open', opens: '2026-12-19T22:00:00.000Z' });
      expect((await submitAnswer(t.app, 'ajastettu', allTypesAnswer())).statusCode).toBe(201);
      now = new Date('2026-12-31T00:00:00Z');
      expect((await submitAnswer(t.app, 'ajastettu', allTypesAnswer())).json().error.code).toBe('survey_closed');
    } finally {
      now = new Date('2026-12-10T12:00:00.000Z');
    }
  });
});

describe('the response cap', () => {
  it('fills, then refuses with survey_full, yet a retry of a stored answer gets its receipt', async () => {
    await setLifecycle(t.app, admin, 'katto', { responseCap: 2 });
    const id = crypto.randomUUID();
    const first = await submitAnswer(t.app, 'katto', allTypesAnswer(), { id });
    expect(first.statusCode).toBe(201);
    expect((await submitAnswer(t.app, 'katto', allTypesAnswer())).statusCode).toBe(201);
    expect((await get('/api/surveys/katto')).json().status).toBe('full');
    expect(await publicIds()).not.toContain('katto');
    const third = await submitAnswer(t.app, 'katto', allTypesAnswer());
    expect(third.statusCode).toBe(403);
    expect(third.json().error.code).toBe('survey_full');
    const retry = await submitAnswer(t.app, 'katto', allTypesAnswer(), { id });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().receipt.id).toBe(first.json().receipt.id);
    expect(await countResponses(t.app, 'katto')).toBe(2);
  });

  it('holds under concurrent submissions', async () => {
    await setLifecycle(t.app, admin, 'kilpa', { responseCap: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => submitAnswer(t.app, 'kilpa', allTypesAnswer())));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 403)).toHaveLength(9);
    for (const r of results.filter((r) => r.statusCode === 403)) expect(r.json().error.code).toBe('survey_full');
    expect(await countResponses(t.app, 'kilpa')).toBe(3);
  });
});

describe('changing the lifecycle', () => {
  it('is for admins, checks the times, and is audit-logged', async () => {
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/surveys/vanha/lifecycle',
      headers: admin.headers,
      payload: { state: 'open', opensAt: '2027-01-02T00:00:00Z', closesAt: '2027-01-01T00:00:00Z', responseCap: null, afterClose: 'refuse' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.detail).toMatch(/closesAt/);
    const wrongState = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/surveys/vanha/lifecycle',
      headers: admin.headers,
      payload: { state: 'paused', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse' },
    });
    expect(wrongState.statusCode).toBe(400);
    expect(wrongState.json().error.fields[0].field).toMatch(/state/);
    const unknown = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/surveys/ei-ole/lifecycle',
      headers: admin.headers,
      payload: { state: 'open', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse' },
    });
    expect(unknown.statusCode).toBe(404);
    const planner = await plannerSession(t.app);
    const forbidden = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/surveys/vanha/lifecycle',
      headers: planner.headers,
      payload: { state: 'closed', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse' },
    });
    expect(forbidden.statusCode).toBe(403);

    const item = await setLifecycle(t.app, admin, 'vanha', { state: 'closed', afterClose: 'accept_late', responseCap: 500 });
    expect(item).toMatchObject({ id: 'vanha', state: 'closed', status: 'closed', responseCap: 500, afterClose: 'accept_late', responses: 1 });
    const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit?action=survey.lifecycle', headers: admin.headers });
    const entry = audit.json().entries.find((e: { target: string }) => e.target === 'vanha');
    expect(entry.details).toMatchObject({ before: { state: 'open' }, after: { state: 'closed', afterClose: 'accept_late', responseCap: 500 } });
  });
});
