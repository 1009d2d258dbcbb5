import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Link } from '../../server/distribution/schemas.ts';
import type { Lifecycle } from '../../server/surveys/schemas.ts';
import { addUser, signIn, type SignedIn } from './users.ts';

/** Small helpers for distribution tests: an admin session, lifecycle changes, links and submissions. */

export async function adminSession(app: FastifyInstance): Promise<SignedIn> {
  return signIn(app, (await addUser(app, { role: 'admin' })).email);
}

export async function plannerSession(app: FastifyInstance): Promise<SignedIn> {
  return signIn(app, (await addUser(app, { role: 'planner' })).email);
}

/** The lifecycle request as the server's contract has it. */
export type LifecycleBody = Lifecycle;

export async function setLifecycle(app: FastifyInstance, admin: SignedIn, survey: string, overrides: Partial<LifecycleBody> = {}) {
  const payload: LifecycleBody = { state: 'open', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse', ...overrides };
  const res = await app.inject({ method: 'PUT', url: `/api/admin/surveys/${survey}/lifecycle`, headers: admin.headers, payload });
  if (res.statusCode !== 200) throw new Error(`lifecycle of ${survey}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A link as the server answers it (the contract's `Link`), so a test reads the fields the server sends. */
export type LinkBody = Link;

export async function createLinks(app: FastifyInstance, admin: SignedIn, survey: string, body: Record<string, unknown>): Promise<LinkBody[]> {
  const res = await app.inject({ method: 'POST', url: `/api/admin/surveys/${survey}/links`, headers: admin.headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`links of ${survey}: ${res.statusCode} ${res.body}`);
  return res.json().links;
}

export async function createInvitations(app: FastifyInstance, admin: SignedIn, survey: string, labels: string[], extra: Record<string, unknown> = {}): Promise<LinkBody[]> {
  const res = await app.inject({ method: 'POST', url: `/api/admin/surveys/${survey}/invitations`, headers: admin.headers, payload: { labels, ...extra } });
  if (res.statusCode !== 201) throw new Error(`invitations of ${survey}: ${res.statusCode} ${res.body}`);
  return res.json().links;
}

/** A web submission; `extra` adds link, attempt, draft or overrides. */
export function submitAnswer(app: FastifyInstance, survey: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: `/api/surveys/${survey}/responses`,
    payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi', ...extra },
  });
}

export async function countResponses(app: FastifyInstance, survey: string): Promise<number> {
  const row = await app.db.kysely
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', survey)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
