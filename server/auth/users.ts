import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import type { Database, Role } from '../../db/schema.ts';
import { deleteSessionsOfUser } from '../../db/sessions.ts';
import { findUserByEmail, insertUser, updateUser, type UserRow } from '../../db/users.ts';
import type { Geography } from '../geography.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { scopedToPlaces } from './permissions.ts';
import type { User } from './schemas.ts';

export { ROLES } from './permissions.ts';

// A user as the API and the CLI show it (never the password hash) is the contract's `User`.
export type { User } from './schemas.ts';

export function userRowToUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    municipalities: JSON.parse(row.municipalities) as string[],
    areas: JSON.parse(row.areas) as string[],
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

export class UserProblem extends Error {
  constructor(
    readonly code: 'invalid_email' | 'weak_password' | 'email_taken' | 'invalid_scope' | 'user_not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface Actor {
  readonly id: string;
  readonly email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a scoped role's places against the geography; roles that see every place carry no scope. */
function checkScope(role: Role, municipalities: string[], areas: string[], geography: Geography) {
  if (!scopedToPlaces(role)) {
    if (municipalities.length > 0 || areas.length > 0) throw new UserProblem('invalid_scope', `the ${role} role has no municipalities or areas: it sees every place's results or none`);
    return;
  }
  const unknownCodes = municipalities.filter((c) => !geography.byCode.has(c));
  if (unknownCodes.length > 0) throw new UserProblem('invalid_scope', `unknown municipality code(s): ${unknownCodes.join(', ')}`);
  const unknownAreas = areas.filter((a) => !geography.areas.includes(a));
  if (unknownAreas.length > 0) throw new UserProblem('invalid_scope', `unknown area(s): ${unknownAreas.join(', ')} (areas: ${geography.areas.join(', ')})`);
  if (municipalities.length === 0 && areas.length === 0) throw new UserProblem('invalid_scope', `a ${role} needs at least one municipality or area`);
}

export async function createUser(
  db: Kysely<Database>,
  geography: Geography,
  input: { email: string; password: string; role: Role; municipalities?: string[]; areas?: string[] },
  actor: Actor | null,
  now: Date,
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new UserProblem('invalid_email', `'${input.email}' is not an e-mail address`);
  const weak = passwordProblem(input.password);
  if (weak) throw new UserProblem('weak_password', weak);
  const municipalities = [...new Set(input.municipalities ?? [])];
  const areas = [...new Set(input.areas ?? [])];
  checkScope(input.role, municipalities, areas, geography);
  if (await findUserByEmail(db, email)) throw new UserProblem('email_taken', `an account for ${email} exists already`);
  const at = now.toISOString();
  const row: UserRow = {
    id: crypto.randomUUID(),
    email,
    password_hash: await hashPassword(input.password),
    role: input.role,
    municipalities: JSON.stringify(municipalities),
    areas: JSON.stringify(areas),
    disabled_at: null,
    created_at: at,
    updated_at: at,
  };
  await db.transaction().execute(async (trx) => {
    await insertUser(trx, row);
    await recordAudit(trx, { at, actor, action: 'user.create', target: email, details: { role: input.role, municipalities, areas } });
  });
  return userRowToUser(row);
}

async function existing(db: Kysely<Database>, email: string): Promise<UserRow> {
  const row = await findUserByEmail(db, email);
  if (!row) throw new UserProblem('user_not_found', `no account for ${email}`);
  return row;
}

/** Disabling ends every session of the user at once. */
export async function setUserDisabled(db: Kysely<Database>, email: string, disabled: boolean, actor: Actor | null, now: Date): Promise<User> {
  const row = await existing(db, email);
  const at = now.toISOString();
  const disabledAt = disabled ? (row.disabled_at ?? at) : null;
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, row.id, { disabled_at: disabledAt, updated_at: at });
    const ended = disabled ? await deleteSessionsOfUser(trx, row.id) : 0;
    await recordAudit(trx, { at, actor, action: disabled ? 'user.disable' : 'user.enable', target: row.email, details: { sessionsEnded: ended } });
  });
  return userRowToUser({ ...row, disabled_at: disabledAt, updated_at: at });
}

/** A new password ends the user's sessions, so a leaked session dies with the old password. */
export async function resetPassword(db: Kysely<Database>, email: string, password: string, actor: Actor | null, now: Date): Promise<User> {
  const weak = passwordProblem(password);
  if (weak) throw new UserProblem('weak_password', weak);
  const row = await existing(db, email);
  const at = now.toISOString();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, row.id, { password_hash: hash, updated_at: at });
    await deleteSessionsOfUser(trx, row.id);
    await recordAudit(trx, { at, actor, action: 'user.reset_password', target: row.email });
  });
  return userRowToUser({ ...row, password_hash: hash, updated_at: at });
}

export async function changeRole(
  db: Kysely<Database>,
  geography: Geography,
  email: string,
  change: { role: Role; municipalities?: string[]; areas?: string[] },
  actor: Actor | null,
  now: Date,
): Promise<User> {
  const row = await existing(db, email);
  const municipalities = [...new Set(change.municipalities ?? [])];
  const areas = [...new Set(change.areas ?? [])];
  checkScope(change.role, municipalities, areas, geography);
  const at = now.toISOString();
  const changes = { role: change.role, municipalities: JSON.stringify(municipalities), areas: JSON.stringify(areas), updated_at: at };
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, row.id, changes);
    // New rights start with a new sign-in: no session keeps a wider scope than the account now has.
    await deleteSessionsOfUser(trx, row.id);
    await recordAudit(trx, { at, actor, action: 'user.change_role', target: row.email, details: { from: row.role, to: change.role, municipalities, areas } });
  });
  return userRowToUser({ ...row, ...changes });
}
