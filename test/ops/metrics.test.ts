import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../server/auth/permissions.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { adminSession, submitAnswer } from '../factories/distribution.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * GET /api/admin/metrics read as Prometheus reads it: the text is parsed here (a small parser of
 * the exposition format's sample lines) and the counters are compared before and after requests.
 */

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Sample lines of the text format: `name{label="value",…} value`; comments and blank lines skipped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = match[2] ?? '';
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
    let consumed = 0;
    for (const m of labelText.matchAll(labelPattern)) {
      labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      consumed += m[0].length;
    }
    if (consumed !== labelText.length) throw new Error(`bad labels: ${line}`);
    const raw = match[3]!;
    samples.push({ name: match[1]!, labels, value: raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) });
  }
  return samples;
}

let t: TestApp;
let admin: SignedIn;
let adminEmail: string;
let now = new Date('2027-03-01T09:00:00.000Z');

async function scrape(): Promise<Sample[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/admin/metrics', headers: admin.headers });
  expect(res.statusCode).toBe(200);
  return parseExposition(res.body);
}

/** The value of one sample (0 when absent: a counter not yet touched). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

beforeAll(async () => {
  t = await buildTestApp({ 'mittari.json': envelope('mittari', allTypesDefinition()) }, { clock: () => now, config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  admin = await adminSession(t.app);
  adminEmail = (await t.app.db.kysely.selectFrom('users').select('email').where('role', '=', 'admin').executeTakeFirstOrThrow()).email;
});
afterAll(async () => t?.close());

describe('GET /api/admin/metrics', () => {
  it('is for admins only: 401 without a session, 403 for every other role', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/metrics' })).statusCode).toBe(401);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const user = await signIn(t.app, (await addUser(t.app, { role })).email);
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/metrics', headers: user.headers });
      expect(res.statusCode, role).toBe(403);
      expect(res.body).not.toContain('kuulo_http_requests_total');
    }
  });

  it('speaks the Prometheus text format, with the process figures', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/metrics', headers: admin.headers });
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('# TYPE kuulo_http_requests_total counter');
    expect(res.body).toContain('# TYPE kuulo_http_request_duration_seconds histogram');
    const samples = parseExposition(res.body);
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts requests by method, route pattern and status class, and their latency', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/surveys/ei-tallaista' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/ei-reittia/salainen-123' })).statusCode).toBe(404);
    const after = await scrape();

    const health = { method: 'GET', route: '/api/health', status_class: '2xx' };
    expect(value(after, 'kuulo_http_requests_total', health) - value(before, 'kuulo_http_requests_total', health)).toBe(3);
    const survey404 = { method: 'GET', route: '/api/surveys/:id', status_class: '4xx' };
    expect(value(after, 'kuulo_http_requests_total', survey404) - value(before, 'kuulo_http_requests_total', survey404)).toBe(1);
    const unmatched = { method: 'GET', route: 'unmatched', status_class: '4xx' };
    expect(value(after, 'kuulo_http_requests_total', unmatched) - value(before, 'kuulo_http_requests_total', unmatched)).toBe(1);

    const latency = { method: 'GET', route: '/api/health' };
    expect(value(after, 'kuulo_http_request_duration_seconds_count', latency) - value(before, 'kuulo_http_request_duration_seconds_count', latency)).toBe(3);
    expect(value(after, 'kuulo_http_request_duration_seconds_bucket', { ...latency, le: '+Inf' })).toBe(value(after, 'kuulo_http_request_duration_seconds_count', latency));
    expect(value(after, 'kuulo_http_request_duration_seconds_sum', latency)).toBeGreaterThan(0);

    // Patterns, never addresses: the path's own values are no label.
    const routes = new Set(after.filter((s) => s.name === 'kuulo_http_requests_total').map((s) => s.labels.route));
    expect([...routes].some((r) => r!.includes('ei-tallaista') || r!.includes('salainen'))).toBe(false);
  });

  it('counts submissions stored, repeated and refused by reason', async () => {
    const route = '/api/surveys/:id/responses';
    const before = await scrape();
    const id = crypto.randomUUID();
    const payload = { id, version: 1, data: allTypesAnswer({ avoin: 'Salainen vastaus 4711' }), locale: 'fi' };
    expect((await t.app.inject({ method: 'POST', url: '/api/surveys/mittari/responses', payload })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/api/surveys/mittari/responses', payload })).statusCode).toBe(200);
    expect((await submitAnswer(t.app, 'mittari', allTypesAnswer({ elama: 9 }))).json().error.code).toBe('invalid_answers');
    expect((await submitAnswer(t.app, 'mittari', allTypesAnswer({ elama: 9 }))).statusCode).toBe(400);
    expect((await submitAnswer(t.app, 'ei-ole', allTypesAnswer())).json().error.code).toBe('survey_not_found');
    const malformed = await t.app.inject({ method: 'POST', url: '/api/surveys/mittari/responses', headers: { 'content-type': 'application/json' }, payload: '{"id": ' });
    expect(malformed.json().error.code).toBe('malformed_json');
    const after = await scrape();

    const diff = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(diff('kuulo_submissions_stored_total', { route })).toBe(1);
    expect(diff('kuulo_submissions_repeated_total', { route })).toBe(1);
    expect(diff('kuulo_submissions_refused_total', { route, reason: 'invalid_answers' })).toBe(2);
    expect(diff('kuulo_submissions_refused_total', { route, reason: 'survey_not_found' })).toBe(1);
    expect(diff('kuulo_submissions_refused_total', { route, reason: 'malformed_json' })).toBe(1);
    // Interview and paper entries are counted under their own route.
    const planner = await signIn(t.app, (await addUser(t.app, { role: 'planner' })).email);
    const entry = await t.app.inject({
      method: 'POST',
      url: '/api/entry/mittari/responses',
      headers: planner.headers,
      payload: { id: crypto.randomUUID(), data: allTypesAnswer(), municipality: '305', channel: 'paper' },
    });
    expect(entry.statusCode).toBe(201);
    expect(value(await scrape(), 'kuulo_submissions_stored_total', { route: '/api/entry/:survey/responses' })).toBe(1);
  });

  it('shows each survey’s results index: not started, then ready with its size', async () => {
    const before = await scrape();
    expect(value(before, 'kuulo_results_index_state', { survey: 'mittari', state: 'not_started' })).toBe(1);
    expect(value(before, 'kuulo_results_index_state', { survey: 'mittari', state: 'ready' })).toBe(0);
    const results = await t.app.inject({ method: 'GET', url: '/api/results/mittari/questions/ikaryhma', headers: admin.headers });
    expect(results.statusCode).toBe(200);
    const after = await scrape();
    expect(value(after, 'kuulo_results_index_state', { survey: 'mittari', state: 'ready' })).toBe(1);
    expect(value(after, 'kuulo_results_index_state', { survey: 'mittari', state: 'not_started' })).toBe(0);
    // The web answer and the paper entry of the test before.
    expect(value(after, 'kuulo_results_index_responses', { survey: 'mittari' })).toBe(2);
    expect(value(after, 'kuulo_results_index_bytes', { survey: 'mittari' })).toBeGreaterThan(0);
    expect(value(after, 'kuulo_results_index_total_responses', { survey: 'mittari' })).toBe(2);
  });

  it('shows housekeeping’s last run and what it deleted', async () => {
    const before = await scrape();
    expect(value(before, 'kuulo_housekeeping_last_run_timestamp_seconds')).toBe(0);
    expect(value(before, 'kuulo_housekeeping_runs_total', { result: 'ok' })).toBe(0);
    // A failed sign-in, forgotten after an hour: the sweep two hours later deletes its row.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'joku@example.fi', password: 'väärin-väärin-1' } })).statusCode).toBe(401);
    now = new Date(now.getTime() + 2 * 3_600_000);
    admin = await adminSession(t.app); // the first admin session has been idle too long by now
    await t.app.housekeeping.run();
    const after = await scrape();
    expect(value(after, 'kuulo_housekeeping_runs_total', { result: 'ok' })).toBe(1);
    expect(value(after, 'kuulo_housekeeping_runs_total', { result: 'error' })).toBe(0);
    expect(value(after, 'kuulo_housekeeping_last_run_timestamp_seconds')).toBe(now.getTime() / 1000);
    expect(value(after, 'kuulo_housekeeping_last_success_timestamp_seconds')).toBe(now.getTime() / 1000);
    expect(value(after, 'kuulo_housekeeping_deleted_total', { kind: 'loginFailures' })).toBe(1);
    expect(value(after, 'kuulo_housekeeping_last_deleted', { kind: 'loginFailures' })).toBe(1);
    // The idle admin sessions of the tests before went too.
    expect(value(after, 'kuulo_housekeeping_deleted_total', { kind: 'sessions' })).toBeGreaterThan(0);
  });

  it('never carries anything personal: no address, no e-mail, no answer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/metrics', headers: admin.headers });
    for (const secret of [adminEmail, 'joku@example.fi', '127.0.0.1', 'Salainen vastaus', '4711', 'ei-tallaista', 'salainen-123']) {
      expect(res.body, secret).not.toContain(secret);
    }
    // Every label is one of the bounded kinds.
    const names = new Set(parseExposition(res.body).filter((s) => s.name.startsWith('kuulo_')).flatMap((s) => Object.keys(s.labels)));
    expect([...names].sort()).toEqual(['kind', 'le', 'method', 'reason', 'result', 'route', 'state', 'status_class', 'survey']);
  });
});

describe('the exposition parser of this test', () => {
  it('reads labels with escapes and rejects what is not a sample line', () => {
    expect(parseExposition('# HELP x y\nx{a="b\\"c",d="e"} 2\ny 3.5\n')).toEqual([
      { name: 'x', labels: { a: 'b"c', d: 'e' }, value: 2 },
      { name: 'y', labels: {}, value: 3.5 },
    ]);
    expect(() => parseExposition('x{a=b} 1')).toThrow(/bad labels/);
  });
});
