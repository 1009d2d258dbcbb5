import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Keeps a response's rights code (its hash). False when that hash is taken already: only someone who
 * knows another response's code can send it, and the new response is then stored without one.
 * Run it in the transaction that stores the response.
 */
export async function insertRightsCode(
  trx: Kysely<Database>,
  row: { codeHash: string; responseId: string; surveyId: string; at: string },
): Promise<boolean> {
  const result = await trx
    .insertInto('rights_codes')
    .values({ code_hash: row.codeHash, response_id: row.responseId, survey_id: row.surveyId, created_at: row.at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The response a rights code's hash opens, or undefined. */
export async function findRightsCode(db: Kysely<Database>, codeHash: string): Promise<{ code_hash: string; response_id: string; survey_id: string } | undefined> {
  return db.selectFrom('rights_codes').select(['code_hash', 'response_id', 'survey_id']).where('code_hash', '=', codeHash).executeTakeFirst();
}

/** The hash of a response's rights code (to answer a retry with the code it sent), or undefined. */
export async function rightsCodeHashOf(db: Kysely<Database>, responseId: string): Promise<string | undefined> {
  const row = await db.selectFrom('rights_codes').select('code_hash').where('response_id', '=', responseId).executeTakeFirst();
  return row?.code_hash;
}

/** Forgets a response's rights code: the answer stays (kept anonymised), nobody can open it any more. */
export async function deleteRightsCode(trx: Kysely<Database>, responseId: string): Promise<number> {
  const result = await trx.deleteFrom('rights_codes').where('response_id', '=', responseId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
