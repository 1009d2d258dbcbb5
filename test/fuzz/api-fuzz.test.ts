import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.ts';
import { insertLinks } from '../../db/links.ts';
import { ROLES } from '../../server/auth/permissions.ts';
import { startSession } from '../../server/auth/sessions.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { isPostgresRun } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser } from '../factories/users.ts';
import { codingWorld } from '../factories/coding.ts';
import { authoringWorld } from '../factories/authoring.ts';
import { fuzzRequests, plausibleRequests, type World } from './requests.ts';

/**
 * Property: whatever arrives (random bodies, headers, query strings and path segments, for every
 * route of the table, anonymous and as each role), the server answers below 500, stores nothing for
 * a request it refuses with a 4xx, and still answers afterwards. The requests come from fast-check
 * with a seed, one after another on one app, so a seed gives the same requests again:
 *
 *   FUZZ_SEED=1234 FUZZ_REQUESTS=100000 npx vitest run test/fuzz/api-fuzz.test.ts   (or npm run fuzz -- 100000)
 */

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = process.env.FUZZ_SEED === undefined ? crypto.randomInt(2 ** 31) : Number(process.env.FUZZ_SEED);
const BATCH = 500;

interface LoggedError {
  readonly msg: string;
  readonly route: string | null;
  readonly error?: { type: string; message: string; stack?: string };
  readonly err?: { type: string; message: string; stack?: string };
}

// What a refused request must leave as it was. The audit log and the sign-in failures are left out
// for sign-in only: a failed or throttled sign-in is recorded, by design.
const TABLES = ['survey_versions', 'responses', 'answers', 'users', 'sessions', 'login_failures', 'audit_log', 'response_deletions', 'population', 'survey_states', 'links', 'drafts', 'attempts', 'codebooks', 'codes', 'codebook_history', 'coding_samples', 'coding_units', 'coding_codes', 'coding_bulk', 'rights_codes', 'import_mappings', 'wave_mappings'] as const;
const RECORDED_ON_REFUSAL: Record<string, readonly string[]> = { 'POST /api/auth/login': ['audit_log', 'login_failures'] };

let t: TestApp;
const logged = new Map<string, LoggedError>();
let world: World;
const sessions = new Map<Role, { cookie: string; csrf: string }>();
const userIds = new Map<Role, string>();

async function newSession(role: Role): Promise<void> {
  // Straight from the session service: a sign-in through the route costs a deliberate scrypt, and
  // the fuzz signs out often.
  const { token, csrfToken } = await startSession(t.app.db.kysely, userIds.get(role)!, t.app.clock(), { hours: 12 });
  sessions.set(role, { cookie: `kuulo_session=${token}`, csrf: csrfToken });
}

