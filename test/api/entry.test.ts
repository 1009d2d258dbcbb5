import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, countResponses, plannerSession, setLifecycle } from '../factories/distribution.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

let t: TestApp;
let admin: SignedIn;
let planner: SignedIn;

beforeAll(async () => {
  t = await buildTestApp(
    {
      'haastattelu.json': envelope('haastattelu', allTypesDefinition(), { municipalityQuestion: 'kunta', suppression: { minGroupSize: 1, minCellSize: 1 } }),
      'luonnos.json': envelope('luonnos', allTypesDefinition()),
      'suljettu.json': envelope('suljettu', allTypesDefinition()),
      'myohassa.json': envelope('myohassa', allTypesDefinition()),
      // An organisation survey: no municipality question, so the planner's choice is all there is.
      'jarjesto.json': envelope('jarjesto', allTypesDefinition(), { audience: 'organisations' }),
    },
    { clock: () => new Date('2026-12-10T12:00:00.000Z'), config: { loginRateLimit: 100_000 } },
  );
  admin = await adminSession(t.app);
  planner = await plannerSession(t.app);
  await setLifecycle(t.app, admin, 'luonnos', { state: 'draft' });
  await setLifecycle(t.app, admin, 'suljettu', { state: 'closed' });
  await setLifecycle(t.app, admin, 'myohassa', { state: 'closed', afterClose: 'accept_late' });
});
afterAll(async () => t.close());

const enter = (survey: string, body: Record<string, unknown>, who: SignedIn = planner) =>
  t.app.inject({ method: 'POST', url: `/api/entry/${survey}/responses`, headers: who.headers, payload: { id: crypto.randomUUID(), ...body } });

