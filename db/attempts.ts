import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Records that an anonymous attempt reached a page. The first ping of an id creates it (and
 * returns true, so its link's start is counted once); later pings move its page forward until it
 * is completed.
 */
export async function pingAttempt(
  db: Kysely<Database>,
  attempt: { id: string; surveyId: string; linkToken: string | null; municipality: string | null; page: number; at: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('attempts')
    .values({
      id: attempt.id,
      survey_id: attempt.surveyId,
      link_token: attempt.linkToken,
      municipality_code: attempt.municipality,
      started_at: attempt.at,
      last_page: attempt.page,
      last_seen_at: attempt.at,
      completed_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  await db
    .updateTable('attempts')
    .set({ last_page: attempt.page, last_seen_at: attempt.at })
    .where('id', '=', attempt.id)
    .where('survey_id', '=', attempt.surveyId)
    .where('completed_at', 'is', null)
    .execute();
  return false;
}

/**
 * Marks an attempt completed by a stored response, inside the store transaction, creating it when
 * the client never pinged. Returns true when it was created here (its link's start not yet counted).
 */
export async function completeAttempt(
  trx: Kysely<Database>,
  attempt: { id: string; surveyId: string; linkToken: string | null; municipality: string | null; at: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('attempts')
    .values({
      id: attempt.id,
      survey_id: attempt.surveyId,
      link_token: attempt.linkToken,
      municipality_code: attempt.municipality,
      started_at: attempt.at,
      last_page: 0,
      last_seen_at: attempt.at,
      completed_at: attempt.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  await trx
    .updateTable('attempts')
    .set((eb) => ({
      completed_at: attempt.at,
      last_seen_at: attempt.at,
      municipality_code: eb.fn.coalesce(eb.val(attempt.municipality), eb.ref('municipality_code')),
    }))
    .where('id', '=', attempt.id)
    .where('survey_id', '=', attempt.surveyId)
    .execute();
  return false;
}

export interface AttemptCounts {
  readonly linkToken: string | null;
  readonly municipality: string | null;
  readonly started: number;
  readonly completed: number;
}

/** Attempts of a survey counted per link and municipality. */
export async function countAttempts(db: Kysely<Database>, surveyId: string): Promise<AttemptCounts[]> {
  const rows = await db
    .selectFrom('attempts')
    .select((eb) => [
      'link_token',
      'municipality_code',
      eb.fn.countAll<number>().as('started'),
      eb.fn.count<number>('completed_at').as('completed'),
    ])
    .where('survey_id', '=', surveyId)
    .groupBy(['link_token', 'municipality_code'])
    .execute();
  return rows.map((r) => ({ linkToken: r.link_token, municipality: r.municipality_code, started: Number(r.started), completed: Number(r.completed) }));
}

/** Unfinished attempts of a survey by the page where they stopped. */
export async function unfinishedByPage(db: Kysely<Database>, surveyId: string): Promise<{ page: number; unfinished: number }[]> {
  const rows = await db
    .selectFrom('attempts')
    .select((eb) => ['last_page', eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .where('completed_at', 'is', null)
    .groupBy('last_page')
    .orderBy('last_page')
    .execute();
  return rows.map((r) => ({ page: r.last_page, unfinished: Number(r.n) }));
}

/*
 * An attempt is last seen at or after it started, so "started and last seen before" is the same
 * set as "last seen before", and the started_at index finds it without scanning the table.
 */

/** Deletes at most `limit` attempts not seen since `before` (their ping is past the retention period); returns how many went. */
export async function deleteAttemptsSeenBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('attempts')
    .where('last_seen_at', '<', before)
    .where('id', 'in', (eb) => eb.selectFrom('attempts').select('id').where('started_at', '<', before).where('last_seen_at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countAttemptsSeenBefore(db: Kysely<Database>, before: string): Promise<number> {
  const row = await db
    .selectFrom('attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('started_at', '<', before)
    .where('last_seen_at', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
