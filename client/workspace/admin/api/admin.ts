// The admin API (server/admin/routes.ts): users and the audit log. Every change carries the CSRF header.
import type { AuditLog, NewUser, UserChange, Users } from '../../../../server/admin/schemas.ts';
import type { User } from '../../../../server/auth/schemas.ts';
import { queryString, sessionGet, sessionRequest } from '../../../common/session.ts';

// The shapes are the server's own schemas (types only: nothing of the server reaches the bundle).
export type { AuditEntry, AuditLog as AuditLogT, NewUser, UserChange } from '../../../../server/admin/schemas.ts';
import type { AuditLanguage } from '../../../../server/admin/audit-events.ts';
export type { Role } from '../../../../server/auth/schemas.ts';

export const adminUrls = {
  users: '/api/admin/users',
  audit: (query: AuditFilterQuery & { offset: number; limit: number }) => `/api/admin/audit${queryString(filterParams(query))}`,
};

export const listUsers = () => sessionGet<Users>(adminUrls.users);
export const createUser = (user: NewUser) => sessionRequest<User>('POST', adminUrls.users, user);
export const changeUser = (id: string, change: UserChange) => sessionRequest<User>('PATCH', `${adminUrls.users}/${encodeURIComponent(id)}`, change);
export const resetPassword = (id: string, password: string) => sessionRequest<null>('POST', `${adminUrls.users}/${encodeURIComponent(id)}/password`, { password });
export const listAudit = (query: AuditFilterQuery & { offset: number; limit: number }) => sessionGet<AuditLog>(adminUrls.audit(query));

/** The audit log's filters as the page holds them: '' for none. */
export interface AuditFilterQuery {
  actor: string;
  action: string;
  from: string;
  to: string;
}
const filterParams = <T extends AuditFilterQuery>(query: T) =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')) as Record<string, string | number>;

/** The filtered log as a CSV file in the language (a plain link: the session cookie goes with it). */
export const auditCsvUrl = (filters: AuditFilterQuery, lang: AuditLanguage) => `/api/admin/audit.csv${queryString(filterParams({ ...filters, lang }))}`;
