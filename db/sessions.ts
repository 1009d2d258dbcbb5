import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionTable, UserTable } from './schema.ts';

export type SessionRow = Selectable<SessionTable>;

export async function insertSession(db: Kysely<Database>, session: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session and its user, if the session exists (expiry is the caller's judgement). */
export async function findSession(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<{ session: SessionRow; user: Selectable<UserTable> } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.token_hash',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.email',
      'users.password_hash',
      'users.role',
      'users.municipalities',
      'users.areas',
      'users.disabled_at',
      'users.updated_at',
    ])
    .select('users.created_at as user_created_at')
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, user_created_at, ...user } = row;
  return {
    session: { token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at },
    user: { ...user, created_at: user_created_at },
  };
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
