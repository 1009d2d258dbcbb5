import crypto from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession } from '../factories/distribution.ts';
import type { SignedIn } from '../factories/users.ts';

// Requests that used to reach the database (and fail there on PostgreSQL only), overflow the
// stack, or be stored after type coercion. Each must now get the same 4xx on SQLite and PostgreSQL
// and leave every table as it was. The suite runs on whatever DATABASE_URL names.

let t: TestApp;
let admin: SignedIn;
/** allTypesDefinition() has three pages: 0, 1 and 2. */
const PAGES = 3;

beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

const TABLES = ['responses', 'answers', 'drafts', 'attempts', 'links', 'audit_log', 'login_failures', 'sessions'] as const;

/** Every row of every table a request could write, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rows = await (t.app.db.kysely as any).selectFrom(table).selectAll().execute();
    out[table] = rows.map((r: unknown) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Sends a request that must be refused with `status` and `code`, and checks that nothing was stored. */
async function refused(request: InjectOptions, status: number, code: string | null) {
  const before = await snapshot();
  const res = await t.app.inject(request);
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  if (code !== null) expect(body.error.code, res.body).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(await snapshot()).toEqual(before);
  const error = body.error as { code: string; message: string; detail?: string; fields?: { field: string; message: string }[] };
  // The specific sentence (which field, which value): `detail` beside a general `message`, where the error body has both.
  return { ...error, specific: error.detail ?? error.message };
}

const json = { 'content-type': 'application/json' };
const submission = (extra: Record<string, unknown> = {}) => ({ id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'fi', ...extra });
const submit = (payload: unknown): InjectOptions => ({ method: 'POST', url: '/api/surveys/kysely/responses', payload: payload as string });
const rawSubmit = (text: string): InjectOptions => ({ method: 'POST', url: '/api/surveys/kysely/responses', payload: text, headers: json });
const saveDraft = (payload: unknown): InjectOptions => ({ method: 'POST', url: '/api/surveys/kysely/drafts', payload: payload as string });
const ping = (payload: unknown): InjectOptions => ({ method: 'POST', url: '/api/surveys/kysely/attempts', payload: payload as string });
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('row 5: a NUL character reached PostgreSQL, whose text cannot hold it (500 there, stored on SQLite)', () => {
  it('refuses \\u0000 in an open answer, naming where it is', async () => {
    const error = await refused(submit(submission({ data: allTypesAnswer({ avoin: 'ennen\u0000jälkeen' }) })), 400, 'nul_character');
    expect(error.specific).toContain('body.data.avoin');
  });

  it('refuses \\u0000 in a sign-in e-mail before anything is looked up or logged', async () => {
    const error = await refused({ method: 'POST', url: '/api/auth/login', payload: { email: 'paakayttaja\u0000@example.fi', password: 'x' } }, 400, 'nul_character');
    expect(error.specific).toContain('body.email');
  });

  it('refuses \\u0000 in a key of the answers, naming the key', async () => {
    const error = await refused(submit(submission({ data: { ...allTypesAnswer(), 'avoin\u0000': 'teksti' } })), 400, 'nul_character');
    expect(error.specific).toContain('body.data["avoin\\u0000"]');
  });

  it('refuses \\u0000 in a saved draft’s answers', async () => {
    const error = await refused(saveDraft({ data: { kunta: '305', yhteyshenkilo: { nimi: ['a', 'b\u0000'] } }, page: 0 }), 400, 'nul_character');
    expect(error.specific).toContain('body.data.yhteyshenkilo.nimi[1]');
  });

  it('refuses %00 in a query string', async () => {
    const error = await refused({ method: 'GET', url: '/api/admin/audit?action=login%00', headers: admin.headers }, 400, 'nul_character');
    expect(error.specific).toContain('query string');
  });

  it('refuses %00 in a path segment', async () => {
    const error = await refused({ method: 'GET', url: '/api/results/kysely/open/avoin%00', headers: admin.headers }, 400, 'nul_character');
    expect(error.specific).toContain('path');
  });

  it('still takes a backslash followed by u0000 as text, which is no NUL', async () => {
    const res = await t.app.inject(submit(submission({ data: allTypesAnswer({ avoin: 'polku C:\\u0000' }) })));
    expect(res.statusCode, res.body).toBe(201);
    const stored = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', res.json().receipt.id).where('question', '=', 'avoin').executeTakeFirstOrThrow();
    expect(stored.value).toBe('polku C:\\u0000');
  });
});

describe('row 6: a version beyond a 32-bit integer failed the PostgreSQL query (500)', () => {
  for (const version of ['2147483648', '1e308']) {
    it(`refuses version ${version} as not a version (the schema bounds it)`, async () => {
      const error = await refused(rawSubmit(`{"id":"${crypto.randomUUID()}","version":${version},"data":{},"locale":"fi"}`), 400, 'invalid_request');
      expect(error.fields?.map((f) => f.field)).toEqual(['body.version']);
    });
  }

  it('answers the largest 32-bit version as any other unknown version (409), on both databases', async () => {
    await refused(submit(submission({ version: 2_147_483_647 })), 409, 'unknown_version');
  });
});

