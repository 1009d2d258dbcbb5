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

export async function recordLoginFailure(db: Kysely<Database>, email: string, at: string): Promise<void> {
  await db
    .insertInto('login_failures')
    .values({ email, failures: 1, last_failed_at: at })
    .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ failures: eb('login_failures.failures', '+', 1), last_failed_at: at })))
    .execute();
}

export async function clearLoginFailures(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}
