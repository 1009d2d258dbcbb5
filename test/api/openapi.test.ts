import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.ts';
import { insertLinks } from '../../db/links.ts';
import { ROLES } from '../../server/auth/permissions.ts';
import { startSession } from '../../server/auth/sessions.ts';
import { COMMON_ANSWERS } from '../../server/http/openapi.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { codingWorld } from '../factories/coding.ts';
import { authoringWorld } from '../factories/authoring.ts';
import { addUser } from '../factories/users.ts';
import { fuzzRequests, plausibleRequests, type Identity, type World } from '../fuzz/requests.ts';

// The OpenAPI document is made from the routes' own schemas: it must validate against the
// specification, name every API route of Fastify's table, give each a response schema, and declare
// every status the route can answer with.
// A survey large enough that loading its results index takes several turns of the event loop, so
// that a results request made meanwhile is answered 503 results_preparing.
const LARGE = 'iso';
const LARGE_RESPONSES = 600;
// Low, so that the walk meets the sign-in limit (429) as well.
const LOGIN_LIMIT = 5;

let t: TestApp;
let world: World;
const sessions = new Map<Role, { cookie: string; csrf: string }>();
const userIds = new Map<Role, string>();
beforeAll(async () => {
  t = await buildTestApp(
    {
      'kysely.json': envelope('kysely', allTypesDefinition(), { municipalityQuestion: 'kunta' }),
      'suljettu.json': envelope('suljettu', allTypesDefinition(), { closes: '2021-01-01T00:00:00Z' }),
      [`${LARGE}.json`]: envelope(LARGE, allTypesDefinition(), { municipalityQuestion: 'kunta' }),
    },
    // No snapshots: a results index is always loaded from the database, in slices.
    { config: { resultsSnapshotDir: false, submitRateLimit: 10_000_000, loginRateLimit: LOGIN_LIMIT } },
  );
  for (const role of ROLES) userIds.set(role, (await addUser(t.app, { role })).id);
  const target = await addUser(t.app, { role: 'planner' });
  for (const role of ROLES) await renewSession(role);
  const submit = async (survey: string, i: number, kunta: string) => {
    const data = allTypesAnswer({ kunta, ikaryhma: ['13-17', '18-29', '30-64', '65+'][i % 4], muutos: i % 3 === 0 ? 'ei' : 'suuri', elama: (i % 5) + 1, avoin: `Vastaus ${i}` });
    if (data.muutos === 'ei') {
      delete data.alueet;
      delete data['alueet-Comment'];
    }
    const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(`seed answer: ${res.statusCode} ${res.body}`);
  };
  // Enough answers for groups that are shown and one that is hidden: Oulu 24, Kuusamo 12, Hailuoto 3.
  for (const [kunta, n] of [['564', 24], ['305', 12], ['072', 3]] as const) for (let i = 0; i < n; i++) await submit('kysely', i, kunta);
  for (let i = 0; i < LARGE_RESPONSES; i++) await submit(LARGE, i, ['564', '305', '072'][i % 3]!);
  const tokens = ['julkinen-linkki-1', 'kunta-linkki-305', 'kutsu-linkki-00001'];
  const now = new Date().toISOString();
  const link = { closes_at: null, closed_at: null, created_at: now, created_by: null, used_response_id: null, used_at: null };
  await insertLinks(t.app.db.kysely, [
    { ...link, token: tokens[0]!, survey_id: 'kysely', kind: 'public', municipality_code: null, label: null, max_responses: null },
    { ...link, token: tokens[1]!, survey_id: 'kysely', kind: 'municipality', municipality_code: '305', label: 'Kirjasto', max_responses: null },
    { ...link, token: tokens[2]!, survey_id: 'kysely', kind: 'invitation', municipality_code: null, label: 'Maija', max_responses: 1 },
  ]);
  const draft = await t.app.inject({ method: 'POST', url: '/api/surveys/kysely/drafts', payload: { data: { kunta: '305' }, page: 1, link: tokens[2] } });
  if (draft.statusCode !== 201) throw new Error(`seed draft: ${draft.statusCode} ${draft.body}`);
  await authoringWorld(t.app, 'kysely');
  world = {
    coding: await codingWorld(t.app, 'kysely', 'avoin', sessions.get('analyst')!, [userIds.get('analyst')!, userIds.get('admin')!]),
    surveys: ['kysely', 'suljettu'],
    questions: ['ikaryhma', 'muutos', 'alueet', 'elama', 'kunta', 'suostumus', 'tyytyvaisyys.terveys', 'oppilaat', 'tarkeys', 'avoin', 'yhteistyo.koulu.taso'],
    linkTokens: tokens,
    resumeCodes: [draft.json().code, '0000-0000-0000'],
    userIds: [target.id, crypto.randomUUID()],
    municipalities: ['305', '564', '072', '999'],
    areas: [...t.app.geography.areas.slice(0, 2)],
  };
}, 300_000);
afterAll(async () => t?.close());

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is public and validates as OpenAPI 3.1', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every API route of the table, each with its parameters, body and a described success and error answer', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
    const routes = t.app.routeAccess.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const route of routes) {
      const op = doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
      if (!op) {
        problems.push(`${route.method} ${route.url}: not in the document`);
        continue;
      }
      const codes = Object.keys(op.responses);
      const success = codes.filter((c) => /^2/.test(c));
      if (success.length === 0) problems.push(`${route.method} ${route.url}: no success answer`);
      for (const code of success) {
        const answer = op.responses[code]!;
        if (code !== '204' && answer.description === 'Default Response' && !answer.content) problems.push(`${route.method} ${route.url}: ${code} has no response schema`);
        if (code !== '204' && !Object.values(answer.content ?? {}).some((c) => c.schema)) problems.push(`${route.method} ${route.url}: ${code} has no schema`);
      }
      if (!codes.includes('4XX')) problems.push(`${route.method} ${route.url}: no error answer (4XX)`);
      for (const name of route.url.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name.slice(1))) problems.push(`${route.method} ${route.url}: path parameter ${name} undescribed`);
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && route.url !== '/api/auth/logout' && !op.requestBody) problems.push(`${route.method} ${route.url}: no request body schema`);
      expect(op.security, `${route.method} ${route.url}`).toEqual(route.access === 'public' ? [] : [expect.objectContaining({ session: [] })]);
    }
    expect(problems).toEqual([]);
  });

  it('serves a reference page with its scripts and styles from this origin', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const src of page.body.match(/(?:src|href)="(\/api\/[^"]+)"/g)!.map((m) => m.replace(/^(src|href)="|"$/g, ''))) {
      const res = await t.app.inject({ method: 'GET', url: src, headers: { 'accept-encoding': 'identity' } });
      expect(res.statusCode, src).toBe(200);
      expect(res.body.length, src).toBeGreaterThan(10);
    }
  });
});

