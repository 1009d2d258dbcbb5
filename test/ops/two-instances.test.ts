// Two real server processes, started at the same moment with the production command on one fresh
// PostgreSQL database, driven together over HTTP: whatever one instance knows about a user, a survey
// or a respondent, the other must know too, because everything that must agree lives in the database.
// Only the per-address rate limits are per instance, by design (README, "Several instances").
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';
import { freePort, serverProcessEnv } from '../helpers/ports.ts';

const PASSWORD = 'kaksi-instanssia-salasana';
const SUBMIT_RATE_LIMIT = 1000;
const LOGIN_RATE_LIMIT = 50;

interface Instance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** What the process wrote so far (standard output and error), for a failure's message. */
  readonly output: () => string;
}

interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** `node scripts/launch.mjs server/main.ts`, as `npm run serve` and a deployment start it. */
function launch(name: string, databaseUrl: string, port: number): Instance {
  const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/launch.mjs'), 'server/main.ts'], {
    cwd: projectRoot,
    env: serverProcessEnv(databaseUrl, port, { SUBMIT_RATE_LIMIT: String(SUBMIT_RATE_LIMIT), LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { name, url: `http://127.0.0.1:${port}`, child, output: () => output };
}

/** Waits (bounded) until the instance answers its health check; fails at once if the process exits. */
async function healthy(instance: Instance): Promise<any> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) {
      throw new Error(`instance ${instance.name} exited (${instance.child.exitCode ?? instance.child.signalCode}) while starting:\n${instance.output()}`);
    }
    try {
      const res = await fetch(`${instance.url}/api/health`);
      if (res.ok) return res.json();
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`instance ${instance.name} did not answer /api/health within 180 s:\n${instance.output()}`);
}

async function stop(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A process that must finish: `npm run …` or `node scripts/launch.mjs …`, with its standard input. */
function run(command: string, args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(stdin);
  });
}

async function call(
  instance: Instance,
  method: string,
  url: string,
  options: { body?: unknown; session?: Session; csrf?: boolean } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.session) {
    headers.cookie = options.session.cookie;
    if (options.csrf !== false) headers['x-csrf-token'] = options.session.csrfToken;
  }
  const res = await fetch(`${instance.url}${url}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the failure message.
  }
  return { status: res.status, body, headers: res.headers };
}

const signInRequest = (instance: Instance, email: string, password = PASSWORD) => call(instance, 'POST', '/api/auth/login', { body: { email, password } });

async function signIn(instance: Instance, email: string): Promise<Session> {
  const res = await signInRequest(instance, email);
  if (res.status !== 200) throw new Error(`sign-in of ${email} on ${instance.name}: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kuulo_session='));
  if (!cookie) throw new Error('no session cookie');
  return { cookie: cookie.split(';')[0]!, csrfToken: res.body.csrfToken };
}

