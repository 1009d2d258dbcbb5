// The admin API (server/admin/routes.ts): users and the audit log. Every change carries the CSRF header.
import { queryString, sessionGet, sessionRequest } from '../../../common/session.ts';
import type { User } from '../../auth/api/session.ts';

export type Role = User['role'];
export interface AuditEntry {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}
export interface NewUser {
  email: string;
  password: string;
  role: Role;
  municipalities: string[];
  areas: string[];
}

export const adminUrls = {
  users: '/api/admin/users',
  audit: (before: string | null, limit: number) => `/api/admin/audit${queryString({ before, limit })}`,
};

export const listUsers = () => sessionGet<{ users: User[] }>(adminUrls.users);
export const createUser = (user: NewUser) => sessionRequest<User>('POST', adminUrls.users, user);
export const changeUser = (id: string, change: Partial<Pick<User, 'role' | 'municipalities' | 'areas' | 'disabled'>>) =>
  sessionRequest<User>('PATCH', `${adminUrls.users}/${encodeURIComponent(id)}`, change);
export const resetPassword = (id: string, password: string) => sessionRequest<null>('POST', `${adminUrls.users}/${encodeURIComponent(id)}/password`, { password });
export const listAudit = (before: string | null, limit: number) => sessionGet<{ entries: AuditEntry[] }>(adminUrls.audit(before, limit));
