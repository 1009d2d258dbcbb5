// The sign-in API's contract: accounts as the API shows them, and a session. Routes, services, the
// client and the OpenAPI document all use these.
import { Type, type Static } from 'typebox';
import { ROLES } from './permissions.ts';

/** The roles are the permission table's: a new role there is a new value here. */
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

/** An account as the API shows it: never its password hash. */
export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Role,
  municipalities: Type.Array(Type.String()),
  areas: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});
export type User = Static<typeof User>;

export const Credentials = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type Credentials = Static<typeof Credentials>;

/** The signed-in user, and the token every change must carry in the CSRF header. */
export const Session = Type.Object({ user: User, csrfToken: Type.String(), expiresAt: Type.String() });
export type Session = Static<typeof Session>;
