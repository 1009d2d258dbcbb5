import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, TEST_PASSWORD } from '../factories/users.ts';

let t: TestApp;
let now = new Date('2026-11-29T08:00:00.000Z');
const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { clock: () => now, config: { loginRateLimit: 1000 } });
});
afterAll(async () => t.close());

const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

describe('signing in', () => {
  it('starts a server-side session with an HttpOnly, SameSite cookie and tells who is signed in', async () => {
    const user = await addUser(t.app, { role: 'analyst' });
    const res = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'kuulo_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy(); // plain http here; https sets Secure
    expect(res.json().user).toMatchObject({ email: user.email, role: 'analyst' });
    expect(res.json().user).not.toHaveProperty('password_hash');
    const stored = await t.app.db.kysely.selectFrom('sessions').selectAll().execute();
    expect(stored.some((s) => s.token_hash === cookie?.value)).toBe(false); // only a hash of the token is kept
    const who = await me({ cookie: `kuulo_session=${cookie?.value}` });
    expect(who.statusCode).toBe(200);
    expect(who.json().user.email).toBe(user.email);
  });

  it('sets Secure on the cookie when served over TLS behind a trusted proxy', async () => {
    const proxied = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { config: { trustProxy: true } });
    try {
      const user = await addUser(proxied.app);
      const res = await proxied.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email: user.email, password: TEST_PASSWORD } });
      expect(res.cookies.find((c) => c.name === 'kuulo_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('answers an unknown address exactly as a wrong password: no user enumeration', async () => {
    const user = await addUser(t.app);
    const wrong = await login(user.email, 'väärä-salasana-123');
    const unknown = await login('ei-ketaan@example.fi', 'väärä-salasana-123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    // The same answer but for the request's own id.
    const withoutId = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: undefined });
    expect(withoutId(unknown.json())).toEqual(withoutId(wrong.json()));
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
  });

  it('slows repeated failures down, the same for unknown addresses, even for the right password', async () => {
    const user = await addUser(t.app);
    for (const email of [user.email, 'tuntematon@example.fi']) {
      for (let i = 0; i < 5; i++) expect((await login(email, 'väärä-salasana-123')).statusCode).toBe(401);
      const throttled = await login(email, TEST_PASSWORD);
      expect(throttled.statusCode).toBe(429);
      expect(throttled.json().error.code).toBe('too_many_attempts');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    }
    advance(1);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('limits sign-in attempts per client address', async () => {
    const limited = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { config: { loginRateLimit: 3 } });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `x${i}@example.fi`, password: 'whatever-password' } })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('logs sign-ins and failed sign-ins in the audit log', async () => {
    const user = await addUser(t.app);
    await login(user.email, 'väärä-salasana-123');
    await signIn(t.app, user.email);
    const entries = await t.app.db.kysely.selectFrom('audit_log').selectAll().where('target', '=', user.email).orderBy('at').execute();
    expect(entries.map((e) => e.action)).toEqual(['user.create', 'auth.login_failed', 'auth.login']);
    expect(JSON.parse(entries[1]!.details)).toEqual({ reason: 'wrong_password' });
  });

  it('refuses a sign-in posted from another site', async () => {
    const user = await addUser(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { email: user.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(403);
  });
});

describe('sessions', () => {
  it('ends on sign-out', async () => {
    const user = await addUser(t.app);
    const session = await signIn(t.app, user.email);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(204);
    expect((await me(session.headers)).statusCode).toBe(401);
  });

  it('expire after SESSION_HOURS, and after SESSION_IDLE_MINUTES without a request', async () => {
    const user = await addUser(t.app);
    const busy = await signIn(t.app, user.email);
    for (let hour = 0; hour < 11; hour++) {
      advance(60);
      expect((await me(busy.headers)).statusCode).toBe(200);
    }
    advance(61);
    expect((await me(busy.headers)).statusCode).toBe(401); // 12 h after sign-in

    const idle = await signIn(t.app, user.email);
    advance(119);
    expect((await me(idle.headers)).statusCode).toBe(200);
    advance(121);
    expect((await me(idle.headers)).statusCode).toBe(401);
  });

  it('end when the user is disabled, and a disabled user cannot sign in', async () => {
    const admin = await addUser(t.app, { role: 'admin' });
    const user = await addUser(t.app);
    const adminSession = await signIn(t.app, admin.email);
    const session = await signIn(t.app, user.email);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers: adminSession.headers, payload: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await me(session.headers)).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('end when an admin resets the password', async () => {
    const admin = await addUser(t.app, { role: 'admin' });
    const user = await addUser(t.app);
    const adminSession = await signIn(t.app, admin.email);
    const session = await signIn(t.app, user.email);
    const res = await t.app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/password`, headers: adminSession.headers, payload: { password: 'uusi-pitkä-salasana' } });
    expect(res.statusCode).toBe(204);
    expect((await me(session.headers)).statusCode).toBe(401);
    expect((await login(user.email, 'uusi-pitkä-salasana')).statusCode).toBe(200);
    const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit?action=user.reset_password', headers: adminSession.headers });
    expect(audit.json().entries[0]).toMatchObject({ actorEmail: admin.email, action: 'user.reset_password', target: user.email });
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the session’s token, and accepts it with', async () => {
    const admin = await addUser(t.app, { role: 'admin' });
    const session = await signIn(t.app, admin.email);
    const body = { email: 'uusi@example.fi', password: 'pitkä-salasana-123', role: 'analyst' };
    const without = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: session.cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_token_invalid');
    const forged = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: body });
    expect(forged.statusCode).toBe(403);
    const other = await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email);
    const crossed = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: session.cookie, 'x-csrf-token': other.csrfToken }, payload: body });
    expect(crossed.statusCode).toBe(403);
    expect((await t.app.db.kysely.selectFrom('users').select('id').where('email', '=', 'uusi@example.fi').execute()).length).toBe(0);
    const ok = await t.app.inject({ method: 'POST', url: '/api/admin/users', headers: session.headers, payload: body });
    expect(ok.statusCode).toBe(201);
  });
});

describe('managing accounts', () => {
  it('gives a viewer a scope of known municipalities or areas only', async () => {
    const admin = await addUser(t.app, { role: 'admin' });
    const session = await signIn(t.app, admin.email);
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/admin/users', headers: session.headers, payload });
    const ok = await post({ email: 'kuusamo@example.fi', password: 'pitkä-salasana-123', role: 'viewer', municipalities: ['305', '832'] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().municipalities).toEqual(['305', '832']);
    const area = await post({ email: 'koillismaa@example.fi', password: 'pitkä-salasana-123', role: 'viewer', areas: ['Koillismaa'] });
    expect(area.json().areas).toEqual(['Koillismaa']);
    const unknown = await post({ email: 'x@example.fi', password: 'pitkä-salasana-123', role: 'viewer', municipalities: ['999'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.detail).toMatch(/999/);
    const weak = await post({ email: 'y@example.fi', password: 'lyhyt', role: 'analyst' });
    expect(weak.json().error.code).toBe('weak_password');
    const twice = await post({ email: 'KUUSAMO@example.fi', password: 'pitkä-salasana-123', role: 'analyst' });
    expect(twice.statusCode).toBe(409);
  });

  it('does not let an admin lock themselves out', async () => {
    const admin = await addUser(t.app, { role: 'admin' });
    const session = await signIn(t.app, admin.email);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${admin.id}`, headers: session.headers, payload: { disabled: true } });
    expect(res.statusCode).toBe(409);
  });
});