async function snapshot(): Promise<Record<string, number>> {
  // One round trip for all the counts: this runs after every request.
  const counts = sql.join(TABLES.map((table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(table)}`));
  const { rows } = await sql<Record<string, unknown>>`select ${counts}`.execute(t.app.db.kysely);
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

beforeAll(async () => {
  const log = new PassThrough();
  let pending = '';
  log.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      const entry = JSON.parse(line) as LoggedError & { reqId?: string; level: number };
      if (entry.level >= 50 && entry.reqId) logged.set(entry.reqId, entry);
    }
  });
  t = await buildTestApp(
    {
      'kysely.json': envelope('kysely', allTypesDefinition(), { municipalityQuestion: 'kunta' }),
      'suljettu.json': envelope('suljettu', allTypesDefinition(), { closes: '2021-01-01T00:00:00Z' }),
    },
    { logger: true, logStream: log, config: { logLevel: 'error', submitRateLimit: 10_000_000, loginRateLimit: 10_000_000 } },
  );
  for (const role of ROLES) userIds.set(role, (await addUser(t.app, { role, email: role === 'admin' ? 'admin@example.fi' : undefined })).id);
  const target = await addUser(t.app, { role: 'planner' });
  for (const role of ROLES) await newSession(role);

  // Enough answers for the results to show groups and hide small ones: Oulu 24, Kuusamo 12, Hailuoto 3.
  for (const [kunta, n] of [['564', 24], ['305', 12], ['072', 3]] as const) {
    for (let i = 0; i < n; i++) {
      const data = allTypesAnswer({ kunta, ikaryhma: ['13-17', '18-29', '30-64', '65+'][i % 4], muutos: i % 3 === 0 ? 'ei' : 'suuri', elama: (i % 5) + 1, avoin: i % 2 ? '=SUM(A1:A9)' : `Vastaus ${i} ääkkösin 😀` });
      if (data.muutos === 'ei') {
        delete data.alueet;
        delete data['alueet-Comment'];
      }
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kysely/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(`seed answer: ${res.statusCode} ${res.body}`);
    }
  }
  const tokens = ['julkinen-linkki-1', 'kunta-linkki-305', 'kutsu-linkki-00001'];
  const now = new Date().toISOString();
  await insertLinks(t.app.db.kysely, [
    { token: tokens[0]!, survey_id: 'kysely', kind: 'public', municipality_code: null, label: null, max_responses: null, closes_at: null, closed_at: null, created_at: now, created_by: null, used_response_id: null, used_at: null },
    { token: tokens[1]!, survey_id: 'kysely', kind: 'municipality', municipality_code: '305', label: 'Kirjasto', max_responses: null, closes_at: null, closed_at: null, created_at: now, created_by: null, used_response_id: null, used_at: null },
    { token: tokens[2]!, survey_id: 'kysely', kind: 'invitation', municipality_code: null, label: 'Maija', max_responses: 1, closes_at: null, closed_at: null, created_at: now, created_by: null, used_response_id: null, used_at: null },
  ]);
  const draft = await t.app.inject({ method: 'POST', url: '/api/surveys/kysely/drafts', payload: { data: { kunta: '305' }, page: 1, link: tokens[2] } });
  if (draft.statusCode !== 201) throw new Error(`seed draft: ${draft.statusCode} ${draft.body}`);

  // The results indexes are built before the run: a results request during a build that takes
  // longer than a moment is answered 503 results_preparing by design, which is no finding.
  for (const survey of ['kysely', 'suljettu']) {
    for (let attempt = 0; ; attempt++) {
      const res = await t.app.inject({ method: 'GET', url: `/api/results/${survey}/questions/ikaryhma`, headers: { cookie: sessions.get('analyst')!.cookie } });
      if (res.statusCode === 200) break;
      if (res.statusCode !== 503 || attempt > 100) throw new Error(`results of ${survey}: ${res.statusCode} ${res.body}`);
    }
  }

  await authoringWorld(t.app, 'kysely');
  world = {
    coding: await codingWorld(t.app, 'kysely', 'avoin', sessions.get('analyst')!, [userIds.get('analyst')!, userIds.get('admin')!]),
    surveys: ['kysely', 'suljettu'],
    questions: ['ikaryhma', 'muutos', 'alueet', 'elama', 'kunta', 'suostumus', 'tyytyvaisyys.terveys', 'oppilaat', 'tarkeys', 'avoin', 'yhteistyo.koulu.taso'],
    linkTokens: tokens,
    resumeCodes: [draft.json().code, '0000-0000-0000', 'oooo-iiii-llll'],
    userIds: [target.id, crypto.randomUUID()],
    municipalities: ['305', '564', '072', '999'],
    areas: [...t.app.geography.areas.slice(0, 2)],
  };
}, 120_000);
afterAll(async () => t?.close());

const apiRoutes = () =>
  t.app.routeAccess
    .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'))
    .map((r) => `${r.method} ${r.url}`);

describe('the fuzz', () => {
  it('has a plausible request for every route of the table', () => {
    const known = plausibleRequests(world);
    expect(apiRoutes().filter((r) => !(r in known))).toEqual([]);
  });

  it(
    `answers ${REQUESTS} random requests below 500, storing nothing for a refused one`,
    async () => {
      const routes = apiRoutes();
      const table = t.app.routeAccess
        .filter((r) => routes.includes(`${r.method} ${r.url}`))
        .map((r) => ({ route: `${r.method} ${r.url}`, roles: r.access === 'public' ? ('public' as const) : r.access.roles }));
      const arbitrary = fuzzRequests(table, world);
      const counts = new Map<number, number>();
      const time = new Map<string, number>();
      // Failures by kind (route, status, error), each with its count and first request.
      const failures = new Map<string, { count: number; first: string }>();
      const fail = (kind: string, example: string) => {
        const seen = failures.get(kind);
        if (seen) seen.count++;
        else failures.set(kind, { count: 1, first: example });
      };
      const started = Date.now();
      const cpu = process.cpuUsage();
      let before: Record<string, number> | undefined;
      const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

      for (let done = 0; done < REQUESTS; done += BATCH) {
        // Batch by batch so that memory stays flat; each batch's seed follows from the run's.
        const generating = performance.now();
        const batch = fc.sample(arbitrary, { seed: SEED + done, numRuns: Math.min(BATCH, REQUESTS - done) });
        time.set('(generating)', (time.get('(generating)') ?? 0) + performance.now() - generating);
        for (const [i, request] of batch.entries()) {
          const n = done + i;
          // Every so often the surveys go back to their files' lifecycle, so that an admin's random
          // closing or capping does not stop the rest of the run from reaching the answer paths.
          if (n % 250 === 0) {
            await t.app.db.kysely.deleteFrom('survey_states').execute();
            before = undefined;
          }
          const headers = { ...request.headers };
          if (request.identity !== 'anonymous') {
            const session = sessions.get(request.identity)!;
            if (request.cookie === 'session') headers.cookie = session.cookie;
            if (request.cookie === 'session-and-garbage') headers.cookie = `${headers.cookie ?? 'x=1'}; ${session.cookie}`;
            if (request.csrf === 'valid') headers['x-csrf-token'] = session.csrf;
            if (request.csrf === 'wrong') headers['x-csrf-token'] = session.csrf.slice(1);
          }
          const carriesBody = !['GET', 'HEAD'].includes(request.method);
          if (carriesBody && !before) before = await snapshot();
          const sent = performance.now();
          const res = await t.app.inject({ method: request.method as 'GET', url: request.url, headers, payload: request.payload });
          time.set(request.route, (time.get(request.route) ?? 0) + performance.now() - sent);
          time.set('(all requests)', (time.get('(all requests)') ?? 0) + performance.now() - sent);
          counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);

          const requestId = String(res.headers['x-request-id'] ?? '');
          const error = logged.get(requestId);
          const describe = () =>
            `#${n} ${request.identity} ${request.method} ${request.url.slice(0, 300)} headers=${JSON.stringify(headers).slice(0, 400)} body=${JSON.stringify(request.payload?.slice(0, 300))} → ${res.statusCode} ${error ? `${error.error?.type ?? error.err?.type}: ${error.error?.message ?? error.err?.message} ${(error.error?.stack ?? error.err?.stack ?? '').split('\n').slice(1, 4).join(' | ')}` : res.body.slice(0, 200)}`;
          if (res.statusCode >= 500 || error) {
            fail(`${request.route} ${res.statusCode} ${error?.error?.message ?? error?.err?.message ?? error?.msg ?? ''}`.slice(0, 200), describe());
          }

          // Counted around requests with a body only: a refused GET has no body to store, and
          // counting after every request would take as long as the requests themselves.
          const counting = performance.now();
          const after = carriesBody ? await snapshot() : undefined;
          time.set('(counting rows)', (time.get('(counting rows)') ?? 0) + performance.now() - counting);
          const prior = before;
          if (after && prior && res.statusCode >= 400 && res.statusCode < 500) {
            const allowed = RECORDED_ON_REFUSAL[request.route] ?? [];
            const changed = TABLES.filter((table) => !allowed.includes(table) && after[table] !== prior[table]);
            if (changed.length > 0) fail(`${request.route} ${res.statusCode} stored ${changed.join(', ')}`, `${describe()}\n    stored on a refusal: ${changed.map((c) => `${c} ${prior[c]} → ${after[c]}`).join(', ')}`);
          }
          before = after;
          // Signed out (by the logout route): sign in again for the rest of the run.
          if (request.identity !== 'anonymous' && request.cookie !== 'garbage' && request.cookie !== 'none' && (request.route === 'POST /api/auth/logout' || res.statusCode === 401)) {
            await newSession(request.identity);
            before = undefined;
          }
        }
      }

      const seconds = (Date.now() - started) / 1000;
      const { user, system } = process.cpuUsage(cpu);
      const byStatus = [...counts.entries()].sort(([a], [b]) => a - b).map(([s, c]) => `${s}: ${c}`).join(', ');
      console.log(
        `fuzz on ${isPostgresRun() ? 'PostgreSQL' : 'SQLite'}: FUZZ_SEED=${SEED}, ${REQUESTS} requests over ${routes.length} routes in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)}/s, ${((user + system) / 1e6).toFixed(1)} s of CPU); by status ${byStatus}` +
          `; slowest routes (s): ${[...time].sort(([, a], [, b]) => b - a).slice(0, 9).map(([r, ms]) => `${r} ${(ms / 1000).toFixed(1)}`).join(', ')}` +
          (failures.size ? `\n${failures.size} kinds of failure:\n${[...failures].map(([kind, f]) => `- ${kind} (${f.count}×), first: ${f.first}`).join('\n')}` : ''),
      );

      expect([...failures.keys()], `FUZZ_SEED=${SEED}`).toEqual([]);
      // No body reached Object.prototype (a parser that merged `__proto__` would have).
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // Still serving.
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok', surveys: 2 });
    },
    // 3 to 5 ms of CPU a request here; generous, as CI runs other test files beside it.
    60_000 + REQUESTS * 50,
  );
});
