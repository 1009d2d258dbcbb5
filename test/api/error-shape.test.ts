import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_LANGUAGES, ERROR_TEXTS, errorMessage, requestLanguage } from '../../server/error-texts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/**
 * Every client error has one shape, `{ error: { status, code, message, detail?, requestId, … } }`,
 * with `message` in the request's language from the catalogue and the specific English in
 * `detail`; every 5xx is one log line with the request id, and nothing of the request's content.
 */

let t: TestApp;
let viewer: SignedIn;
const log: string[] = [];
const SECRET_BODY = 'salainen-vastaus-7731';
const SECRET_QUERY = 'salainen-haku-9917';
const SECRET_DETAIL = 'rivin-arvo-5521';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  t = await buildTestApp(
    { 'kysely.json': envelope('kysely', allTypesDefinition()) },
    { logger: true, logStream: stream, config: { logLevel: 'info', bodyLimit: 4096, loginRateLimit: 100_000 } },
  );
  // A route that fails as a bug would, registered before the app is ready (Fastify allows no later).
  // Its error carries a driver-like `detail` quoting a row's value: the log line must not.
  t.app.post('/api/test/fails/:token', { config: { access: 'public' } }, async () => {
    throw Object.assign(new Error('the store broke'), { code: 'XX000', detail: `Key (value)=(${SECRET_DETAIL}) is broken` });
  });
  viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer' })).email);
});
afterAll(async () => t.close());

type Inject = InjectOptions;

/** The body's error after checking the shape every error answer has. */
async function errorOf(request: Inject, status: number, code: string) {
  const res = await t.app.inject(request);
  expect(res.statusCode, res.body).toBe(status);
  const { error } = res.json();
  expect(error.status).toBe(status);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(error.requestId);
  expect(Object.keys(error).filter((k) => !['status', 'code', 'message', 'detail', 'requestId', 'questions', 'fields'].includes(k))).toEqual([]);
  return { res, error };
}

