import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import { eraseResponses } from '../../db/responses.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The coding search's cached stems follow the answers as they arrive, are erased, or are changed
 * in place (an anonymised name); coding actions leave audit lines with counts, never the texts.
 */

let t: TestApp;
let analyst: SignedIn;
let second: SignedIn;
let secondId = '';
let analystId = '';
let book = '';
let code = '';
const texts = new Map<string, string>();

const call = (as: SignedIn, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: as.headers, ...(payload ? { payload } : {}) });
async function submit(avoin: string): Promise<string> {
  const id = crypto.randomUUID();
  const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id, version: 1, data: allTypesAnswer({ avoin }), locale: 'fi' } });
  if (res.statusCode !== 201) throw new Error(res.body);
  texts.set(id, avoin);
  return id;
}
const search = async (words: string) => {
  const res = await call(analyst, 'POST', `/api/coding/codebooks/${book}/search`, { search: words, limit: 1000 });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; matches: { responseId: string; text: string }[] };
};

beforeAll(async () => {
  t = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition()) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  for (const text of ['Kirjasto on hyvä', 'Kirjastossa on Matti Meikäläinen töissä', 'Bussit kulkevat harvoin']) await submit(text);
  const a = await addUser(t.app, { role: 'analyst' });
  const b = await addUser(t.app, { role: 'analyst' });
  analystId = a.id;
  secondId = b.id;
  analyst = await signIn(t.app, a.email);
  second = await signIn(t.app, b.email);
  book = (await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'avoin' })).json().id;
  code = (await call(analyst, 'POST', `/api/coding/codebooks/${book}/codes`, { name: { fi: 'Kirjasto', sv: 'Bibliotek', en: 'Library' }, examples: ['Kirjastossa on Matti Meikäläinen töissä'] })).json().id;
}, 120_000);
afterAll(async () => t?.close());

describe('the cached search index', () => {
  it('finds answers that arrive after it was built, and forgets erased ones', async () => {
    expect((await search('kirjasto')).total).toBe(2);
    const later = await submit('Kirjastoon lisää aukioloaikoja');
    const found = await search('kirjasto');
    expect(found.total).toBe(3);
    expect(found.matches.map((m) => m.responseId)).toContain(later);
    expect(found.matches.find((m) => m.responseId === later)?.text).toBe('Kirjastoon lisää aukioloaikoja');

    // Erased as the retention sweep and a respondent's erasure erase: gone from the search at once.
    await t.app.db.kysely.transaction().execute((trx) => eraseResponses(trx, 'kaikki', [later], new Date().toISOString()));
    const after = await search('kirjasto');
    expect(after.total).toBe(2);
    expect(after.matches.map((m) => m.responseId)).not.toContain(later);
    // … and one arriving after the erasure is found again.
    const again = await submit('Kirjastot ovat tärkeitä');
    expect((await search('kirjasto')).matches.map((m) => m.responseId)).toContain(again);
    expect((await search('kirjast*')).total).toBe(3);
  });

  it('neither shows nor bulk-codes an answer by words it no longer has', async () => {
    const matti = [...texts].find(([, text]) => text.includes('Matti'))!;
    expect((await search('matti')).matches.map((m) => m.responseId)).toEqual([matti[0]]);
    // The name anonymised in place (no new response, so the results index is the same).
    await t.app.db.kysely.updateTable('answers').set({ value: 'Kirjastossa on [nimi] töissä' }).where('response_id', '=', matti[0]).where('question', '=', 'avoin').execute();
    expect((await search('matti')).matches).toEqual([]);
    const bulk = await call(analyst, 'POST', `/api/coding/codebooks/${book}/bulk`, { search: 'matti', code });
    expect(bulk.statusCode, bulk.body).toBe(201);
    expect(bulk.json().responseIds).toEqual([]);
    // Its other words still find it, with the text as it is now.
    expect((await search('kirjasto')).matches.find((m) => m.responseId === matti[0])?.text).toBe('Kirjastossa on [nimi] töissä');
  });
});

describe('coding in the audit log', () => {
  it('records codebook edits, bulk coding and its undo, and consensus with counts, never the answers', async () => {
    const bulk = await call(analyst, 'POST', `/api/coding/codebooks/${book}/bulk`, { search: 'kirjasto', code });
    expect(bulk.statusCode, bulk.body).toBe(201);
    const matched = bulk.json().matched as number;
    expect(matched).toBeGreaterThan(0);
    expect((await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/bulk/${bulk.json().id}`)).statusCode).toBe(200);
    const other = (await call(analyst, 'POST', `/api/coding/codebooks/${book}/codes`, { name: { fi: 'Liikenne', sv: 'Trafik', en: 'Traffic' } })).json().id as string;
    expect((await call(analyst, 'PATCH' as 'PUT', `/api/coding/codebooks/${book}/codes/${other}`, { name: { fi: 'Joukkoliikenne', sv: 'Kollektivtrafik', en: 'Public transport' } })).statusCode).toBe(200);

    // Two coders on a sample of two, disagreeing on one, then a consensus.
    const sample = await call(analyst, 'POST', `/api/coding/codebooks/${book}/samples`, { size: 2, method: 'random', seed: 7, coders: [analystId, secondId] });
    expect(sample.statusCode, sample.body).toBe(201);
    const items = (await t.app.db.kysely.selectFrom('coding_sample_items').select('response_id').where('sample_id', '=', sample.json().id).execute()).map((r) => r.response_id);
    for (const [i, r] of items.entries()) {
      expect((await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${r}`, { status: 'coded', codes: [code] })).statusCode).toBe(200);
      expect((await call(second, 'PUT', `/api/coding/codebooks/${book}/answers/${r}`, { status: 'coded', codes: i === 0 ? [other] : [code] })).statusCode).toBe(200);
    }
    const decided = await call(analyst, 'PUT', `/api/coding/samples/${sample.json().id}/consensus/${items[0]}`, { status: 'coded', codes: [code, other] });
    expect(decided.statusCode, decided.body).toBe(200);

    const log = (await listAudit(t.app.db.kysely, { limit: 200 })).filter((r) => r.action.startsWith('coding.'));
    const details = (action: string) => log.filter((r) => r.action === action).map((r) => JSON.parse(r.details) as Record<string, unknown>);
    expect(details('coding.codebook').map((d) => d.change).sort()).toEqual(['create', 'create_code', 'create_code', 'rename']);
    expect(details('coding.bulk').map((d) => d.answers)).toEqual([matched, 0]);
    expect(details('coding.bulk_undo').map((d) => d.answers)).toEqual([matched]);
    expect(details('coding.consensus')).toEqual([{ sample: sample.json().id, status: 'coded', codes: 2 }]);
    expect(log.every((r) => r.target === book)).toBe(true);
    expect(log.find((r) => r.action === 'coding.consensus')?.actor_id).toBe(analystId);
    // No answer's words, no search's words and no code example (which quotes an answer) in any line.
    for (const r of log) expect(r.details, r.action).not.toMatch(/kirjast|matti|meikäläinen|bussi|aukiolo/i);
  });
});
