import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
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

/**
 * When a session has ended: past its expiry (`now`), or without a request since `idleBefore`
 * (now minus the idle timeout). resumeSession refuses exactly these, so deleting them changes
 * nothing anyone can do; it only stops the table growing with sessions nobody signed out of.
 */
export interface SessionsEnded {
  readonly now: string;
  readonly idleBefore: string;
}

function ended(eb: ExpressionBuilder<Database, 'sessions'>, when: SessionsEnded) {
  return eb.or([eb('expires_at', '<=', when.now), eb('last_seen_at', '<=', when.idleBefore)]);
}

/**
 * Deletes at most `limit` ended sessions and returns how many went: one short statement, so a
 * caller repeating it until fewer than `limit` go never holds the table for long. The condition is
 * on the outer DELETE too: PostgreSQL re-checks that one against a row changed meanwhile (a session
 * touched by a request), while the LIMIT subquery's choice is not re-checked. The other tables'
 * batched deletes do the same.
 */
export async function deleteExpiredSessions(db: Kysely<Database>, when: SessionsEnded, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => ended(eb, when))
    .where('token_hash', 'in', (eb) => eb.selectFrom('sessions').select('token_hash').where((eb) => ended(eb, when)).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countExpiredSessions(db: Kysely<Database>, when: SessionsEnded): Promise<number> {
  const row = await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => ended(eb, when)).executeTakeFirstOrThrow();
  return Number(row.n);
}
