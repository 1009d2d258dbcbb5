import type { Kysely, Selectable, Insertable } from 'kysely';
import { compiledOnce } from './compiled.ts';
import type { Dialect } from './connect.ts';
import type { AnswerTable, Database, ResponseTable } from './schema.ts';

export type ResponseRow = Selectable<ResponseTable>;
export type NewResponse = Insertable<ResponseTable>;
export type NewAnswer = Omit<Insertable<AnswerTable>, 'response_id' | 'survey_id' | 'survey_version'>;
export type StoredReceipt = Pick<ResponseRow, 'id' | 'survey_id' | 'survey_version' | 'submitted_at' | 'digest'>;

// SQLite allows 32,766 bound parameters per statement; 6 columns × 1,000 rows stays far below.
const ANSWER_CHUNK = 1000;

/**
 * Stores a response and its answer rows, or nothing if a response with this id exists already
 * (the id is the client's idempotency key). Run it inside a transaction so the response and its
 * answers land together. Returns `inserted: false` with the first receipt on a repeat. Given the
 * dialect (the server's store path), each query shape is compiled once (compiled.ts).
 */
export async function insertResponse(
  trx: Kysely<Database>,
  response: NewResponse,
  answers: readonly NewAnswer[],
  dialect?: Dialect,
): Promise<{ inserted: true } | { inserted: false; existing: StoredReceipt }> {
  const insertRow = () => trx.insertInto('responses').values(response).onConflict((oc) => oc.column('id').doNothing());
  const columns = (Object.keys(response) as (keyof NewResponse)[]).filter((c) => response[c] !== undefined);
  const result = dialect
    ? await trx.executeQuery(compiledOnce(dialect, `responses:${columns.join(',')}`, columns.map((c) => response[c]), insertRow))
    : await insertRow().executeTakeFirst().then((r) => ({ numAffectedRows: r.numInsertedOrUpdatedRows }));
  if (Number(result.numAffectedRows ?? 0) === 0) {
    const existing = await trx
      .selectFrom('responses')
      .select(['id', 'survey_id', 'survey_version', 'submitted_at', 'digest'])
      .where('id', '=', response.id)
      .executeTakeFirstOrThrow();
    return { inserted: false, existing };
  }
  for (let start = 0; start < answers.length; start += ANSWER_CHUNK) {
    const part = answers.slice(start, start + ANSWER_CHUNK);
    const rows = () =>
      part.map((a) => ({
        response_id: response.id,
        survey_id: response.survey_id,
        survey_version: response.survey_version,
        question: a.question,
        value: a.value,
        num: a.num ?? null,
      }));
    // One multi-row INSERT per chunk: the ~33 rows of a resident's answer in one statement.
    if (dialect) {
      // The rows' values in the compiled query's order (compiledOnce checks it the first time).
      const parameters: unknown[] = [];
      for (const a of part) parameters.push(response.id, response.survey_id, response.survey_version, a.question, a.value, a.num ?? null);
      await trx.executeQuery(compiledOnce(dialect, `answers:${part.length}`, parameters, () => trx.insertInto('answers').values(rows())));
    } else {
      await trx.insertInto('answers').values(rows()).execute();
    }
  }
  return { inserted: true };
}

export async function findReceipts(db: Kysely<Database>, ids: readonly string[]): Promise<StoredReceipt[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'survey_version', 'submitted_at', 'digest'])
    .where('id', 'in', ids)
    .execute();
}

/**
 * Removes the generated demo responses (synthetic = 1) and their answers; real ones are never
 * touched. Bumps the surveys' deletion generation so in-memory results indexes rebuild.
 */
export async function deleteSyntheticResponses(trx: Kysely<Database>, at: string): Promise<number> {
  const surveys = await trx.selectFrom('responses').select('survey_id').distinct().where('synthetic', '=', 1).execute();
  await trx.deleteFrom('answers').where('response_id', 'in', trx.selectFrom('responses').select('id').where('synthetic', '=', 1)).execute();
  const result = await trx.deleteFrom('responses').where('synthetic', '=', 1).executeTakeFirst();
  for (const { survey_id } of surveys) await bumpDeletionGeneration(trx, survey_id, at);
  return Number(result.numDeletedRows);
}

