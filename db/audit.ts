import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './schema.ts';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditEntry {
  readonly at: string;
  readonly actor: { id: string; email: string } | null;
  readonly action: string;
  readonly target?: string | null;
  readonly details?: Record<string, unknown>;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: crypto.randomUUID(),
      at: entry.at,
      actor_id: entry.actor?.id ?? null,
      actor_email: entry.actor?.email ?? null,
      action: entry.action,
      target: entry.target ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/**
 * Audit entries older than `before` (AUDIT_MONTHS), at most `limit` of them: the one place that
 * deletes audit rows, called by housekeeping only. It removes by age alone, oldest first, never by
 * who or what, so no entry can be singled out (test/ops/housekeeping.test.ts reads the sources for
 * any other delete or update of the log).
 */
export async function deleteAuditEntriesBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('audit_log')
    .where('at', '<', before)
    .where('id', 'in', (eb) => eb.selectFrom('audit_log').select('id').where('at', '<', before).orderBy('at').limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countAuditEntriesBefore(db: Kysely<Database>, before: string): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '<', before).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. */
export async function listAudit(
  db: Kysely<Database>,
  options: { limit: number; before?: string; action?: string },
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit);
  if (options.before) query = query.where('at', '<', options.before);
  if (options.action) query = query.where('action', '=', options.action);
  return query.execute();
}

/** What the audit log's reader filters by; every part optional. `from` inclusive, `to` exclusive (ISO instants). */
export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly from?: string;
  readonly to?: string;
  readonly before?: string;
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.actor !== undefined) query = query.where('actor_email', '=', filter.actor);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.before !== undefined) query = query.where('at', '<', filter.before);
  return query;
}

/** One page of the filtered log, newest first, and how many lines the filter matches in all. */
export async function pageAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const rows = await filtered(db, filter).selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const { total } = await filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

/** The people and events that appear in the log, for the reader's filter choices. */
export async function auditChoices(db: Kysely<Database>): Promise<{ actors: string[]; actions: string[] }> {
  const actors = await db.selectFrom('audit_log').select('actor_email').distinct().where('actor_email', 'is not', null).orderBy('actor_email').execute();
  const actions = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return { actors: actors.map((r) => r.actor_email!), actions: actions.map((r) => r.action) };
}

/** The filtered log newest first, page by page (the CSV download streams it without holding it all). */
export async function* eachAudit(db: Kysely<Database>, filter: AuditFilter, pageSize = 1000): AsyncGenerator<AuditRow[]> {
  for (let offset = 0; ; offset += pageSize) {
    const rows = await filtered(db, filter).selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(pageSize).offset(offset).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
  }
}

/**
 * A person's lines of the given actions since an instant, oldest first: a planner's entries, their
 * corrections and voids of the day.
 */
export async function actorAuditSince(db: Kysely<Database>, actorId: string, actions: readonly string[], since: string): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('actor_id', '=', actorId)
    .where('action', 'in', actions)
    .where('at', '>=', since)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * The lines of the given actions that name a response in their details (`"responseId":"<id>"`),
 * oldest first. `responseId` must be a UUID (the routes' schemas make it one), so it holds no LIKE
 * wildcard; the JSON form is recordAudit's own.
 */
export async function auditOfResponse(db: Kysely<Database>, responseId: string, actions: readonly string[]): Promise<AuditRow[]> {
  if (!/^[0-9a-f-]{36}$/i.test(responseId)) return [];
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'in', actions)
    .where('details', 'like', `%"responseId":"${responseId}"%`)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
