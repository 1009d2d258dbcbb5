import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, LinkKind, LinkTable } from './schema.ts';

export type LinkRow = Selectable<LinkTable>;
export type NewLink = Insertable<LinkTable>;

// Nine columns a row; 500 rows stays far below SQLite's bound-parameter limit.
const LINK_CHUNK = 500;

/** Inserts all or none: run it inside a transaction for a bulk request. */
export async function insertLinks(trx: Kysely<Database>, links: readonly NewLink[]): Promise<void> {
  for (let start = 0; start < links.length; start += LINK_CHUNK) {
    await trx.insertInto('links').values(links.slice(start, start + LINK_CHUNK)).execute();
  }
}

export async function findLink(db: Kysely<Database>, token: string): Promise<LinkRow | undefined> {
  return db.selectFrom('links').selectAll().where('token', '=', token).executeTakeFirst();
}

export async function findLinks(db: Kysely<Database>, tokens: readonly string[]): Promise<LinkRow[]> {
  if (tokens.length === 0) return [];
  const rows: LinkRow[] = [];
  for (let start = 0; start < tokens.length; start += LINK_CHUNK) {
    rows.push(...(await db.selectFrom('links').selectAll().where('token', 'in', tokens.slice(start, start + LINK_CHUNK)).execute()));
  }
  return rows;
}

export async function listLinks(db: Kysely<Database>, surveyId: string, kind?: LinkKind): Promise<LinkRow[]> {
  let query = db.selectFrom('links').selectAll().where('survey_id', '=', surveyId);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('created_at').orderBy('municipality_code').orderBy('label').orderBy('token').execute();
}

export async function setLinkClosedAt(db: Kysely<Database>, token: string, closedAt: string | null): Promise<void> {
  await db.updateTable('links').set({ closed_at: closedAt }).where('token', '=', token).execute();
}

export async function countLinkOpen(db: Kysely<Database>, token: string): Promise<void> {
  await db.updateTable('links').set((eb) => ({ opens: eb('opens', '+', 1) })).where('token', '=', token).execute();
}

export async function countLinkStart(db: Kysely<Database>, token: string): Promise<void> {
  await db.updateTable('links').set((eb) => ({ started: eb('started', '+', 1) })).where('token', '=', token).execute();
}

/**
 * Counts a stored response against its link, inside the store transaction. An invitation takes
 * exactly one: the update matches only while no response has used it, so of two racing
 * submissions one updates a row and the other none (and must roll back). Other links take
 * responses up to their `max_responses`. Returns whether the link took the response.
 */
export async function claimLink(trx: Kysely<Database>, link: Pick<LinkRow, 'token' | 'kind'>, responseId: string, at: string): Promise<boolean> {
  const query =
    link.kind === 'invitation'
      ? trx
          .updateTable('links')
          .set((eb) => ({ used_response_id: responseId, used_at: at, responses: eb('responses', '+', 1) }))
          .where('token', '=', link.token)
          .where('used_response_id', 'is', null)
      : trx
          .updateTable('links')
          .set((eb) => ({ responses: eb('responses', '+', 1) }))
          .where('token', '=', link.token)
          .where((eb) => eb.or([eb('max_responses', 'is', null), eb('responses', '<', eb.ref('max_responses'))]));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Tokens of a survey's invitations, at most `limit` (the retention sweep deletes them a batch at a time). */
export async function invitationTokens(db: Kysely<Database>, surveyId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('links').select('token').where('survey_id', '=', surveyId).where('kind', '=', 'invitation').orderBy('token').limit(limit).execute();
  return rows.map((r) => r.token);
}

export async function countInvitations(db: Kysely<Database>, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', surveyId)
    .where('kind', '=', 'invitation')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Deletes the given invitations of a survey: their labels are often names or e-mail addresses for a
 * mail merge, and their tokens let a holder in. The responses they took keep their rows (link_id
 * then names no link). Returns how many were deleted.
 */
export async function deleteInvitations(trx: Kysely<Database>, surveyId: string, tokens: readonly string[]): Promise<number> {
  if (tokens.length === 0) return 0;
  const result = await trx.deleteFrom('links').where('survey_id', '=', surveyId).where('kind', '=', 'invitation').where('token', 'in', tokens).executeTakeFirst();
  return Number(result.numDeletedRows);
}