describe('the error shape', () => {
  const samples: { name: string; request: () => Inject; status: number; code: string; detail: RegExp }[] = [
    { name: 'a body failing the route schema', request: () => ({ method: 'POST', url: '/api/surveys/kysely/attempts', payload: { attempt: 'x', page: 0 } }), status: 400, code: 'invalid_request', detail: /attempt/ },
    {
      name: 'a body that is not JSON',
      request: () => ({ method: 'POST', url: '/api/surveys/kysely/attempts', payload: '{"attempt":', headers: { 'content-type': 'application/json' } }),
      status: 400,
      code: 'malformed_json',
      detail: /JSON/,
    },
    {
      name: 'answers the survey refuses',
      request: () => ({ method: 'POST', url: '/api/surveys/kysely/responses', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer({ ikaryhma: 'ei-ole' }), locale: 'fi' } }),
      status: 400,
      code: 'invalid_answers',
      detail: /./,
    },
    { name: 'no session', request: () => ({ method: 'GET', url: '/api/results/surveys' }), status: 401, code: 'not_signed_in', detail: /sign in/ },
    { name: 'a role that may not', request: () => ({ method: 'GET', url: '/api/admin/users', headers: viewer.headers }), status: 403, code: 'forbidden', detail: /viewer/ },
    { name: 'an unknown survey', request: () => ({ method: 'GET', url: '/api/surveys/ei-ole' }), status: 404, code: 'survey_not_found', detail: /ei-ole/ },
    { name: 'an unknown address', request: () => ({ method: 'GET', url: '/api/ei-ole?x=1' }), status: 404, code: 'not_found', detail: /GET \/api\/ei-ole$/ },
    {
      name: 'a version that was never stored',
      request: () => ({ method: 'POST', url: '/api/surveys/kysely/responses', payload: { id: crypto.randomUUID(), version: 99, data: allTypesAnswer(), locale: 'fi' } }),
      status: 409,
      code: 'unknown_version',
      detail: /99/,
    },
    {
      name: 'a body over the limit',
      request: () => ({ method: 'POST', url: '/api/surveys/kysely/drafts', payload: { data: { avoin: 'x'.repeat(5000) }, page: 0 } }),
      status: 413,
      code: 'body_too_large',
      detail: /./,
    },
  ];

  for (const sample of samples) {
    it(`${sample.status} ${sample.code}: ${sample.name}`, async () => {
      const { error } = await errorOf(sample.request(), sample.status, sample.code);
      expect(error.detail).toMatch(sample.detail);
      expect(error.message).toBe(ERROR_TEXTS[sample.code]!.en);
      if (sample.code === 'invalid_answers') expect(error.questions).toEqual([expect.objectContaining({ question: 'ikaryhma', code: 'not_a_choice' })]);
      if (sample.code === 'invalid_request') expect(error.fields).toEqual([expect.objectContaining({ field: 'body.attempt' })]);
    });
  }

  it('says the message in Finnish, Swedish or English as Accept-Language asks, the detail always in English', async () => {
    const request = { method: 'GET' as const, url: '/api/surveys/ei-ole' };
    const cases: [string | undefined, 'fi' | 'sv' | 'en'][] = [
      ['fi-FI,fi;q=0.9,en;q=0.8', 'fi'],
      ['sv-FI', 'sv'],
      ['de-DE, sv;q=0.5, fi;q=0.4', 'sv'],
      ['en-GB,en;q=0.9', 'en'],
      [undefined, 'en'], // an API client without the header
      ['de', 'en'],
      [';;q=x,,fi;q=nonsense, *;q=0.1, \u0000', 'en'], // garbage: ignored range by range
    ];
    const messages = new Set<string>();
    for (const [header, language] of cases) {
      const { res, error } = await errorOf({ ...request, headers: header === undefined ? {} : { 'accept-language': header } }, 404, 'survey_not_found');
      expect(error.message, String(header)).toBe(ERROR_TEXTS.survey_not_found![language]);
      expect(error.detail).toBe("no survey 'ei-ole'");
      expect(res.headers['content-language']).toBe(language);
      expect(String(res.headers.vary)).toMatch(/accept-language/i);
      messages.add(error.message);
    }
    expect(messages.size).toBe(3);
  });

  it('answers a 5xx with the same shape, no detail and nothing internal, and logs it once with the request id', async () => {
    const before = log.length;
    const { res, error } = await errorOf(
      { method: 'POST', url: `/api/test/fails/linkki-${SECRET_QUERY}?q=${SECRET_QUERY}`, payload: { answer: SECRET_BODY }, headers: { 'accept-language': 'fi' } },
      500,
      'internal_error',
    );
    expect(error.message).toBe(ERROR_TEXTS.internal_error!.fi);
    expect(error).not.toHaveProperty('detail');
    expect(res.body).not.toMatch(/store broke|XX000|stack/);
    const lines = log.slice(before).map((l) => JSON.parse(l) as Record<string, any>);
    const failures = lines.filter((l) => l.level >= 50);
    expect(failures).toHaveLength(1);
    const line = failures[0]!;
    expect(line.reqId).toBe(error.requestId);
    expect(line.method).toBe('POST');
    // The route's pattern, not the path: a path can carry a link token or a resume code.
    expect(line.route).toBe('/api/test/fails/:token');
    expect(line.error).toMatchObject({ type: 'Error', message: 'the store broke', code: 'XX000' });
    expect(line.error.stack).toMatch(/the store broke\n\s+at /);
    const text = JSON.stringify(line);
    for (const secret of [SECRET_BODY, SECRET_QUERY, SECRET_DETAIL, '127.0.0.1']) expect(text, secret).not.toContain(secret);
  });

  it('logs nothing at error level for a 4xx', async () => {
    const before = log.length;
    await errorOf({ method: 'GET', url: '/api/surveys/ei-ole' }, 404, 'survey_not_found');
    expect(log.slice(before).map((l) => JSON.parse(l)).filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe('the catalogue', () => {
  /** Every error code the server's source can answer with. */
  function codesInSource(): { codes: Set<string>; dynamic: string[] } {
    const root = path.resolve(import.meta.dirname, '../../server');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f));
    const codes = new Set<string>();
    const dynamic: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/new ApiError\(\s*([^,]+),\s*([^,]+),/g)) {
        const literal = /^'([a-z_]+)'$/.exec(m[2]!.trim());
        if (literal) codes.add(literal[1]!);
        else dynamic.push(`${path.relative(root, file)}: ${m[2]!.trim()}`);
      }
      // Subclasses of ApiError name their code in super().
      if (source.includes('extends ApiError')) for (const m of source.matchAll(/super\(\s*[^,]+,\s*'([a-z_]+)'/g)) codes.add(m[1]!);
      // Problems of the account service that the admin routes answer with their own code.
      for (const m of source.matchAll(/new UserProblem\(\s*'([a-z_]+)'/g)) codes.add(m[1]!);
      // The error handler's own codes (Fastify's mapped ones, not found, internal error).
      if (file.endsWith(`${path.sep}errors.ts`)) {
        for (const m of source.matchAll(/code: '([a-z_]+)'/g)) codes.add(m[1]!);
        for (const line of source.split('\n').filter((l) => l.includes('sendError(request'))) for (const m of line.matchAll(/'([a-z_]+)'/g)) codes.add(m[1]!);
      }
    }
    return { codes, dynamic };
  }

  it('has a sentence in Finnish, Swedish and English for every code the server throws', () => {
    const { codes, dynamic } = codesInSource();
    expect(codes.size).toBeGreaterThan(45);
    for (const known of ['internal_error', 'not_found', 'invalid_request', 'malformed_json', 'body_too_large', 'weak_password', 'survey_not_found']) expect(codes).toContain(known);
    // A code passed on from elsewhere must come from a source this scan reads: UserProblem's, and an
    // ApiError thrown by a procedure on the database's writer thread (distribution/store.ts),
    // made again on the server's thread.
    expect(dynamic.sort()).toEqual(['admin/service.ts: error.code', 'api-error.ts: String(error.fields.code)']);
    const missing = [...codes].flatMap((code) => ERROR_LANGUAGES.filter((l) => !ERROR_TEXTS[code]?.[l]?.trim()).map((l) => `${code} (${l})`));
    expect(missing).toEqual([]);
  });

  it('has real sentences: three different texts per code, each ending as a sentence', () => {
    for (const [code, texts] of Object.entries(ERROR_TEXTS)) {
      expect(new Set(Object.values(texts)).size, code).toBe(3);
      for (const text of Object.values(texts)) expect(text, code).toMatch(/^[A-ZÅÄÖ].*[.!?]$/);
    }
  });

  it('falls back to the thrown English, or a sentence by status, for a code without texts', () => {
    expect(errorMessage('uusi_koodi', 'en', 400, 'the widget is bent')).toBe('The widget is bent.');
    expect(errorMessage('uusi_koodi', 'fi', 404, 'the widget is gone')).toBe('Pyydettyä ei löytynyt.');
    expect(errorMessage('uusi_koodi', 'sv', 418, 'odd')).toBe('Begäran är ogiltig.');
    expect(errorMessage('uusi_koodi', 'sv', 503, 'the pool is empty')).toBe(ERROR_TEXTS.internal_error!.sv);
    expect(errorMessage('__proto__', 'en', 400, 'x')).toBe('X.');
  });

  it('reads Accept-Language by weight, primary subtags only', () => {
    expect(requestLanguage('sv;q=0.2, fi;q=0.8')).toBe('fi');
    expect(requestLanguage('en;q=0, sv')).toBe('sv');
    expect(requestLanguage('FI')).toBe('fi');
    expect(requestLanguage(['de', 'sv-SE'])).toBe('sv');
    expect(requestLanguage('fi;q=2')).toBe('en');
    expect(requestLanguage('')).toBe('en');
  });
});
