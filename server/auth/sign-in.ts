import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import type { Database } from '../../db/schema.ts';
import { clearLoginFailures, findLoginFailures, findUserByEmail, recordLoginFailure } from '../../db/users.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { startSession } from './sessions.ts';
import { userRowToUser, type User } from './users.ts';

// After FREE_FAILURES wrong tries for one address, each further try must wait twice as long as the
// last (30 s, 1 min, 2 min … up to 15 min); failures older than the window are forgotten.
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
const FAILURE_WINDOW_MS = 60 * 60_000;

export type SignInOutcome =
  | { kind: 'signed_in'; user: User; token: string; csrfToken: string; expiresAt: string }
  | { kind: 'wrong_credentials' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string },
  now: Date,
  sessionHours: number,
): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const at = now.toISOString();
  const failures = await findLoginFailures(db, email);
  const recent = failures && now.getTime() - Date.parse(failures.last_failed_at) < FAILURE_WINDOW_MS ? failures.failures : 0;
  if (failures && recent >= FREE_FAILURES) {
    const wait = Math.min(FIRST_WAIT_MS * 2 ** (recent - FREE_FAILURES), MAX_WAIT_MS);
    const waitUntil = Date.parse(failures.last_failed_at) + wait;
    if (now.getTime() < waitUntil) {
      await recordAudit(db, { at, actor: null, action: 'auth.login_throttled', target: email });
      return { kind: 'throttled', retryAfterSeconds: Math.ceil((waitUntil - now.getTime()) / 1000) };
    }
  }
  const user = await findUserByEmail(db, email);
  // The same work whether or not the address has an account: the timing tells nothing either.
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash()));
  if (!user || !passwordOk || user.disabled_at !== null) {
    if (failures && recent === 0) await clearLoginFailures(db, email);
    await recordLoginFailure(db, email, at);
    await recordAudit(db, {
      at,
      actor: null,
      action: 'auth.login_failed',
      target: email,
      details: { reason: !user ? 'unknown_email' : user.disabled_at !== null ? 'disabled' : 'wrong_password' },
    });
    return { kind: 'wrong_credentials' };
  }
  if (failures) await clearLoginFailures(db, email);
  const session = await startSession(db, user.id, now, { hours: sessionHours });
  await recordAudit(db, { at, actor: { id: user.id, email: user.email }, action: 'auth.login', target: user.email });
  return { kind: 'signed_in', user: userRowToUser(user), ...session };
}
