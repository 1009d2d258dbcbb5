import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/** What the fuzz test (test/fuzz/api-fuzz.test.ts) found, one focused test each. */

let t: TestApp;
let analyst: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition(), { municipalityQuestion: 'kunta' }) }, { config: { submitRateLimit: 100_000 } });
  for (let i = 0; i < 12; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kysely/responses', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer({ kunta: '564' }), locale: 'fi' } });
    expect(res.statusCode, res.body).toBe(201);
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  admin = await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email);
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });

describe('dates at the edge of what Date holds', () => {
  // The report wrote the last day of the range as `to` minus a millisecond: below Date's first
  // instant that is no date, and toISOString threw (500).
  it('are refused as invalid_date in every route that takes from and to, not a 500', async () => {
    for (const url of [
      '/api/exports/kysely/report.docx?questions=ikaryhma&to=-271821-04-20',
      '/api/exports/kysely/deck.pptx?questions=ikaryhma&from=%2B275760-09-13',
      '/api/results/kysely/questions/ikaryhma?to=-271821-04-20',
      '/api/exports/kysely/responses.csv?from=-000001-01-01',
    ]) {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_date', detail: expect.stringMatching(/outside the years 0001–9999/) });
    }
  });

  it('still takes the years people mean, a bare `to` as its whole day', async () => {
    const res = await get('/api/exports/kysely/report.docx?questions=ikaryhma&from=0001-01-01&to=9999-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const results = await get('/api/results/kysely/questions/ikaryhma?from=2020-01-01&to=9999-12-31');
    expect(results.statusCode, results.body).toBe(200);
    expect(results.json().meta).toMatchObject({ from: '2020-01-01T00:00:00.000Z', to: '+010000-01-01T00:00:00.000Z' });
  });
});

describe('a chart or table file named by its question', () => {
  // The route decoded the already decoded path segment a second time: `%zz` threw URIError (500),
  // and a `%` in a question key would have been read as an escape.
  it('takes the question key as Fastify decodes it, once', async () => {
    for (const url of ['/api/exports/kysely/charts/%25zz.svg', '/api/exports/kysely/tables/%25.xlsx', '/api/exports/kysely/charts/ikaryhma%25E0%25A4%25A.png']) {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('question_not_found');
    }
    expect((await get('/api/exports/kysely/charts/%25zz.svg')).json().error.detail).toMatch(/'%zz'/);
    // A key with dots (a matrix row) and one encoded as the workspace encodes it.
    expect((await get('/api/exports/kysely/charts/tyytyvaisyys.terveys.svg')).statusCode).toBe(200);
    expect((await get(`/api/exports/kysely/tables/${encodeURIComponent('tyytyvaisyys.terveys')}.xlsx`)).statusCode).toBe(200);
  });
});

describe('a leap second in an admin\'s time', () => {
  // The date-time format takes 23:59:60 (RFC 3339); Date cannot hold it, and toISOString threw a 500
  // while storing a lifecycle's or a link's time.
  const LEAP = '2026-12-31T23:59:60Z';
  const rows = async () => ({
    links: Number((await t.app.db.kysely.selectFrom('links').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    states: Number((await t.app.db.kysely.selectFrom('survey_states').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  it('is refused as invalid_request naming the field, and nothing is stored', async () => {
    const before = await rows();
    const lifecycle = { state: 'open', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse' };
    for (const [url, method, payload, field] of [
      ['/api/admin/surveys/kysely/lifecycle', 'PUT', { ...lifecycle, opensAt: LEAP }, 'body.opensAt'],
      ['/api/admin/surveys/kysely/lifecycle', 'PUT', { ...lifecycle, opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-12-31T23:59:60.5+00:00' }, 'body.closesAt'],
      ['/api/admin/surveys/kysely/links', 'POST', { kind: 'public', closesAt: LEAP }, 'body.closesAt'],
      ['/api/admin/surveys/kysely/invitations', 'POST', { labels: ['Maija'], closesAt: LEAP }, 'body.closesAt'],
    ] as const) {
      const res = await t.app.inject({ method, url, payload, headers: admin.headers });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', detail: expect.stringContaining(`${field} '${(payload as Record<string, unknown>)[field.slice('body.'.length)]}' cannot be stored`) });
    }
    expect(await rows()).toEqual(before);
  });

  it('takes the second before it, stored as UTC', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/surveys/kysely/links', payload: { kind: 'public', closesAt: '2027-01-01T01:59:59+02:00' }, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().links[0].closesAt).toBe('2026-12-31T23:59:59.000Z');
  });
});

describe('the population table upload', () => {
  // On PostgreSQL the column is a 32-bit integer and text holds no NUL: 3,000,000,000, 1e21 (a whole
  // number to Number()) and a NUL in a category failed the insert (500); SQLite stored them.
  const upload = (body: string) => t.app.inject({ method: 'PUT', url: '/api/admin/population', payload: body, headers: { ...admin.headers, 'content-type': 'text/csv' } });
  const header = 'municipality,sex,age_group,population\n';

  it('refuses what the database cannot hold or a CSV cannot mean, naming the line, and keeps the table as it was', async () => {
    expect((await upload(`${header}305,female,13-17,400\n`)).statusCode).toBe(200);
    const before = await t.app.db.kysely.selectFrom('population').selectAll().execute();
    for (const [row, problem] of [
      ['305,female,13-17,3000000000', /line 2: population must be a whole number from 0 to 2147483647, got '3000000000'/],
      ['305,female,13-17,1e21', /line 2: population must be a whole number/],
      ['305,female,13-17,', /line 2: population must be a whole number/],
      ['305,female,13-17,0x10', /line 2: population must be a whole number/],
      ['305,fe\u0000male,13-17,3', /line 2: sex must be at most 100 characters without control characters/],
      [`305,female,${'x'.repeat(101)},3`, /line 2: age_group must be at most 100 characters/],
    ] as const) {
      const res = await upload(`${header}${row}\n`);
      expect(res.statusCode, `${JSON.stringify(row)}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_population', detail: expect.stringMatching(problem) });
    }
    expect(await t.app.db.kysely.selectFrom('population').selectAll().execute()).toEqual(before);
    const largest = await upload(`${header}305,female,13-17,2147483647\n`);
    expect(largest.statusCode, largest.body).toBe(200);
    expect(largest.json()).toEqual({ rows: 1, total: 2147483647 });
  });

  it('sums categories named like Object.prototype members (hasOwnProperty, constructor, __proto__) as plain categories', async () => {
    // The summary's totals were gathered on a plain object: a sex called "hasOwnProperty" started from the
    // prototype's function, and the answer failed its integer schema (500 with 100,000 fuzz requests).
    const res = await upload(`${header}305,hasOwnProperty,13-17,10\n305,hasOwnProperty,18-29,5\n305,constructor,__proto__,7\n`);
    expect(res.statusCode, res.body).toBe(200);
    const summary = await t.app.inject({ method: 'GET', url: '/api/admin/population', headers: admin.headers });
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({ rows: 3, total: 22, bySex: { hasOwnProperty: 15, constructor: 7 }, byAgeGroup: { '13-17': 10, '18-29': 5, __proto__: 7 } });
    expect(Object.getOwnPropertyNames(summary.json().byAgeGroup)).toContain('__proto__');
  });
});
