import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { may } from '../../server/auth/permissions.ts';
import { createUser, type User } from '../../server/auth/users.ts';

export const TEST_PASSWORD = 'oikein-hyvä-salasana';

/** Creates an account directly through the user service. */
export async function addUser(
  app: FastifyInstance,
  overrides: { role?: Role; email?: string; password?: string; municipalities?: string[]; areas?: string[] } = {},
): Promise<User> {
  const role = overrides.role ?? 'analyst';
  return createUser(
    app.db.kysely,
    app.geography,
    {
      email: overrides.email ?? `${role}-${crypto.randomBytes(4).toString('hex')}@example.fi`,
      password: overrides.password ?? TEST_PASSWORD,
      role,
      municipalities: overrides.municipalities ?? (may(role, 'results.read') && !may(role, 'results.readAllPlaces') && !overrides.areas ? ['305'] : []),
      areas: overrides.areas ?? [],
    },
    null,
    app.clock(),
  );
}

export interface SignedIn {
  readonly cookie: string;
  readonly csrfToken: string;
  /** Headers for a request as this user (the CSRF header too, harmless on reads). */
  readonly headers: Record<string, string>;
}

/** Signs in through the real route and returns the session cookie and CSRF token. */
export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'kuulo_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = res.json().csrfToken as string;
  return { cookie: `kuulo_session=${cookie.value}`, csrfToken, headers: { cookie: `kuulo_session=${cookie.value}`, 'x-csrf-token': csrfToken } };
}
