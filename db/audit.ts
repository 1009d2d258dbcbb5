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
