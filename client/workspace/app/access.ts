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
  /** The survey editor: drafts, their tabs and publishing. */
  authoring: 'surveys.author',
  /** Accounts and the audit log. */
  admin: 'users.manage',
} as const satisfies Record<string, Permission>;

export type GuardedPage = keyof typeof PAGE_PERMISSIONS;

export function mayOpen(role: Role, page: GuardedPage): boolean {
  return may(role, PAGE_PERMISSIONS[page]);
}

/** Where a user lands after signing in: the results' survey list, or for a role that reads no results, entry (who enters answers) or the editor (who writes surveys). */
export function homePage(role: Role): 'surveys' | 'entry' | 'authoring' {
  if (may(role, 'results.read')) return 'surveys';
  if (may(role, 'entry.create')) return 'entry';
  return may(role, 'surveys.author') ? 'authoring' : 'surveys';
}
