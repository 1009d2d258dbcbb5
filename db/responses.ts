import type { Kysely, Selectable, Insertable } from 'kysely';
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
 * answers land together. Returns `inserted: false` with the first receipt on a repeat.
 */
export async function insertResponse(
  trx: Kysely<Database>,
  response: NewResponse,
  answers: readonly NewAnswer[],
): Promise<{ inserted: true } | { inserted: false; existing: StoredReceipt }> {
  const result = await trx
    .insertInto('responses')
    .values(response)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
    const existing = await trx
      .selectFrom('responses')
      .select(['id', 'survey_id', 'survey_version', 'submitted_at', 'digest'])
      .where('id', '=', response.id)
      .executeTakeFirstOrThrow();
    return { inserted: false, existing };
  }
  for (let start = 0; start < answers.length; start += ANSWER_CHUNK) {
    const chunk = answers.slice(start, start + ANSWER_CHUNK).map((a) => ({
      response_id: response.id,
      survey_id: response.survey_id,
      survey_version: response.survey_version,
      question: a.question,
      value: a.value,
      num: a.num ?? null,
    }));
    await trx.insertInto('answers').values(chunk).execute();
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
