import type { Kysely, Selectable } from 'kysely';
import type { Database, LoginFailureTable, UserTable } from './schema.ts';

export type UserRow = Selectable<UserTable>;

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function insertUser(db: Kysely<Database>, user: UserRow): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<UserRow, 'password_hash' | 'role' | 'municipalities' | 'areas' | 'disabled_at'>> & { updated_at: string },
): Promise<boolean> {
  const result = await db.updateTable('users').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findLoginFailures(db: Kysely<Database>, email: string): Promise<Selectable<LoginFailureTable> | undefined> {
  return db.selectFrom('login_failures').selectAll().where('email', '=', email).executeTakeFirst();
}

/** When an address may try to sign in, as times the database compares with its last failure. */
export interface AttemptRule {
  /** Failures before this time are forgotten: the count starts again at this attempt. */
  forgetBefore: string;
  /** Failures counted before any wait. */
  free: number;
  /**
   * With `free + k` failures counted, the last must be at or before `lastFailureBy[k]`; the last
   * entry holds for every larger count.
   */
  lastFailureBy: readonly string[];
}

/**
 * Claims one sign-in attempt for `email` at `at` if the rule allows it, counting it as a failure
 * before the password is checked (a right password clears the count afterwards); false when the
 * address must wait. One statement both checks and counts, so attempts arriving at once cannot all
 * read the same count and all pass: the row is locked by the upsert (PostgreSQL) or the database
 * (SQLite) while each one decides.
 */
export async function claimLoginAttempt(db: Kysely<Database>, email: string, at: string, rule: AttemptRule): Promise<boolean> {
  const row = await db
    .insertInto('login_failures')
    .values({ email, failures: 1, last_failed_at: at })
    .onConflict((oc) =>
      oc
        .column('email')
        .doUpdateSet((eb) => ({
          failures: eb.case().when('login_failures.last_failed_at', '<', rule.forgetBefore).then(1).else(eb('login_failures.failures', '+', 1)).end(),
          last_failed_at: at,
        }))
        .where((eb) => {
          // The latest time the last failure may have been for the wait the current count asks for.
          const [first, ...rest] = rule.lastFailureBy;
          let byCount = eb.case('login_failures.failures').when(rule.free).then(first!);
          rest.forEach((time, k) => (byCount = byCount.when(rule.free + k + 1).then(time)));
          const lastFailureBy = byCount.else(rule.lastFailureBy.at(-1)!).end();
          return eb.or([
            eb('login_failures.last_failed_at', '<', rule.forgetBefore),
            eb('login_failures.failures', '<', rule.free),
            eb('login_failures.last_failed_at', '<=', lastFailureBy),
          ]);
        }),
    )
    .returning('failures')
    .executeTakeFirst();
  return row !== undefined;
}

export async function clearLoginFailures(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

/**
 * Deletes at most `limit` failure counts whose last failure is before `before` (the sign-in rule's
 * forgetBefore: such a count starts again from one anyway, so deleting it changes no wait). The
 * rows hold e-mail addresses, some typed by strangers, which are not kept past their use.
 */
export async function deleteLoginFailuresBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('login_failures')
    .where('last_failed_at', '<', before)
    .where('email', 'in', (eb) => eb.selectFrom('login_failures').select('email').where('last_failed_at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countLoginFailuresBefore(db: Kysely<Database>, before: string): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_failed_at', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
