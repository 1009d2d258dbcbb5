// What each role may do, in one table. Routes name the permission they need (`requires(...)`), the
// access hook and the services ask `may(role, permission)`, and so do the workspace's menus and pages
// (this file is pure data, imported by the client too); nothing else compares role names. A new role
// is its name in `Role` (db/schema.ts, the stored values), one entry here (the compiler asks for it),
// and its names in the workspace's texts (client/workspace/app/i18n.tsx, likewise asked for). The API's
// `Role` schema and every list of roles are made from this table.
import type { Role } from '../../db/schema.ts';

export const PERMISSIONS = [
  /** Keep a session: who am I, sign out. */
  'session',
  /** Results of surveys (aggregates, suppressed below the threshold), within the role's places. */
  'results.read',
  /** Results of every place; without it a user sees only their own municipalities and areas. */
  'results.readAllPlaces',
  /** Results as files (charts, tables, decks, reports): the same figures as `results.read`. */
  'exports.results',
  /** Response-level data (CSV, Excel, SPSS). */
  'exports.data',
  /** Code open answers: codebooks, coding (blind), samples, agreement and the consensus. */
  'coding',
  /** Enter answers on paper or by phone for respondents. */
  'entry.create',
  /** Survey lifecycle (open, close, caps) and monitoring. */
  'surveys.manage',
  /** Write surveys in the browser: drafts, checks, translations, preview, publish. */
  'surveys.author',
  /** Respondent links, invitations and QR codes. */
  'distribution.manage',
  /** Accounts: create, change role, disable, reset passwords. */
  'users.manage',
  /** The population table weighting reads, and the geography behind it. */
  'population.manage',
  /** The audit log and the server's metrics. */
  'operations.read',
  /** Anonymised research exports and the review of their proposed redactions (response-level data). */
  'privacy.anonymise',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [
    'session',
    'results.read',
    'results.readAllPlaces',
    'exports.results',
    'exports.data',
    'coding',
    'entry.create',
    'surveys.manage',
    'surveys.author',
    'distribution.manage',
    'users.manage',
    'population.manage',
    'operations.read',
    'privacy.anonymise',
  ],
  analyst: ['session', 'results.read', 'results.readAllPlaces', 'exports.results', 'exports.data', 'coding', 'privacy.anonymise'],
  viewer: ['session', 'results.read', 'exports.results'],
  planner: ['session', 'entry.create'],
  author: ['session', 'surveys.author'],
};

/** Every role, in the table's order. */
export const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

export function may(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * Whether a role's results are limited to the municipalities and areas given to each account: a role
 * that reads results, but not every place's. Only such an account has (and must have) places.
 */
export function scopedToPlaces(role: Role): boolean {
  return may(role, 'results.read') && !may(role, 'results.readAllPlaces');
}

/** The roles that hold a permission (for documents that list them, such as the API reference). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => may(role, permission));
}

/**
 * A route's access rule: the permission it needs. `roles` is derived from the table for readers that
 * list who may call a route; the access hook decides by the permission.
 */
export function requires(permission: Permission): { readonly access: { readonly permission: Permission; readonly roles: readonly Role[] } } {
  return { access: { permission, roles: rolesWith(permission) } };
}
