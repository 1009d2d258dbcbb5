import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface ResponseHead {
  id: string;
  municipality_code: string | null;
  channel: string;
  submitted_at: string;
  survey_version: number;
  synthetic: number;
  stored_at: string;
}

/** One page of a survey's responses in id order, after `afterId` (keyset paging: no OFFSET scans). */
export async function pageResponses(db: Kysely<Database>, surveyId: string, afterId: string | null, limit: number): Promise<ResponseHead[]> {
  let query = db
    .selectFrom('responses')
    .select(['id', 'municipality_code', 'channel', 'submitted_at', 'survey_version', 'synthetic', 'stored_at'])
    .where('survey_id', '=', surveyId)
    .orderBy('id')
    .limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.execute();
}

/** How many responses the survey has (a build's progress is counted against it). */
export async function countResponses(db: Kysely<Database>, surveyId: string): Promise<number> {
  const row = await db.selectFrom('responses').select((eb) => eb.fn.countAll<number | string>().as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The answers of a survey's responses with ids in (`afterId`, `lastId`]: one page of an ordered
 * build, read as a range of the response-id index rather than an `IN` list of thousands of ids.
 */
export async function answersInRange(db: Kysely<Database>, surveyId: string, afterId: string | null, lastId: string): Promise<AnswerCell[]> {
  let query = db.selectFrom('answers').select(['response_id', 'question', 'value', 'num']).where('survey_id', '=', surveyId).where('response_id', '<=', lastId);
  if (afterId !== null) query = query.where('response_id', '>', afterId);
  return query.execute();
}

/** How many of the survey's responses were stored before `before` (checking a results snapshot). */
export async function countResponsesStoredBefore(db: Kysely<Database>, surveyId: string, before: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('survey_id', '=', surveyId)
    .where('stored_at', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The responses stored since `since` (server time), for keeping an in-memory index in step. */
/**
 * One page of the responses stored at or after `since`, in (stored_at, id) order after `after`
 * (keyset paging on the (survey_id, stored_at) index): a catch-up after a long quiet spell may find
 * tens of thousands, which in one read held the server's thread for hundreds of milliseconds.
 */
export async function responsesStoredSince(db: Kysely<Database>, surveyId: string, since: string, after: { stored_at: string; id: string } | null, limit: number): Promise<ResponseHead[]> {
  let query = db
    .selectFrom('responses')
    .select(['id', 'municipality_code', 'channel', 'submitted_at', 'survey_version', 'synthetic', 'stored_at'])
    .where('survey_id', '=', surveyId)
    .where('stored_at', '>=', since);
  if (after) query = query.where((eb) => eb.or([eb('stored_at', '>', after.stored_at), eb.and([eb('stored_at', '=', after.stored_at), eb('id', '>', after.id)])]));
  return query.orderBy('stored_at').orderBy('id').limit(limit).execute();
}

export interface AnswerCell {
  response_id: string;
  question: string;
  value: string;
  num: number | null;
}

/** The answers of the given responses (one page's worth). */
export async function answersOf(db: Kysely<Database>, responseIds: readonly string[]): Promise<AnswerCell[]> {
  if (responseIds.length === 0) return [];
  // By response id only: a survey_id condition lets SQLite pick the (survey, question, value)
  // index and scan the whole survey for every page.
  return db.selectFrom('answers').select(['response_id', 'question', 'value', 'num']).where('response_id', 'in', responseIds).execute();
}

/**
 * Every answer row of one answer key of a survey (a dynamic matrix column's `<name>.<inner>` has one
 * row per matrix row answered): the per-row figures count them per response.
 */
export async function answersToQuestion(db: Kysely<Database>, surveyId: string, question: string): Promise<AnswerCell[]> {
  return db.selectFrom('answers').select(['response_id', 'question', 'value', 'num']).where('survey_id', '=', surveyId).where('question', '=', question).execute();
}

/**
 * The plain SQL way to tally one question per municipality: a GROUP BY over the long answers
 * table. The results service does not use it (an in-memory index answers in milliseconds); it is
 * the benchmark's baseline and the tests' cross-check of the index.
 */
export async function tallyByMunicipalitySql(
  db: Kysely<Database>,
  surveyId: string,
  question: string,
): Promise<{ municipality_code: string | null; value: string; responses: number }[]> {
  const rows = await db
    .selectFrom('answers')
    .innerJoin('responses', 'responses.id', 'answers.response_id')
    .select(['responses.municipality_code', 'answers.value'])
    .select(sql<number>`count(distinct answers.response_id)`.as('responses'))
    .where('answers.survey_id', '=', surveyId)
    .where('answers.question', '=', question)
    .groupBy(['responses.municipality_code', 'answers.value'])
    .execute();
  return rows.map((r) => ({ ...r, responses: Number(r.responses) }));
}

/** Open answers of one text variable, newest first, for the given responses (already filtered and scoped). */
export async function openAnswers(
  db: Kysely<Database>,
  question: string,
  options: { responseIds: readonly string[]; search?: string; limit: number },
): Promise<{ response_id: string; value: string }[]> {
  if (options.responseIds.length === 0) return [];
  let query = db
    .selectFrom('answers')
    .select(['response_id', 'value'])
    .where('question', '=', question)
    .where('response_id', 'in', options.responseIds)
    .orderBy('response_id')
    .limit(options.limit);
  if (options.search) query = query.where(sql<boolean>`lower(value) like ${`%${options.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  return query.execute();
}
