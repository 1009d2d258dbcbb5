import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The routes the workspace's coding views need beyond coding itself: deleting a code nothing uses,
 * the accounts that may code, and the list mode (a coder's own verdicts, filtered). On a real
 * database (SQLite, or PostgreSQL with DATABASE_URL).
 */

const TEXTS = ['Kirjasto on hyvä paikka', 'Bussit kulkevat liian harvoin', 'Enemmän aukioloaikoja kirjastoon', 'En osaa sanoa'];

let t: TestApp;
let analyst: SignedIn;
let other: SignedIn;
let analystId: string;
let otherId: string;
let viewerId: string;
const ids: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  for (let i = 0; i < 12; i++) {
    const id = crypto.randomUUID();
    const data = allTypesAnswer({ kunta: '564', avoin: `${TEXTS[i % TEXTS.length]} (${i})` });
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id, version: 1, data, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids.push(id);
  }
  const a = await addUser(t.app, { role: 'analyst' });
  const b = await addUser(t.app, { role: 'admin' });
  const v = await addUser(t.app, { role: 'viewer', areas: ['Lakeus'] });
  analystId = a.id;
  otherId = b.id;
  viewerId = v.id;
  analyst = await signIn(t.app, a.email);
  other = await signIn(t.app, b.email);
}, 120_000);
afterAll(async () => t?.close());

const call = (as: SignedIn, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: as.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const name = (fi: string) => ({ fi, sv: `${fi} (sv)`, en: `${fi} (en)` });

let book: string;
const code: Record<string, string> = {};
beforeAll(async () => {
  book = (await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'avoin' })).json().id;
  for (const fi of ['Kirjasto', 'Liikenne', 'Turha', 'Kirjastot']) code[fi] = (await call(analyst, 'POST', `/api/coding/codebooks/${book}/codes`, { name: name(fi) })).json().id;
});