type Route = { method: string; url: string; access: TestApp['app']['routeAccess'][number]['access'] };
const apiRoutes = (): Route[] => t.app.routeAccess.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
// The error codes of the shared parts, each with the status it comes with.
const SHARED_CODES = new Map(Object.entries(COMMON_ANSWERS).flatMap(([status, { codes }]) => codes.map((code) => [code as string, Number(status)])));

/**
 * Whether the document declares the answer for the route. An answer of the shared parts (their
 * error codes: `not_signed_in`, `body_too_large`, …) must be declared by its own status; the
 * route's own refusals (its codes: `survey_closed`, `invalid_credentials`, …) may be declared as
 * the range (`4XX`).
 */
function declares(op: Operation, status: number, code: string | undefined): boolean {
  const codes = Object.keys(op.responses);
  if (codes.includes(String(status))) return true;
  return status < 500 && !(code !== undefined && SHARED_CODES.get(code) === status) && codes.includes(`${String(status)[0]}XX`);
}

const WALK_REQUESTS = 1500;

/** A route's address with its parameters and query filled in. */
function urlOf(pattern: string, params: Record<string, string>, query: readonly [string, string][]): string {
  const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
  const search = new URLSearchParams(query.map(([k, v]) => [k, v])).toString();
  return search ? `${path}?${search}` : path;
}

/** The body as sent, uncompressed (a bent request may ask for gzip, brotli or deflate). */
function decoded(res: { rawPayload: Buffer; headers: Record<string, unknown> }): Buffer {
  const encoding = String(res.headers['content-encoding'] ?? '');
  if (encoding === 'gzip') return zlib.gunzipSync(res.rawPayload);
  if (encoding === 'br') return zlib.brotliDecompressSync(res.rawPayload);
  if (encoding === 'deflate') return zlib.inflateSync(res.rawPayload);
  return res.rawPayload;
}

