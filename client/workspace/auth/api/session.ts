// Sign-in, the signed-in user and sign-out (server/auth/routes.ts).
import type { Static } from 'typebox';
import type { UserBody } from '../../../../server/http/schemas.ts';
import { sessionRequest, setCsrfToken } from '../../../common/session.ts';

export type User = Static<typeof UserBody>;
export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export async function signIn(email: string, password: string): Promise<Session> {
  const session = await sessionRequest<Session>('POST', '/api/auth/login', { email, password });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function currentSession(): Promise<Session> {
  const session = await sessionRequest<Session>('GET', '/api/auth/me');
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  await sessionRequest<null>('POST', '/api/auth/logout');
  setCsrfToken(null);
}