/** Marks that responses of a survey were deleted: anything holding them in memory must reload. */
export async function bumpDeletionGeneration(trx: Kysely<Database>, surveyId: string, at: string): Promise<void> {
  await trx
    .insertInto('response_deletions')
    .values({ survey_id: surveyId, generation: 1, deleted_at: at })
    .onConflict((oc) => oc.column('survey_id').doUpdateSet((eb) => ({ generation: eb('response_deletions.generation', '+', 1), deleted_at: at })))
    .execute();
}

export async function deletionGeneration(db: Kysely<Database>, surveyId: string): Promise<number> {
  const row = await db.selectFrom('response_deletions').select('generation').where('survey_id', '=', surveyId).executeTakeFirst();
  return row?.generation ?? 0;
}

/** One stored response's row, or undefined. */
export async function findResponse(db: Kysely<Database>, id: string): Promise<ResponseRow | undefined> {
  return db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The stored responses among `ids`, with their answers as stored (a planner's own entries of the day). */
export async function findResponses(db: Kysely<Database>, ids: readonly string[]): Promise<ResponseRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('responses').selectAll().where('id', 'in', ids).execute();
}

/**
 * Removes one real response and its answers (a planner voids or replaces an entry), and moves its
 * survey's deletion generation so that results indexes and their snapshots drop it. False when it
 * was not there (removed meanwhile). Run it inside the transaction that writes its audit line.
 */
export async function removeResponse(trx: Kysely<Database>, id: string, surveyId: string, at: string): Promise<boolean> {
  await trx.deleteFrom('answers').where('response_id', '=', id).where('survey_id', '=', surveyId).execute();
  const result = await trx.deleteFrom('responses').where('id', '=', id).where('survey_id', '=', surveyId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await bumpDeletionGeneration(trx, surveyId, at);
  return true;
}

/**
 * Erases responses of one survey for good: their answer rows, the open-answer coding that refers to
 * them, and the responses themselves, then moves the survey's deletion generation once so that
 * results indexes and their snapshots drop them. The one path by which real answers leave the
 * database for a privacy reason: the retention sweep calls it, and a respondent's erasure should
 * too. Returns how many responses were erased (ids already gone are skipped). Run it inside a
 * transaction; keep `ids` to a batch (a few hundred), since each is a bound parameter.
 */
export async function eraseResponses(trx: Kysely<Database>, surveyId: string, ids: readonly string[], at: string): Promise<number> {
  if (ids.length === 0) return 0;
  await trx.deleteFrom('coding_codes').where('response_id', 'in', ids).execute();
  await trx.deleteFrom('coding_units').where('response_id', 'in', ids).execute();
  await trx.deleteFrom('coding_sample_items').where('response_id', 'in', ids).execute();
  await trx.deleteFrom('answers').where('survey_id', '=', surveyId).where('response_id', 'in', ids).execute();
  const result = await trx.deleteFrom('responses').where('survey_id', '=', surveyId).where('id', 'in', ids).executeTakeFirst();
  const erased = Number(result.numDeletedRows);
  if (erased > 0) await bumpDeletionGeneration(trx, surveyId, at);
  return erased;
}

/**
 * Ids of a survey's responses submitted after `after` (exclusive; null for no bound) and at or before
 * `upTo` (ISO 8601 UTC), in id order after `afterId`, at most `limit`: the retention sweep's next
 * batch. Paged by id, so a batch that changes submission times (anonymisation coarsens them) does
 * not move rows in or out of the pages still to come.
 */
export async function responseIdsSubmittedBetween(
  db: Kysely<Database>,
  surveyId: string,
  range: { after: string | null; upTo: string },
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  let query = db.selectFrom('responses').select('id').where('survey_id', '=', surveyId).where('submitted_at', '<=', range.upTo);
  if (range.after !== null) query = query.where('submitted_at', '>', range.after);
  // An id condition on the first page too: without one SQLite read it through the submitted_at
  // index and sorted the whole range for a page (see pageExportResponses).
  query = query.where('id', '>', afterId ?? '');
  const rows = await query.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** How many of a survey's responses were submitted after `after` (null: no bound) and at or before `upTo`. */
export async function countResponsesSubmittedBetween(db: Kysely<Database>, surveyId: string, range: { after: string | null; upTo: string }): Promise<number> {
  let query = db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', surveyId).where('submitted_at', '<=', range.upTo);
  if (range.after !== null) query = query.where('submitted_at', '>', range.after);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