/** A new session for the role, straight from the session service (a sign-in through the route costs a deliberate scrypt). */
async function renewSession(role: Role): Promise<void> {
  const { token, csrfToken } = await startSession(t.app.db.kysely, userIds.get(role)!, t.app.clock(), { hours: 12 });
  sessions.set(role, { cookie: `kuulo_session=${token}`, csrf: csrfToken });
}

interface Sent {
  route: Route;
  label: string;
  status: number;
  code: string | undefined;
}

describe('every status a route answers with is in the document', () => {
  let doc: Doc;
  const sent: Sent[] = [];
  beforeAll(async () => {
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
  });
  const operation = (route: Route) => doc.paths[openapiPath(route.url)]![route.method.toLowerCase()]!;
  const send = async (route: Route, label: string, identity: Identity, request: { url: string; headers?: Record<string, string>; payload?: string; csrf?: 'valid' | 'missing' | 'wrong' }) => {
    const headers = { ...request.headers };
    if (identity !== 'anonymous') {
      const session = sessions.get(identity)!;
      headers.cookie = headers.cookie ? `${headers.cookie}; ${session.cookie}` : session.cookie;
      if ((request.csrf ?? 'valid') === 'valid') headers['x-csrf-token'] = session.csrf;
      if (request.csrf === 'wrong') headers['x-csrf-token'] = session.csrf.slice(1);
    }
    const res = await t.app.inject({ method: route.method as 'GET', url: request.url, headers, ...(request.payload === undefined ? {} : { payload: request.payload }) });
    const code = res.headers['content-type']?.toString().includes('json') && res.statusCode >= 400 ? (JSON.parse(decoded(res).toString('utf8')) as { error?: { code?: string } }).error?.code : undefined;
    sent.push({ route, label: `${identity} ${route.method} ${request.url.slice(0, 160)} (${label})`, status: res.statusCode, code });
    return res;
  };
  const undeclared = () => sent.filter((s) => !declares(operation(s.route), s.status, s.code)).map((s) => `${s.label} → ${s.status} ${s.code ?? ''}`);

  it('declares on each route the answers the shared parts can give it, with the one error body', () => {
    const problems: string[] = [];
    for (const route of apiRoutes()) {
      const op = operation(route);
      const expected = [400, 500, ...(route.access === 'public' ? [] : [401, 403]), ...(['GET', 'HEAD'].includes(route.method) ? [] : [413, 415])];
      for (const status of expected) if (!(String(status) in op.responses)) problems.push(`${route.method} ${route.url}: ${status} undeclared`);
    }
    expect(problems).toEqual([]);
    const responses = (doc as Doc & { components: { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> } }).components.responses;
    for (const { name } of Object.values(COMMON_ANSWERS)) expect(responses[name]!.content['application/json']!.schema.$ref).toBe('#/components/schemas/Error');
  });

  // Whoever asks: anonymous and each role, with a plausible request of the route (so that most
  // reach its handler), then the refusals the shared parts make: no CSRF header, a body that is not
  // JSON, too large or malformed, a NUL in the address.
  it('answers plausible requests from everyone, and the shared refusals, only with declared statuses', async () => {
    const plausible = plausibleRequests(world);
    for (const route of apiRoutes()) {
      const key = `${route.method} ${route.url}`;
      const samples = plausible[key] ? fc.sample(plausible[key], { seed: 19, numRuns: 3 }) : [{ params: {}, query: [] as [string, string][] }];
      const allowed: Identity = route.access === 'public' ? 'anonymous' : route.access.roles[0]!;
      const takesBody = !['GET', 'HEAD'].includes(route.method);
      for (const [i, sample] of samples.entries()) {
        const request = { url: urlOf(route.url, sample.params, sample.query), payload: takesBody ? JSON.stringify(sample.body ?? {}) : undefined, headers: (takesBody ? { 'content-type': sample.contentType ?? 'application/json' } : {}) as Record<string, string> };
        for (const identity of ['anonymous', ...ROLES] as const) {
          await send(route, `plausible ${i}`, identity, request);
          // Signing out ends the session the rest of the walk uses.
          if (route.url === '/api/auth/logout' && identity !== 'anonymous') await renewSession(identity);
        }
        if (i > 0) continue;
        const path = request.url.split('?')[0]!;
        await send(route, 'NUL in the query', allowed, { ...request, url: `${path}?x=%00` });
        if (!takesBody) continue;
        if (allowed !== 'anonymous') await send(route, 'no CSRF header', allowed, { ...request, csrf: 'missing' });
        await send(route, 'text body', allowed, { ...request, headers: { 'content-type': 'text/plain' }, payload: 'x' });
        await send(route, 'too large', allowed, { ...request, payload: JSON.stringify({ x: 'x'.repeat(t.config.bodyLimit) }) });
        await send(route, 'malformed JSON', allowed, { ...request, payload: '{"x":' });
        if (route.url === '/api/auth/logout' && allowed !== 'anonymous') await renewSession(allowed);
      }
    }
    // Signing in with a wrong password until the limit answers.
    const login = apiRoutes().find((r) => r.method === 'POST' && r.url === '/api/auth/login')!;
    for (let i = 0; i <= LOGIN_LIMIT; i++) await send(login, 'wrong password', 'anonymous', { url: login.url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'ei@example.fi', password: 'väärä-salasana' }) });

    // The walk met every shared refusal, so this test can fail on any of them.
    const statuses = new Set(sent.map((s) => s.status));
    for (const status of [200, 400, 401, 403, 404, 413, 415, 429]) expect(statuses, `no ${status} answered`).toContain(status);
    expect(undeclared()).toEqual([]);
    expect(sent.filter((s) => s.status >= 500).map((s) => `${s.label} → ${s.status}`)).toEqual([]);
  }, 600_000);

  it('answers bent requests (the fuzz\'s, with a fixed seed) only with declared statuses', async () => {
    const before = sent.length;
    const table = apiRoutes().map((r) => ({ route: `${r.method} ${r.url}`, roles: r.access === 'public' ? ('public' as const) : r.access.roles }));
    const byKey = new Map(apiRoutes().map((r) => [`${r.method} ${r.url}`, r]));
    for (const request of fc.sample(fuzzRequests(table, world), { seed: 19, numRuns: WALK_REQUESTS })) {
      const route = byKey.get(request.route);
      if (!route || route.method !== request.method) continue;
      const headers = { ...request.headers };
      if (request.identity !== 'anonymous' && request.cookie === 'none') continue;
      await send(route, 'bent', request.identity, { url: request.url, headers, payload: request.payload, csrf: request.csrf });
      if (route.url === '/api/auth/logout' && request.identity !== 'anonymous') await renewSession(request.identity);
    }
    expect(sent.length - before).toBeGreaterThan(WALK_REQUESTS / 2);
    expect(undeclared()).toEqual([]);
    expect(sent.slice(before).filter((s) => s.status >= 500).map((s) => `${s.label} → ${s.status}`)).toEqual([]);
  }, 600_000);

  it('declares 503 results_preparing on every route that reads a results index, and answers it while the index loads', async () => {
    const indexes = t.app.results.indexes;
    const readers = apiRoutes().filter((r) => /^\/api\/(results\/|exports\/(?!:survey\/responses\.))/.test(r.url));
    expect(readers.length).toBeGreaterThan(10);
    const plausible = plausibleRequests(world);
    const answered: string[] = [];
    indexes.buildWaitMs = 0;
    try {
      for (const route of readers) {
        const sample = fc.sample(plausible[`${route.method} ${route.url}`]!, { seed: 19, numRuns: 1 })[0]!;
        const url = urlOf(route.url, { ...sample.params, survey: LARGE }, sample.query);
        // A build that wins the race against the 0 ms wait answers the figures: load it again.
        for (let attempt = 0; attempt < 5; attempt++) {
          await indexes.get(LARGE);
          indexes.invalidate(LARGE);
          const res = await send(route, 'index loading', 'analyst', { url });
          if (res.statusCode === 503) {
            expect(res.json().error.code).toBe('results_preparing');
            expect(res.headers['retry-after']).toBe('2');
            answered.push(route.url);
            break;
          }
        }
      }
    } finally {
      indexes.buildWaitMs = Infinity;
      await indexes.get(LARGE);
    }
    expect(answered).toEqual(readers.map((r) => r.url));
    expect(undeclared()).toEqual([]);
    for (const route of readers) expect((operation(route).responses['503'] as { description: string }).description, route.url).toMatch(/results_preparing/);
  }, 300_000);
});