describe('deleting a code', () => {
  it('deletes a code nothing points at, and records it in the history', async () => {
    const before = (await call(analyst, 'GET', `/api/coding/codebooks/${book}`)).json();
    const res = await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/codes/${code.Turha}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(before.version + 1);
    expect(res.json().codes.map((c: { name: { fi: string } }) => c.name.fi)).toEqual(['Kirjasto', 'Liikenne', 'Kirjastot']);
    const history = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/history`)).json().changes;
    expect(history.at(-1)).toMatchObject({ action: 'delete_code', code: code.Turha, details: { before: { name: { fi: 'Turha' } } } });
    expect((await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/codes/${code.Turha}`)).statusCode).toBe(404);
  });

  it('refuses a code that an answer carries or another code was merged into, and changes nothing', async () => {
    expect((await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${ids[0]}`, { status: 'coded', codes: [code.Kirjasto] })).statusCode).toBe(200);
    const used = await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/codes/${code.Kirjasto}`);
    expect(used.statusCode).toBe(409);
    expect(used.json().error.code).toBe('code_in_use');
    expect(used.json().error.detail ?? used.json().error.message).toMatch(/1 assignments.*merge/);

    expect((await call(analyst, 'POST', `/api/coding/codebooks/${book}/codes/${code.Kirjastot}/merge`, { into: code.Kirjasto })).statusCode).toBe(200);
    const version = (await call(analyst, 'GET', `/api/coding/codebooks/${book}`)).json().version;
    // The answer still carries Kirjasto (no assignments lost), and the merged code stays as the history's record.
    expect((await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/codes/${code.Kirjasto}`)).statusCode).toBe(409);
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${book}`)).json().version).toBe(version);
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${ids[0]}`)).json().mine.codes).toEqual([code.Kirjasto]);
  });

  it('refuses a viewer', async () => {
    const viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', areas: ['Lakeus'] })).email);
    expect((await call(viewer, 'DELETE', `/api/coding/codebooks/${book}/codes/${code.Liikenne}`)).statusCode).toBe(403);
  });
});

describe('coders', () => {
  it('lists the active accounts that may code, not viewers', async () => {
    const res = await call(analyst, 'GET', '/api/coding/coders');
    expect(res.statusCode).toBe(200);
    const listed = (res.json().coders as { id: string }[]).map((c) => c.id);
    expect(listed).toEqual(expect.arrayContaining([analystId, otherId]));
    expect(listed).not.toContain(viewerId);
  });
});

describe('the list mode', () => {
  const list = async (as: SignedIn, query: string) => {
    const res = await call(as, 'GET', `/api/coding/codebooks/${book}/answers${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { total: number; answers: { responseId: string; text: string; mine: { status: string; codes: string[] } | null }[] };
  };

  it('filters by the coder\'s own verdict and code, a merged code counting as its target, and pages', async () => {
    const verdicts: [number, string, string[]][] = [[1, 'coded', [code.Liikenne!]], [2, 'coded', [code.Kirjasto!]], [3, 'not_codable', []], [4, 'skipped', []]];
    for (const [i, status, codes] of verdicts) expect((await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${ids[i]}`, { status, codes })).statusCode).toBe(200);

    expect((await list(analyst, '')).total).toBe(12);
    expect((await list(analyst, '?status=uncoded')).total).toBe(7);
    expect((await list(analyst, '?status=coded')).answers.map((a) => a.responseId).sort()).toEqual([ids[0], ids[1], ids[2]].sort());
    expect((await list(analyst, '?status=not_codable')).answers.map((a) => a.responseId)).toEqual([ids[3]]);
    expect((await list(analyst, '?status=skipped')).answers.map((a) => a.responseId)).toEqual([ids[4]]);
    const library = await list(analyst, `?code=${code.Kirjasto}`);
    expect(library.answers.map((a) => a.responseId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(library.answers.find((a) => a.responseId === ids[0])!.text).toMatch(/^Kirjasto on hyvä paikka/);
    expect((await list(analyst, `?code=${code.Kirjastot}`)).total).toBe(2);

    const first = await list(analyst, '?limit=5');
    const second = await list(analyst, '?limit=5&offset=5');
    expect(first.answers).toHaveLength(5);
    expect(new Set([...first.answers, ...second.answers].map((a) => a.responseId)).size).toBe(10);
  });

  it('is blind: another coder sees only their own verdicts', async () => {
    const theirs = await list(other, '');
    expect(theirs.total).toBe(12);
    expect(theirs.answers.every((a) => a.mine === null)).toBe(true);
    expect((await list(other, '?status=coded')).total).toBe(0);
  });

  it('lists a bulk coding\'s answers to the coder who made it, and no one else', async () => {
    const bulk = await call(analyst, 'POST', `/api/coding/codebooks/${book}/bulk`, { search: 'bussi', code: code.Liikenne });
    expect(bulk.statusCode, bulk.body).toBe(201);
    const listed = await list(analyst, `?bulk=${bulk.json().id}`);
    expect(listed.answers.map((a) => a.responseId).sort()).toEqual([...bulk.json().responseIds].sort());
    expect(listed.answers.every((a) => a.text.startsWith('Bussit'))).toBe(true);
    expect((await call(other, 'GET', `/api/coding/codebooks/${book}/answers?bulk=${bulk.json().id}`)).statusCode).toBe(404);
  });

  it('lists the answers of a sample only to its coders', async () => {
    const sample = (await call(analyst, 'POST', `/api/coding/codebooks/${book}/samples`, { size: 4, method: 'random', seed: 3, coders: [analystId, otherId] })).json();
    const listed = await list(other, `?sample=${sample.id}`);
    expect(listed.total).toBe(4);
    const third = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    expect((await call(third, 'GET', `/api/coding/codebooks/${book}/answers?sample=${sample.id}`)).statusCode).toBe(403);
  });

  it('names a bad filter', async () => {
    const res = await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers?status=maybe`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/status/);
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers?code=${crypto.randomUUID()}`)).json().error.code).toBe('unknown_code');
  });
});
