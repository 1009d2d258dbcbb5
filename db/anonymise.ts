import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type RedactionDecision = 'accepted' | 'rejected';

/** Every verdict given on a survey's proposed redactions, by proposal id. */
export async function redactionDecisions(db: Kysely<Database>, surveyId: string): Promise<Map<string, RedactionDecision>> {
  const rows = await db.selectFrom('redaction_decisions').select(['item_id', 'decision']).where('survey_id', '=', surveyId).execute();
  return new Map(rows.map((r) => [r.item_id, r.decision]));
}

/** Records verdicts (the latest one counts). */
export async function saveRedactionDecisions(
  db: Kysely<Database>,
  surveyId: string,
  decisions: readonly { id: string; decision: RedactionDecision }[],
  by: string | null,
  at: string,
): Promise<void> {
  if (decisions.length === 0) return;
  await db
    .insertInto('redaction_decisions')
    .values(decisions.map((d) => ({ survey_id: surveyId, item_id: d.id, decision: d.decision, decided_by: by, decided_at: at })))
    .onConflict((oc) => oc.columns(['survey_id', 'item_id']).doUpdateSet((eb) => ({ decision: eb.ref('excluded.decision'), decided_by: eb.ref('excluded.decided_by'), decided_at: eb.ref('excluded.decided_at') })))
    .execute();
}

/** The ids of a survey's responses in Swedish (locale `sv…`): their open answers are read as Swedish. */
export async function swedishResponseIds(db: Kysely<Database>, surveyId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('responses').select('id').where('survey_id', '=', surveyId).where('locale', 'like', 'sv%').execute();
  return new Set(rows.map((r) => r.id));
}

export interface StoredResponseForAnonymising {
  id: string;
  locale: string;
  submitted_at: string;
  data: string;
}

/** One page of a survey's responses (all of them, or those of `ids`) in id order after `afterId`. */
export async function pageResponsesForAnonymising(
  db: Kysely<Database>,
  surveyId: string,
  afterId: string | null,
  limit: number,
  ids: readonly string[] | null = null,
): Promise<StoredResponseForAnonymising[]> {
  let query = db.selectFrom('responses').select(['id', 'locale', 'submitted_at', 'data']).where('survey_id', '=', surveyId).orderBy('id').limit(limit);
  if (afterId !== null) query = query.where('id', '>', afterId);
  if (ids !== null) query = ids.length === 0 ? query.where('id', '=', '') : query.where('id', 'in', ids);
  return query.execute();
}

/** Open answers of the given responses to the given questions. */
export async function textAnswersOf(db: Kysely<Database>, responseIds: readonly string[], questions: readonly string[]): Promise<{ response_id: string; question: string; value: string }[]> {
  if (responseIds.length === 0 || questions.length === 0) return [];
  return db.selectFrom('answers').select(['response_id', 'question', 'value']).where('response_id', 'in', responseIds).where('question', 'in', questions).execute();
}

export async function updateAnswerText(db: Kysely<Database>, responseId: string, question: string, from: string, to: string): Promise<void> {
  await db.updateTable('answers').set({ value: to }).where('response_id', '=', responseId).where('question', '=', question).where('value', '=', from).execute();
}

export async function updateResponseForAnonymising(db: Kysely<Database>, id: string, change: { data: string; submitted_at: string }): Promise<void> {
  await db.updateTable('responses').set(change).where('id', '=', id).execute();
}

/** The municipalities (codes) a survey has responses from. */
export async function respondingMunicipalities(db: Kysely<Database>, surveyId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('responses').select('municipality_code').distinct().where('survey_id', '=', surveyId).where('municipality_code', 'is not', null).execute();
  return new Set(rows.map((r) => r.municipality_code!));
}
