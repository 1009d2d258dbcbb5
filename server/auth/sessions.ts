import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteSession, findSession, insertSession, touchSession } from '../../db/sessions.ts';
import { userRowToUser, type User } from './users.ts';

export const SESSION_COOKIE = 'kuulo_session';

// Writing last_seen_at on every request would turn every read into a write; once a minute is
// precise enough for an idle timeout counted in minutes.
const TOUCH_INTERVAL_MS = 60_000;

export interface ActiveSession {
  readonly user: User;
  readonly tokenHash: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  db: Kysely<Database>,
  userId: string,
  now: Date,
  lifetime: { hours: number },
): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetime.hours * 3_600_000).toISOString();
  await insertSession(db, {
    token_hash: hashToken(token),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/** The session behind a cookie token, or null if it is unknown, expired, idle too long or its user is disabled. */
export async function resumeSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  idleMinutes: number,
): Promise<ActiveSession | null> {
  const tokenHash = hashToken(token);
  const found = await findSession(db, tokenHash);
  if (!found) return null;
  const { session, user } = found;
  const idleSince = Date.parse(session.last_seen_at);
  if (Date.parse(session.expires_at) <= now.getTime() || idleSince + idleMinutes * 60_000 <= now.getTime() || user.disabled_at !== null) {
    await deleteSession(db, tokenHash);
    return null;
  }
  if (now.getTime() - idleSince >= TOUCH_INTERVAL_MS) await touchSession(db, tokenHash, now.toISOString());
  return { user: userRowToUser(user), tokenHash, csrfToken: session.csrf_token, expiresAt: session.expires_at };
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
