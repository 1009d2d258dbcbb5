import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import type { Database } from '../../db/schema.ts';
import { claimLoginAttempt, clearLoginFailures, findLoginFailures, findUserByEmail } from '../../db/users.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { startSession } from './sessions.ts';
import type { Credentials, User } from './schemas.ts';
import { userRowToUser } from './users.ts';

// After FREE_FAILURES wrong tries for one address, each further try must wait twice as long as the
// last (30 s, 1 min, 2 min … up to 15 min); failures older than the window are forgotten.
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
export const FAILURE_WINDOW_MS = 60 * 60_000;
/** The wait after FREE_FAILURES + k failures is WAITS_MS[k], the last for every larger k. */
const WAITS_MS: number[] = [];
for (let wait = FIRST_WAIT_MS; WAITS_MS.at(-1) !== MAX_WAIT_MS; wait *= 2) WAITS_MS.push(Math.min(wait, MAX_WAIT_MS));

export type SignInOutcome =
  | { kind: 'signed_in'; user: User; token: string; csrfToken: string; expiresAt: string }
  | { kind: 'wrong_credentials' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export async function signIn(
  db: Kysely<Database>,
  input: Credentials,
  now: Date,
  sessionHours: number,
): Promise<SignInOutcome> {
  const email = input.email.trim().toLowerCase();
  const at = now.toISOString();
  // The attempt is counted before the password is checked, in the same statement that checks the
  // wait, so that however many arrive at once at most FREE_FAILURES passwords are checked before the
  // wait starts. Known and unknown addresses take exactly the same path.
  const claimed = await claimLoginAttempt(db, email, at, {
    forgetBefore: new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString(),
    free: FREE_FAILURES,
    lastFailureBy: WAITS_MS.map((wait) => new Date(now.getTime() - wait).toISOString()),
  });
  if (!claimed) {
    await recordAudit(db, { at, actor: null, action: 'auth.login_throttled', target: email });
    return { kind: 'throttled', retryAfterSeconds: await secondsToWait(db, email, now) };
  }
  const user = await findUserByEmail(db, email);
  // The same work whether or not the address has an account: the timing tells nothing either.
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash()));
  if (!user || !passwordOk || user.disabled_at !== null) {
    await recordAudit(db, {
      at,
      actor: null,
      action: 'auth.login_failed',
      target: email,
      details: { reason: !user ? 'unknown_email' : user.disabled_at !== null ? 'disabled' : 'wrong_password' },
    });
    return { kind: 'wrong_credentials' };
  }
  await clearLoginFailures(db, email);
  const session = await startSession(db, user.id, now, { hours: sessionHours });
  await recordAudit(db, { at, actor: { id: user.id, email: user.email }, action: 'auth.login', target: user.email });
  return { kind: 'signed_in', user: userRowToUser(user), ...session };
}

/** How long a refused address still has to wait, for the answer's Retry-After (at least a second). */
async function secondsToWait(db: Kysely<Database>, email: string, now: Date): Promise<number> {
  const failures = await findLoginFailures(db, email);
  if (!failures) return 1;
  const wait = WAITS_MS[Math.min(Math.max(failures.failures - FREE_FAILURES, 0), WAITS_MS.length - 1)]!;
  return Math.max(1, Math.ceil((Date.parse(failures.last_failed_at) + wait - now.getTime()) / 1000));
}