describe('entry mode', () => {
  it('lists the surveys that take entries now: open ones and closed ones taking late answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/entry/surveys', headers: planner.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().surveys).toEqual([
      expect.objectContaining({ id: 'haastattelu', status: 'open', municipalityQuestion: 'kunta' }),
      expect.objectContaining({ id: 'jarjesto', status: 'open', municipalityQuestion: null }),
      expect.objectContaining({ id: 'myohassa', status: 'closed', municipalityQuestion: null }),
    ]);
  });

  it('lists the county’s municipalities from the geography file, not a survey’s choices', async () => {
    const { municipalities } = (await t.app.inject({ method: 'GET', url: '/api/entry/surveys', headers: planner.headers })).json();
    expect(municipalities.map((m: { code: string }) => m.code)).toEqual(t.app.geography.municipalities.map((m) => m.code));
    expect(municipalities).toHaveLength(30);
    expect(municipalities).toContainEqual({ code: '072', name: 'Hailuoto', nameSv: 'Karlö', area: 'Lakeus' });
    expect(municipalities).toContainEqual({ code: '305', name: 'Kuusamo', nameSv: null, area: 'Koillismaa' });
    // The survey question's "Muu" (another municipality) is an answer, not a municipality to enter for.
    expect(municipalities.some((m: { code: string; name: string }) => m.code === 'muu' || m.name === 'Muu')).toBe(false);
  });

  it('enters a survey without a municipality question for the chosen municipality', async () => {
    const res = await enter('jarjesto', { data: allTypesAnswer(), municipality: '139', channel: 'interview' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.app.db.kysely.selectFrom('responses').select(['municipality_code', 'channel', 'link_id']).where('id', '=', res.json().receipt.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ municipality_code: '139', channel: 'interview', link_id: null });
  });

  it('stores answers with the chosen channel and municipality, one after another, visible to results by channel', async () => {
    const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    const collection = async () => (await t.app.inject({ method: 'GET', url: '/api/results/haastattelu/collection', headers: analyst.headers })).json().channels;
    expect(await collection()).toMatchObject({ paper: 0, interview: 0 });

    const paper1 = await enter('haastattelu', { data: allTypesAnswer({ kunta: '564' }), municipality: '564', channel: 'paper' });
    const { kunta: _, ...noKunta } = allTypesAnswer();
    const paper2 = await enter('haastattelu', { data: noKunta, municipality: '305', channel: 'paper' });
    const interview = await enter('haastattelu', { data: allTypesAnswer({ kunta: '072' }), municipality: '072', channel: 'interview', locale: 'sv' }, admin);
    for (const res of [paper1, paper2, interview]) {
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().late).toBe(false);
    }
    const rows = await t.app.db.kysely.selectFrom('responses').select(['id', 'channel', 'municipality_code', 'locale', 'data']).where('survey_id', '=', 'haastattelu').orderBy('municipality_code').execute();
    expect(rows.map((r) => [r.municipality_code, r.channel])).toEqual([['072', 'interview'], ['305', 'paper'], ['564', 'paper']]);
    expect(JSON.parse(rows[1]!.data).kunta).toBe('305');
    expect(rows[0]!.locale).toBe('sv');
    expect(await collection()).toMatchObject({ paper: 2, interview: 1, web: 0 });
    const byChannel = await t.app.inject({ method: 'GET', url: '/api/results/haastattelu/questions/ikaryhma?channel=interview', headers: analyst.headers });
    expect(byChannel.statusCode).toBe(200);
    expect(byChannel.json().groups[0].n).toBe(1);
    const paper = await t.app.inject({ method: 'GET', url: '/api/results/haastattelu/questions/ikaryhma?channel=paper', headers: analyst.headers });
    expect(paper.json().groups[0].n).toBe(2);
  });

  it('audits every entry without its answers', async () => {
    const res = await enter('haastattelu', { data: allTypesAnswer({ kunta: '305', avoin: 'salainen vastaus' }), municipality: '305', channel: 'interview' });
    expect(res.statusCode).toBe(201);
    const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit?action=response.entry', headers: admin.headers });
    const entry = audit.json().entries.find((e: { details: { responseId: string } }) => e.details.responseId === res.json().receipt.id);
    expect(entry).toMatchObject({ action: 'response.entry', target: 'haastattelu', details: { channel: 'interview', municipality: '305', late: false } });
    expect(JSON.stringify(audit.json())).not.toContain('salainen');
  });

  it('answers a retry with the first receipt, and stores nothing twice', async () => {
    const id = crypto.randomUUID();
    const body = { id, data: allTypesAnswer({ kunta: '564' }), municipality: '564', channel: 'paper' };
    const first = await enter('haastattelu', body);
    const again = await enter('haastattelu', body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().receipt).toEqual(first.json().receipt);
    const rows = await t.app.db.kysely.selectFrom('responses').select('id').where('id', '=', id).execute();
    expect(rows).toHaveLength(1);
  });

  it('validates like the web: bad answers, a contradicting or unknown municipality, a wrong channel', async () => {
    const before = await countResponses(t.app, 'haastattelu');
    const invalid = await enter('haastattelu', { data: allTypesAnswer({ elama: 9 }), municipality: '305', channel: 'paper' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.questions[0]).toMatchObject({ question: 'elama', code: 'out_of_range' });
    const mismatch = await enter('haastattelu', { data: allTypesAnswer({ kunta: '564' }), municipality: '305', channel: 'paper' });
    expect(mismatch.json().error.code).toBe('municipality_mismatch');
    const unknown = await enter('haastattelu', { data: allTypesAnswer(), municipality: '999', channel: 'paper' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_municipality');
    const channel = await enter('haastattelu', { data: allTypesAnswer(), municipality: '305', channel: 'web' });
    expect(channel.statusCode).toBe(400);
    expect(channel.json().error.detail).toMatch(/channel/);
    expect(await countResponses(t.app, 'haastattelu')).toBe(before);
  });

  it('follows the lifecycle: draft and closed refused, late taken and marked', async () => {
    expect((await enter('luonnos', { data: allTypesAnswer(), municipality: '305', channel: 'paper' })).json().error.code).toBe('survey_draft');
    const closed = await enter('suljettu', { data: allTypesAnswer(), municipality: '305', channel: 'paper' });
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe('survey_closed');
    const late = await enter('myohassa', { data: allTypesAnswer(), municipality: '305', channel: 'interview' });
    expect(late.statusCode).toBe(201);
    expect(late.json().late).toBe(true);
    expect((await enter('ei-ole', { data: allTypesAnswer(), municipality: '305', channel: 'paper' })).statusCode).toBe(404);
  });

  it('is for planners and admins only', async () => {
    const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    expect((await enter('haastattelu', { data: allTypesAnswer(), municipality: '305', channel: 'paper' }, analyst)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/entry/haastattelu/responses', payload: { id: crypto.randomUUID(), data: allTypesAnswer(), municipality: '305', channel: 'paper' } })).statusCode).toBe(401);
  });
});
