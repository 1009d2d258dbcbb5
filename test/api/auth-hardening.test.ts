// Sign-in under pressure: many wrong passwords at once, a foreign or broken Origin header, and a
// client that disconnects while it is rate limited.
import { once } from 'node:events';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromThisSite } from '../../server/auth/origin.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, TEST_PASSWORD } from '../factories/users.ts';

const surveys = { 'kysely.json': envelope('kysely', allTypesDefinition()) };
let t: TestApp;
let now = new Date('2026-11-29T08:00:00.000Z');
const advanceSeconds = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

beforeAll(async () => {
  t = await buildTestApp(surveys, { clock: () => now, config: { loginRateLimit: 100_000 } });
});
afterAll(async () => t.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { email, password } });
const failuresOf = async (email: string) => (await t.app.db.kysely.selectFrom('login_failures').select('failures').where('email', '=', email).executeTakeFirst())?.failures;
const checkedPasswords = async (email: string) =>
  (await t.app.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'auth.login_failed').where('target', '=', email).execute()).length;

describe('30 wrong passwords for one account at once', () => {
  it('checks at most 5 before the wait starts, then refuses even the right password until the wait has passed, the same for an unknown address', async () => {
    const user = await addUser(t.app);
    const unknown = 'ei-tiliä@example.fi';
    const answers: Record<string, number[]> = {};
    const retryAfter: Record<string, string[]> = {};
    for (const email of [user.email, unknown]) {
      const burst = await Promise.all(Array.from({ length: 30 }, () => login(email, 'väärä-salasana-123')));
      answers[email] = burst.map((r) => r.statusCode).sort();
      retryAfter[email] = burst.filter((r) => r.statusCode === 429).map((r) => String(r.headers['retry-after']));
      expect(burst.filter((r) => r.statusCode === 429).every((r) => r.json().error.code === 'too_many_attempts')).toBe(true);
      // Each password check that failed is in the audit log: exactly the five free ones.
      expect(await checkedPasswords(email)).toBe(5);
      expect(await failuresOf(email)).toBe(5);
    }
    expect(answers[user.email]).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);
    expect(answers[unknown]).toEqual(answers[user.email]);
    expect(retryAfter[unknown]).toEqual(retryAfter[user.email]);
    expect(new Set(retryAfter[user.email])).toEqual(new Set(['30']));

    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(429);
    advanceSeconds(29);
    const stillWaiting = await login(user.email, TEST_PASSWORD);
    expect(stillWaiting.statusCode).toBe(429);
    expect(stillWaiting.headers['retry-after']).toBe('1');
    expect((await login(unknown, 'väärä-salasana-123')).statusCode).toBe(429);
    advanceSeconds(1);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await failuresOf(user.email)).toBeUndefined();
    // The unknown address's one try after the wait is checked and fails, and the next wait is longer.
    expect((await login(unknown, 'väärä-salasana-123')).statusCode).toBe(401);
    expect(await checkedPasswords(unknown)).toBe(6);
    const next = await Promise.all(Array.from({ length: 10 }, () => login(unknown, 'väärä-salasana-123')));
    expect(next.map((r) => r.statusCode)).toEqual(Array(10).fill(429));
    expect(next[0]!.headers['retry-after']).toBe('60');
  });

  it('forgets failures older than an hour, also when many attempts arrive at once', async () => {
    const user = await addUser(t.app);
    await Promise.all(Array.from({ length: 8 }, () => login(user.email, 'väärä-salasana-123')));
    expect(await failuresOf(user.email)).toBe(5);
    advanceSeconds(60 * 60 + 1);
    const later = await Promise.all(Array.from({ length: 8 }, () => login(user.email, 'väärä-salasana-123')));
    expect(later.map((r) => r.statusCode).sort()).toEqual([...Array(5).fill(401), ...Array(3).fill(429)]);
    expect(await failuresOf(user.email)).toBe(5);
  });
});

describe('sign-in with Origin: null or a malformed Origin', () => {
  it('is refused as another site (403 cross_origin), never a 500', async () => {
    const user = await addUser(t.app);
    for (const origin of ['null', 'not a url', 'http://', 'http://[::1', '://kuulo.example', '', 'file://', 'data:text/html,x', 'https://evil.example', 'https://kuulo.example.evil.example']) {
      const res = await login(user.email, TEST_PASSWORD, { host: 'kuulo.example', origin });
      expect(res.statusCode, `Origin: ${JSON.stringify(origin)}`).toBe(403);
      expect(res.json().error.code).toBe('cross_origin');
    }
    // This site's own page, and a client that sends no Origin, still sign in.
    expect((await login(user.email, TEST_PASSWORD, { host: 'kuulo.example', origin: 'https://kuulo.example' })).statusCode).toBe(200);
    expect((await login(user.email, TEST_PASSWORD, { host: 'kuulo.example' })).statusCode).toBe(200);
  });

  it('never throws on any header value, and lets through only this host', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl(), fc.constantFrom('null', 'https://kuulo.example', 'http://kuulo.example')), (origin) => {
        const verdict = fromThisSite(origin, 'kuulo.example');
        expect(verdict).toBe(URL.canParse(origin) && new URL(origin).host === 'kuulo.example');
      }),
      { numRuns: 2000 },
    );
    expect(fromThisSite(undefined, 'kuulo.example')).toBe(true);
    expect(fromThisSite('file://', '')).toBe(false);
  });
});

describe('a client that disconnects while rate limited', () => {
  it('is dropped quietly: no error from the rate limit, and the server goes on answering', async () => {
    const limited = await buildTestApp(surveys, { config: { loginRateLimit: 2 } });
    const errors: unknown[] = [];
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    let settled = 0;
    // Every error a request meets passes the onError hooks, whether or not its answer can be sent.
    limited.app.addHook('onError', async (_request, _reply, error) => {
      errors.push(error);
    });
    limited.app.addHook('onResponse', async () => {
      settled++;
    });
    try {
      await limited.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = limited.app.server.address() as net.AddressInfo;
      const url = `http://127.0.0.1:${port}/api/auth/login`;
      const body = JSON.stringify({ email: 'kuka@example.fi', password: 'väärä-salasana-123' });
      const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await post()).status);
      expect(codes).toEqual([401, 401, 429]);
      errors.length = 0;
      settled = 0;

      // A request, and the connection reset at once: by the time the server reads the request, the
      // connection is gone and Node can no longer tell its address. Each is sent once the server
      // has taken the connection, so that the request is there to be read.
      const request = `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const sockets = 20;
      for (let i = 0; i < sockets; i++) {
        const accepted = once(limited.app.server, 'connection');
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        await Promise.all([once(socket, 'connect'), accepted]);
        socket.write(request);
        socket.resetAndDestroy();
      }
      await expect.poll(() => settled, { timeout: 10_000 }).toBe(sockets);

      const after = await post();
      expect(after.status).toBe(429);
      expect((await after.json()).error.code).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      // Refusals (4xx) only: nothing failed on the missing address.
      expect(errors.filter((e) => !((e as { statusCode?: number }).statusCode! < 500))).toEqual([]);
      // The reset requests counted against their own client, already over its limit: none of them
      // had its password checked (only the first two requests did).
      const checked = await limited.app.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'auth.login_failed').execute();
      expect(checked).toHaveLength(2);
      expect(crashes).toEqual([]);
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      await limited.close();
    }
  });
});