describe('row 8: a body nested thousands of levels deep overflowed the stack (500), or was stored', () => {
  it('refuses a draft nested 4,100 arrays deep', async () => {
    const error = await refused({ ...saveDraft(''), payload: `{"page":0,"data":{"avoin":${nested(4100)}}}`, headers: json }, 400, 'json_too_deep');
    expect(error.specific).toContain('64');
  });

  it('refuses a response nested 5,000 arrays deep (10 kB)', async () => {
    await refused(rawSubmit(`{"id":"${crypto.randomUUID()}","version":1,"data":{"kunta":${nested(5000)}},"locale":"fi"}`), 400, 'json_too_deep');
  });

  it('refuses a response nested 30,000 objects deep (180 kB, under the body limit)', async () => {
    await refused(rawSubmit(`{"id":"${crypto.randomUUID()}","version":1,"data":${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)},"locale":"fi"}`), 400, 'json_too_deep');
  });

  it('refuses a deep body on a route that is not the respondent’s (every JSON body)', async () => {
    await refused({ method: 'POST', url: '/api/auth/login', payload: `{"email":${nested(100, '"a@b.fi"')},"password":"x"}`, headers: json }, 400, 'json_too_deep');
  });

  it('takes 64 levels and refuses 65, however many brackets sit inside strings', async () => {
    const text = JSON.stringify('[[[[{{{{'.repeat(20));
    // The body is level 1 and data level 2: 62 more arrays make 64.
    const ok = await t.app.inject({ ...saveDraft(''), payload: `{"page":0,"data":{"avoin":${nested(62, text)}}}`, headers: json });
    expect(ok.statusCode, ok.body).toBe(201);
    await refused({ ...saveDraft(''), payload: `{"page":0,"data":{"avoin":${nested(63, text)}}}`, headers: json }, 400, 'json_too_deep');
  });
});

describe('row 9: bodies were coerced to the schema’s types and pages were not the survey’s', () => {
  for (const version of ['1', true, [1]]) {
    it(`refuses version ${JSON.stringify(version)} instead of coercing it to 1`, async () => {
      const error = await refused(submit(submission({ version })), 400, 'invalid_request');
      expect(error.fields?.map((f) => f.field)).toContain('body.version');
    });
  }

  for (const page of [-1, 1001, 1.5, '1', true, [1]]) {
    it(`refuses a draft saved at page ${JSON.stringify(page)}`, async () => {
      const error = await refused(saveDraft({ data: { kunta: '305' }, page }), 400, 'invalid_request');
      expect(error.fields?.map((f) => f.field)).toContain('body.page');
    });

    it(`refuses an attempt ping at page ${JSON.stringify(page)}`, async () => {
      const error = await refused(ping({ attempt: crypto.randomUUID(), page }), 400, 'invalid_request');
      expect(error.fields?.map((f) => f.field)).toContain('body.page');
    });
  }

  it('refuses a draft saved at a page beyond the survey’s pages', async () => {
    const error = await refused(saveDraft({ data: { kunta: '305' }, page: PAGES }), 400, 'page_out_of_range');
    expect(error.specific).toContain('0–2');
  });

  it('refuses an attempt ping at a page beyond the survey’s pages', async () => {
    await refused(ping({ attempt: crypto.randomUUID(), page: PAGES }), 400, 'page_out_of_range');
  });

  it('takes a draft and a ping at the survey’s last page, sent as the respondent page sends them (application/json)', async () => {
    const draft = await t.app.inject({ ...saveDraft(''), payload: JSON.stringify({ data: { kunta: '305' }, page: PAGES - 1 }), headers: json });
    expect(draft.statusCode, draft.body).toBe(201);
    const attempt = crypto.randomUUID();
    const res = await t.app.inject({ ...ping(''), payload: JSON.stringify({ attempt, page: PAGES - 1 }), headers: json });
    expect(res.statusCode, res.body).toBe(204);
    expect((await t.app.db.kysely.selectFrom('attempts').select('last_page').where('id', '=', attempt).executeTakeFirstOrThrow()).last_page).toBe(PAGES - 1);
  });

  for (const [route, make] of [
    ['a response', () => submit(submission())],
    ['a draft', () => saveDraft({ data: { kunta: '305' }, page: 0 })],
    ['an attempt ping', () => ping({ attempt: crypto.randomUUID(), page: 0 })],
  ] as const) {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      it(`refuses ${route} sent as ${type} (415)`, async () => {
        const request = make();
        await refused({ ...request, payload: JSON.stringify(request.payload), headers: { 'content-type': type } }, 415, 'unsupported_media_type');
      });
    }
  }

  it('still coerces a query string’s number, which arrives as text', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/audit?limit=1', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().entries).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/audit?limit=0', headers: admin.headers })).statusCode).toBe(400);
  });
});
