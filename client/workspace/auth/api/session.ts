// Sign-in, the signed-in user and sign-out (server/auth/routes.ts).
import type { Credentials, Session } from '../../../../server/auth/schemas.ts';
import { sessionRequest, setCsrfToken } from '../../../common/session.ts';

// The shapes are the server's own schemas (types only: nothing of the server reaches the bundle).
export type { Role, Session, User } from '../../../../server/auth/schemas.ts';

export async function signIn(email: string, password: string): Promise<Session> {
  const credentials: Credentials = { email, password };
  const session = await sessionRequest<Session>('POST', '/api/auth/login', credentials);
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
