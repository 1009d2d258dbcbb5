// The admin API (server/admin/routes.ts): users and the audit log. Every change carries the CSRF header.
import type { AuditLog, NewUser, UserChange, Users } from '../../../../server/admin/schemas.ts';
import type { User } from '../../../../server/auth/schemas.ts';
import { queryString, sessionGet, sessionRequest } from '../../../common/session.ts';

// The shapes are the server's own schemas (types only: nothing of the server reaches the bundle).
export type { AuditEntry, NewUser, UserChange } from '../../../../server/admin/schemas.ts';
export type { Role } from '../../../../server/auth/schemas.ts';

export const adminUrls = {
  users: '/api/admin/users',
  audit: (before: string | null, limit: number) => `/api/admin/audit${queryString({ before, limit })}`,
};

export const listUsers = () => sessionGet<Users>(adminUrls.users);
export const createUser = (user: NewUser) => sessionRequest<User>('POST', adminUrls.users, user);
export const changeUser = (id: string, change: UserChange) => sessionRequest<User>('PATCH', `${adminUrls.users}/${encodeURIComponent(id)}`, change);
export const resetPassword = (id: string, password: string) => sessionRequest<null>('POST', `${adminUrls.users}/${encodeURIComponent(id)}/password`, { password });
export const listAudit = (before: string | null, limit: number) => sessionGet<AuditLog>(adminUrls.audit(before, limit));