const fixture = (survey: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/answers', `${survey}.json`), 'utf8')) as Record<string, unknown>;

function submit(instance: Instance, survey: string, version: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return call(instance, 'POST', `/api/surveys/${survey}/responses`, { body: { id: crypto.randomUUID(), version, data, locale: 'fi', ...extra } });
}

describe.skipIf(!isPostgresRun())('two instances on one PostgreSQL database (runs only with DATABASE_URL=postgres://…; skipped on SQLite)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let sqlClient: pg.Client;
  let a: Instance;
  let b: Instance;
  let health: [any, any];
  const admin = `paakayttaja-${crypto.randomBytes(3).toString('hex')}@example.fi`;
  const analyst = `analyytikko-${crypto.randomBytes(3).toString('hex')}@example.fi`;
  const guessed = `arvattava-${crypto.randomBytes(3).toString('hex')}@example.fi`;
  const versions = new Map<string, number>();

  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await sqlClient.query<T>(text, values)).rows;
  const stored = async (survey: string) => Number((await query<{ n: string }>('select count(*) as n from responses where survey_id = $1', [survey]))[0]!.n);
  const version = async (survey: string) => {
    if (!versions.has(survey)) versions.set(survey, (await call(a, 'GET', `/api/surveys/${survey}`)).body.version);
    return versions.get(survey)!;
  };

  beforeAll(async () => {
    // The build is made once here (when stale), so that the two launches below start their servers
    // at the same moment instead of one waiting for the other's build.
    const build = await run(process.execPath, [path.join(projectRoot, 'scripts/launch.mjs'), '--build', '--if-stale', 'server'], {});
    if (build.code !== 0) throw new Error(`server build failed:\n${build.output}`);
    database = await freshDatabase();
    const [portA, portB] = [await freePort(), await freePort()];
    // Both on an empty database at once: both run the migrations, and Kysely's migration lock (a
    // PostgreSQL advisory lock) must let one apply them while the other waits. Without it the second
    // CREATE TABLE of the same name fails (duplicate key in pg_type) and that instance does not start.
    a = launch('A', database.url, portA);
    b = launch('B', database.url, portB);
    health = [await healthy(a), await healthy(b)];
    sqlClient = new pg.Client({ connectionString: database.url });
    await sqlClient.connect();

    const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    const added = await Promise.all([
      run('npm', ['run', '--silent', 'user', '--', 'add', admin, '--role', 'admin'], env, `${PASSWORD}\n`),
      run('npm', ['run', '--silent', 'user', '--', 'add', analyst, '--role', 'analyst'], env, `${PASSWORD}\n`),
      run('npm', ['run', '--silent', 'user', '--', 'add', guessed, '--role', 'analyst'], env, `${PASSWORD}\n`),
    ]);
    for (const r of added) if (r.code !== 0) throw new Error(`npm run user failed:\n${r.output}`);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await sqlClient?.end();
    await database?.drop();
  });

  it('both start together on an empty database; each migration and each survey version is stored once', async () => {
    // Every survey file the instances serve (the six seed surveys and the resident survey's 2025 wave).
    const files = fs.readdirSync(path.join(projectRoot, 'surveys')).filter((f) => f.endsWith('.json')).length;
    expect(files).toBe(7);
    for (const h of health) expect(h).toEqual({ status: 'ok', database: 'postgres', surveys: files });
    const expected = fs
      .readdirSync(path.join(projectRoot, 'db/migrations'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -'.ts'.length))
      .sort();
    const applied = await query<{ name: string }>('select name from kysely_migration order by name');
    expect(applied.map((r) => r.name)).toEqual(expected);
    // Each survey file is version 1, once: the second instance found the first one's row.
    const rows = await query<{ survey_id: string; version: number }>('select survey_id, version from survey_versions order by survey_id');
    expect(rows).toHaveLength(files);
    for (const row of rows) expect(row.version).toBe(1);
    for (const survey of ['minun-arkeni', 'nuorisotyo']) {
      expect((await call(a, 'GET', `/api/surveys/${survey}`)).body.version).toBe(1);
      expect((await call(b, 'GET', `/api/surveys/${survey}`)).body.version).toBe(1);
    }
    // Neither logged an error while starting (a lost migration race would show here).
    expect(a.output()).not.toMatch(/"level":(50|60)/);
    expect(b.output()).not.toMatch(/"level":(50|60)/);
  });

  it('a session and its CSRF token made on A work on B, and signing out on B ends it on A', async () => {
    const session = await signIn(a, admin);
    expect((await call(b, 'GET', '/api/auth/me', { session })).body).toMatchObject({ user: { email: admin, role: 'admin' }, csrfToken: session.csrfToken });

    const withoutToken = await call(b, 'POST', '/api/admin/surveys/minun-arkeni/links', { session, csrf: false, body: { kind: 'public', label: 'ilman' } });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.error.code).toBe('csrf_token_invalid');
    const wrongToken = await call(b, 'POST', '/api/admin/surveys/minun-arkeni/links', { session: { ...session, csrfToken: `${session.csrfToken.slice(1)}x` }, body: { kind: 'public' } });
    expect(wrongToken.status).toBe(403);

    const made = await call(b, 'POST', '/api/admin/surveys/minun-arkeni/links', { session, body: { kind: 'public', label: 'juliste B' } });
    expect(made.status).toBe(201);
    const token = made.body.links[0].token as string;
    // Made on B, seen on A.
    const listed = await call(a, 'GET', '/api/admin/surveys/minun-arkeni/links', { session });
    expect(listed.body.links.map((l: { token: string }) => l.token)).toContain(token);

    expect((await call(b, 'POST', '/api/auth/logout', { session })).status).toBe(204);
    const after = await call(a, 'GET', '/api/auth/me', { session });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('not_signed_in');
    expect((await call(a, 'POST', '/api/admin/surveys/minun-arkeni/links', { session, body: { kind: 'public' } })).status).toBe(401);
  });

  it('five wrong passwords split across A and B start the wait on both', async () => {
    const tries = await Promise.all([a, b, a, b, a].map((instance) => signInRequest(instance, guessed, 'väärä-salasana-joka-kerta')));
    expect(tries.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    for (const instance of [a, b]) {
      // Even the right password waits now, on either instance.
      const res = await signInRequest(instance, guessed);
      expect(res.status, instance.name).toBe(429);
      expect(res.body.error.code).toBe('too_many_attempts');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('counts the per-address sign-in rate limit per instance (the effective limit is the limit × instances)', async () => {
    const remaining = (res: Answer) => Number(res.headers.get('x-ratelimit-remaining'));
    const firstA = await signInRequest(a, 'ei-ketaan@example.fi', 'väärä-salasana');
    const firstB = await signInRequest(b, 'ei-ketaan@example.fi', 'väärä-salasana');
    expect(firstA.headers.get('x-ratelimit-limit')).toBe(String(LOGIN_RATE_LIMIT));
    for (let i = 0; i < 3; i++) await signInRequest(a, 'ei-ketaan@example.fi', 'väärä-salasana');
    // B did not see A's three tries; A counted all of them.
    expect(remaining(await signInRequest(b, 'ei-ketaan@example.fi', 'väärä-salasana'))).toBe(remaining(firstB) - 1);
    expect(remaining(await signInRequest(a, 'ei-ketaan@example.fi', 'väärä-salasana'))).toBe(remaining(firstA) - 4);
  });

  it('a response cap of N takes exactly N of 3N answers sent at once to A and B', async () => {
    const survey = 'nuorisotyo';
    const cap = 4;
    const session = await signIn(b, admin);
    const set = await call(a, 'PUT', `/api/admin/surveys/${survey}/lifecycle`, {
      session,
      body: { state: 'open', opensAt: null, closesAt: null, responseCap: cap, afterClose: 'refuse' },
    });
    expect(set.status).toBe(200);
    const v = await version(survey);
    const data = fixture(survey);
    const answers = await Promise.all(Array.from({ length: 3 * cap }, (_, i) => submit(i % 2 ? b : a, survey, v, data)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(cap);
    const refused = answers.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(2 * cap);
    for (const r of refused) expect([r.status, r.body.error.code]).toEqual([403, 'survey_full']);
    expect(await stored(survey)).toBe(cap);
    for (const instance of [a, b]) expect((await call(instance, 'GET', `/api/surveys/${survey}`)).body.status).toBe('full');
  });

  it('one invitation answered on A and B at once is stored once: the other is invitation_used, or its own receipt again', async () => {
    const survey = 'liikuntapalvelut';
    const session = await signIn(a, admin);
    const made = await call(b, 'POST', `/api/admin/surveys/${survey}/invitations`, { session, body: { labels: ['eri-1', 'eri-2', 'eri-3', 'sama-1', 'sama-2', 'sama-3'] } });
    expect(made.status).toBe(201);
    const tokens = new Map<string, string>(made.body.links.map((l: { label: string; token: string }) => [l.label, l.token]));
    const v = await version(survey);
    const data = fixture(survey);

    for (const label of ['eri-1', 'eri-2', 'eri-3']) {
      const link = tokens.get(label)!;
      const both = await Promise.all([submit(a, survey, v, data, { link }), submit(b, survey, v, data, { link })]);
      expect(both.map((r) => r.status).sort(), label).toEqual([201, 409]);
      expect(both.find((r) => r.status === 409)!.body.error.code).toBe('invitation_used');
      const rows = await query<{ id: string }>('select id from responses where link_id = $1', [link]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe(both.find((r) => r.status === 201)!.body.receipt.id);
    }
    // The same answer (one response id) sent to both, as a phone's retry through another instance might be.
    for (const label of ['sama-1', 'sama-2', 'sama-3']) {
      const link = tokens.get(label)!;
      const id = crypto.randomUUID();
      const both = await Promise.all([submit(a, survey, v, data, { link, id }), submit(b, survey, v, data, { link, id })]);
      expect(both.map((r) => r.status).sort(), label).toEqual([200, 201]);
      expect(both[0]!.body.receipt).toEqual(both[1]!.body.receipt);
      expect(both.find((r) => r.status === 200)!.body.repeated).toBe(true);
      expect(await query('select id from responses where link_id = $1', [link])).toEqual([{ id }]);
    }
    const links = await call(a, 'GET', `/api/admin/surveys/${survey}/links?kind=invitation`, { session });
    for (const l of links.body.links) expect([l.label, l.status, l.responses]).toEqual([l.label, 'used', 1]);
  });

  it('a draft saved on A resumes on B, is submitted on B, and is then gone on A', async () => {
    const survey = 'opiskeluhuolto';
    const data = fixture(survey);
    const partial = { kunta: data.kunta };
    const saved = await call(a, 'POST', `/api/surveys/${survey}/drafts`, { body: { data: partial, page: 0, locale: 'fi' } });
    expect(saved.status).toBe(201);
    const code = saved.body.code as string;

    const resumed = await call(b, 'GET', `/api/drafts/${code}`);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ survey, data: partial, page: 0, locale: 'fi', link: null });

    const sent = await submit(b, survey, await version(survey), data, { draft: code });
    expect(sent.status).toBe(201);
    const gone = await call(a, 'GET', `/api/drafts/${code}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('draft_not_found');
  });

  it("an analyst's results on B include answers stored on A within a few seconds", async () => {
    const survey = 'minun-arkeni';
    const v = await version(survey);
    const data = fixture(survey);
    const session = await signIn(b, analyst);
    const results = async (instance: Instance) => {
      const collection = await call(instance, 'GET', `/api/results/${survey}/collection`, { session });
      const question = await call(instance, 'GET', `/api/results/${survey}/questions/muutostarve`, { session });
      expect([collection.status, question.status]).toEqual([200, 200]);
      return { total: collection.body.total as number, n: question.body.groups.find((g: { key: string }) => g.key === 'county').n as number | null };
    };
    // B's index is built (the start warms it) and has B's own answers at once.
    for (let i = 0; i < 10; i++) expect((await submit(b, survey, v, data)).status).toBe(201);
    expect(await results(b)).toEqual({ total: 10, n: 10 });

    for (let i = 0; i < 5; i++) expect((await submit(a, survey, v, data)).status).toBe(201);
    // Each instance catches up with the other's answers from the database: polled, bounded (up to
    // 10 s), because this is about correctness, not a timing threshold.
    for (const instance of [b, a]) {
      let seen = await results(instance);
      for (let waited = 0; seen.total < 15 && waited < 10_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        seen = await results(instance);
      }
      expect(seen, instance.name).toEqual({ total: 15, n: 15 });
    }
  });
});
