import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, DraftTable } from './schema.ts';

export type DraftRow = Selectable<DraftTable>;

/**
 * Stores a draft. With `onlyOneForLink` (an invitation: one respondent) the link keeps only this
 * latest draft, so re-opening the link offers it; a poster's link is shared by many, whose drafts
 * all stay.
 */
export async function saveDraft(trx: Kysely<Database>, draft: Insertable<DraftTable>, { onlyOneForLink }: { onlyOneForLink: boolean }): Promise<void> {
  if (onlyOneForLink && draft.link_token) await trx.deleteFrom('drafts').where('link_token', '=', draft.link_token).execute();
  await trx.insertInto('drafts').values(draft).execute();
}

export async function findDraft(db: Kysely<Database>, codeHash: string): Promise<DraftRow | undefined> {
  return db.selectFrom('drafts').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

export async function latestDraftOfLink(db: Kysely<Database>, token: string): Promise<DraftRow | undefined> {
  return db.selectFrom('drafts').selectAll().where('link_token', '=', token).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function deleteDraft(db: Kysely<Database>, codeHash: string): Promise<void> {
  await db.deleteFrom('drafts').where('code_hash', '=', codeHash).execute();
}

export async function deleteDraftsOfLink(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('drafts').where('link_token', '=', token).execute();
}

/**
 * Removes drafts past their expiry (at most `limit` of them when given): partial answers are not
 * kept longer than promised. Housekeeping passes a limit and repeats, so that no one statement
 * holds the table long.
 */
export async function deleteExpiredDrafts(db: Kysely<Database>, now: string, limit?: number): Promise<number> {
  const query =
    limit === undefined
      ? db.deleteFrom('drafts').where('expires_at', '<=', now)
      : db.deleteFrom('drafts').where('expires_at', '<=', now).where('code_hash', 'in', (eb) => eb.selectFrom('drafts').select('code_hash').where('expires_at', '<=', now).limit(limit));
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countExpiredDrafts(db: Kysely<Database>, now: string): Promise<number> {
  const row = await db.selectFrom('drafts').select((eb) => eb.fn.countAll<number>().as('n')).where('expires_at', '<=', now).executeTakeFirstOrThrow();
  return Number(row.n);
}
