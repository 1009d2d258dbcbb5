import type { Kysely, Selectable } from 'kysely';
import { compiledOnce } from './compiled.ts';
import type { Dialect } from './connect.ts';
import type { Database, SurveyStateTable } from './schema.ts';

export type SurveyStateRow = Selectable<SurveyStateTable>;

/** A survey's state; given the dialect (every submission reads it), the query is compiled once (compiled.ts). */
export async function findSurveyState(db: Kysely<Database>, surveyId: string, dialect?: Dialect): Promise<SurveyStateRow | undefined> {
  const query = db.selectFrom('survey_states').selectAll().where('survey_id', '=', surveyId);
  if (!dialect) return query.executeTakeFirst();
  return (await db.executeQuery(compiledOnce(dialect, 'survey_states', [surveyId], () => query))).rows[0];
}

export async function listSurveyStates(db: Kysely<Database>): Promise<SurveyStateRow[]> {
  return db.selectFrom('survey_states').selectAll().execute();
}

export async function saveSurveyState(db: Kysely<Database>, row: SurveyStateRow): Promise<void> {
  const { survey_id: _, ...changes } = row;
  await db
    .insertInto('survey_states')
    .values(row)
    .onConflict((oc) => oc.column('survey_id').doUpdateSet(changes))
    .execute();
}

/**
 * Reads a survey's state inside a store transaction. On PostgreSQL, where several store
 * transactions run at once, the row is held: `exclusive` (FOR UPDATE, when the survey has a
 * response cap) makes concurrent stores of the survey queue behind each other while they count
 * towards the cap; otherwise FOR SHARE lets them run side by side while an admin's change of the
 * state (a cap set now) waits for them, and they for it. A caller that took the share lock and
 * finds a cap (set since it looked) throws `capAppeared()`: upgrading the share lock in place
 * would deadlock with the other holders. SQLite runs one writing transaction at a time anyway.
 */
export async function lockSurveyState(trx: Kysely<Database>, dialect: Dialect, surveyId: string, exclusive = true): Promise<SurveyStateRow | undefined> {
  const query = trx.selectFrom('survey_states').selectAll().where('survey_id', '=', surveyId);
  // Run by every submission: compiled once (compiled.ts).
  if (dialect !== 'postgres') return (await trx.executeQuery(compiledOnce(dialect, 'lock survey_states', [surveyId], () => query))).rows[0];
  if (exclusive) return (await trx.executeQuery(compiledOnce(dialect, 'lock survey_states for update', [surveyId], () => query.forUpdate()))).rows[0];
  return (await trx.executeQuery(compiledOnce(dialect, 'lock survey_states for share', [surveyId], () => query.forShare()))).rows[0];
}

/**
 * The error a store throws when its survey got a cap after it read the state: PostgreSQL's
 * serialization_failure code, which group commit answers by rolling the write back to its savepoint
 * (which also lets go of its share lock) and running it again, then under FOR UPDATE.
 */
export function capAppeared(surveyId: string): Error {
  return Object.assign(new Error(`survey '${surveyId}' got a response cap while a submission was being stored`), { code: '40001' });
}

/** Real (non-synthetic) responses of a survey: what the response cap counts. */
export async function countRealResponses(db: Kysely<Database>, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', surveyId)
    .where('synthetic', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Per survey: real responses and how many of them came late. */
export async function responseCountsBySurvey(db: Kysely<Database>): Promise<Map<string, { responses: number; late: number; synthetic: number }>> {
  const rows = await db
    .selectFrom('responses')
    .select((eb) => [
      'survey_id',
      eb.fn.sum<number>(eb.case().when('synthetic', '=', 0).then(1).else(0).end()).as('responses'),
      eb.fn.sum<number>(eb.case().when('synthetic', '=', 0).then(eb.ref('late')).else(0).end()).as('late'),
      eb.fn.sum<number>('synthetic').as('synthetic'),
    ])
    .groupBy('survey_id')
    .execute();
  return new Map(rows.map((r) => [r.survey_id, { responses: Number(r.responses), late: Number(r.late), synthetic: Number(r.synthetic) }]));
}

/** Whether a stored response was marked late (for a retry's receipt). */
export async function responseLate(db: Kysely<Database>, responseId: string): Promise<boolean> {
  const row = await db.selectFrom('responses').select('late').where('id', '=', responseId).executeTakeFirst();
  return row?.late === 1;
}
