// Which of the workspace's pages a signed-in user may open, decided by the server's permission table
// (server/auth/permissions.ts: pure data, so the workspace imports it as it is) rather than by role
// names: a new role gets the right menu from its entry in the table. The server refuses the same
// requests anyway; this only keeps the menu from offering what would be refused.
import { may, type Permission } from '../../../server/auth/permissions.ts';
import type { Role } from '../auth/api/session.ts';

export { may, ROLES, scopedToPlaces } from '../../../server/auth/permissions.ts';

/** The pages only some roles may open, and the permission each page's main request needs. */
export const PAGE_PERMISSIONS = {
  /** Survey lifecycle, links and monitoring: the page opens on the surveys' states. */
  distribution: 'surveys.manage',
  /** Interview and paper entry (a page of the respondent site). */
  entry: 'entry.create',
  /** Accounts and the audit log. */
  admin: 'users.manage',
} as const satisfies Record<string, Permission>;

export type GuardedPage = keyof typeof PAGE_PERMISSIONS;

export function mayOpen(role: Role, page: GuardedPage): boolean {
  return may(role, PAGE_PERMISSIONS[page]);
}

/** Where a user lands after signing in: the results' survey list, or entry for a role that reads no results but enters answers. */
export function homePage(role: Role): 'surveys' | 'entry' {
  return !may(role, 'results.read') && may(role, 'entry.create') ? 'entry' : 'surveys';
}
