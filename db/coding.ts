import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CodebookTable, CodeTable, CodingStatus, Database, SampleMethod } from './schema.ts';

export type CodebookRow = Selectable<CodebookTable>;
export type CodeRow = Selectable<CodeTable>;

/** The reserved coder id of the consensus pass: no user id has this form (they are UUIDs). */
export const CONSENSUS = '@consensus';

// A few columns a row; 500 stays far below SQLite's bound-parameter limit.
const CHUNK = 500;

export async function insertCodebook(db: Kysely<Database>, row: Insertable<CodebookTable>): Promise<void> {
  await db.insertInto('codebooks').values(row).execute();
}

export async function findCodebook(db: Kysely<Database>, id: string): Promise<CodebookRow | undefined> {
  return db.selectFrom('codebooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCodebookOf(db: Kysely<Database>, surveyId: string, question: string): Promise<CodebookRow | undefined> {
  return db.selectFrom('codebooks').selectAll().where('survey_id', '=', surveyId).where('question', '=', question).executeTakeFirst();
}

export async function listCodebooks(db: Kysely<Database>, surveyId: string): Promise<CodebookRow[]> {
  return db.selectFrom('codebooks').selectAll().where('survey_id', '=', surveyId).orderBy('question').execute();
}

/** Moves a codebook to its next version and records what changed; returns the new version. */
export async function recordChange(
  db: Kysely<Database>,
  codebookId: string,
  change: { id: string; at: string; actorId: string | null; action: string; codeId: string | null; details: object },
): Promise<number> {
  await db.updateTable('codebooks').set((eb) => ({ version: eb('version', '+', 1), updated_at: change.at })).where('id', '=', codebookId).execute();
  const book = await db.selectFrom('codebooks').select('version').where('id', '=', codebookId).executeTakeFirstOrThrow();
  await db
    .insertInto('codebook_history')
    .values({ id: change.id, codebook_id: codebookId, version: book.version, at: change.at, actor_id: change.actorId, action: change.action, code_id: change.codeId, details: JSON.stringify(change.details) })
    .execute();
  return book.version;
}

export async function codebookHistory(db: Kysely<Database>, codebookId: string) {
  return db.selectFrom('codebook_history').selectAll().where('codebook_id', '=', codebookId).orderBy('version').execute();
}

export async function listCodes(db: Kysely<Database>, codebookId: string): Promise<CodeRow[]> {
  return db.selectFrom('codes').selectAll().where('codebook_id', '=', codebookId).orderBy('position').orderBy('id').execute();
}

export async function insertCode(db: Kysely<Database>, row: Insertable<CodeTable>): Promise<void> {
  await db.insertInto('codes').values(row).execute();
}

export async function updateCode(db: Kysely<Database>, id: string, change: Partial<Omit<CodeRow, 'id' | 'codebook_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('codes').set(change).where('id', '=', id).execute();
}

/** One open question's answers with their response's municipality: the base of the two reads below. */
function openAnswers(db: Kysely<Database>, surveyId: string, question: string) {
  return db
    .selectFrom('answers')
    .innerJoin('responses', 'responses.id', 'answers.response_id')
    .select(['answers.response_id', 'answers.value', 'responses.municipality_code'])
    .where('answers.survey_id', '=', surveyId)
    .where('answers.question', '=', question);
}

/** Every coded answer of a codebook: the open answer's response id with its text and municipality. */
export async function openTexts(db: Kysely<Database>, surveyId: string, question: string): Promise<{ response_id: string; value: string; municipality_code: string | null }[]> {
  return openAnswers(db, surveyId, question)
    .where('answers.value', '<>', '')
    .orderBy('answers.response_id')
    .execute();
}

/** The open answers of the given responses (empty ones left out), in response id order; the ids read in chunks. */
export async function openTextsOf(db: Kysely<Database>, surveyId: string, question: string, responseIds: readonly string[]): Promise<{ response_id: string; value: string; municipality_code: string | null }[]> {
  const out: { response_id: string; value: string; municipality_code: string | null }[] = [];
  for (let start = 0; start < responseIds.length; start += 5000) {
    const chunk = responseIds.slice(start, start + 5000);
    out.push(...(await openAnswers(db, surveyId, question).where('answers.value', '<>', '').where('answers.response_id', 'in', chunk).execute()));
  }
  return out.sort((a, b) => (a.response_id < b.response_id ? -1 : a.response_id > b.response_id ? 1 : 0));
}

export async function openText(db: Kysely<Database>, surveyId: string, question: string, responseId: string) {
  return openAnswers(db, surveyId, question)
    .where('answers.response_id', '=', responseId)
    .executeTakeFirst();
}

/**
 * The first answer of a question (by response id) that a coder has no verdict on, or (with
 * `skipped`) one they skipped: one indexed query, not a pass over every answer.
 */
export async function firstToCode(db: Kysely<Database>, book: { id: string; survey_id: string; question: string }, coderId: string, skipped: boolean) {
  return db
    .selectFrom('answers')
    .innerJoin('responses', 'responses.id', 'answers.response_id')
    .leftJoin('coding_units', (join) => join.onRef('coding_units.response_id', '=', 'answers.response_id').on('coding_units.codebook_id', '=', book.id).on('coding_units.coder_id', '=', coderId))
    .select(['answers.response_id', 'answers.value', 'responses.municipality_code'])
    .where('answers.survey_id', '=', book.survey_id)
    .where('answers.question', '=', book.question)
    .where('answers.value', '<>', '')
    .$call((q) => (skipped ? q.where('coding_units.status', '=', 'skipped') : q.where('coding_units.response_id', 'is', null)))
    .orderBy('answers.response_id')
    .limit(1)
    .executeTakeFirst();
}

/** How many answers a question has, and how many of them a coder has coded (or marked not codable) and skipped. */
export async function codingProgress(db: Kysely<Database>, book: { id: string; survey_id: string; question: string }, coderId: string) {
  const total = await db
    .selectFrom('answers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('survey_id', '=', book.survey_id)
    .where('question', '=', book.question)
    .where('value', '<>', '')
    .executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('coding_units')
    .innerJoin('answers', (join) => join.onRef('answers.response_id', '=', 'coding_units.response_id').on('answers.question', '=', book.question))
    .select(['coding_units.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('coding_units.codebook_id', '=', book.id)
    .where('coding_units.coder_id', '=', coderId)
    .groupBy('coding_units.status')
    .execute();
  const of = (status: string) => Number(units.find((u) => u.status === status)?.n ?? 0);
  return { done: of('coded') + of('not_codable'), skipped: of('skipped'), total: Number(total.n) };
}

/** The other answers of one response (for the coding view's context). */
export async function responseAnswers(db: Kysely<Database>, responseId: string) {
  return db.selectFrom('answers').select(['question', 'value']).where('response_id', '=', responseId).execute();
}

export interface Verdict {
  response_id: string;
  coder_id: string;
  status: CodingStatus;
  coded_at: string;
  codes: string[];
}

/** The verdicts in a codebook, of some coders (all when `coders` is null), with their codes as stored. */
export async function verdicts(db: Kysely<Database>, codebookId: string, coders: readonly string[] | null, responseIds?: readonly string[]): Promise<Verdict[]> {
  let units = db.selectFrom('coding_units').select(['response_id', 'coder_id', 'status', 'coded_at']).where('codebook_id', '=', codebookId);
  let codes = db.selectFrom('coding_codes').select(['response_id', 'coder_id', 'code_id']).where('codebook_id', '=', codebookId);
  if (coders) {
    if (coders.length === 0) return [];
    units = units.where('coder_id', 'in', coders);
    codes = codes.where('coder_id', 'in', coders);
  }
  if (responseIds) {
    if (responseIds.length === 0) return [];
    if (responseIds.length <= CHUNK) {
      units = units.where('response_id', 'in', responseIds);
      codes = codes.where('response_id', 'in', responseIds);
    }
  }
  const wanted = responseIds && responseIds.length > CHUNK ? new Set(responseIds) : null;
  const out = new Map<string, Verdict>();
  for (const u of await units.execute()) {
    if (wanted && !wanted.has(u.response_id)) continue;
    out.set(`${u.response_id}\u0000${u.coder_id}`, { ...u, codes: [] });
  }
  for (const c of await codes.orderBy('code_id').execute()) out.get(`${c.response_id}\u0000${c.coder_id}`)?.codes.push(c.code_id);
  return [...out.values()];
}

/** Replaces one coder's verdict on one answer (run inside a transaction). */
export async function putVerdict(
  db: Kysely<Database>,
  v: { codebookId: string; responseId: string; coderId: string; status: CodingStatus; codes: readonly string[]; at: string },
): Promise<void> {
  await db.deleteFrom('coding_codes').where('codebook_id', '=', v.codebookId).where('response_id', '=', v.responseId).where('coder_id', '=', v.coderId).execute();
  await db.deleteFrom('coding_units').where('codebook_id', '=', v.codebookId).where('response_id', '=', v.responseId).where('coder_id', '=', v.coderId).execute();
  await db.insertInto('coding_units').values({ codebook_id: v.codebookId, response_id: v.responseId, coder_id: v.coderId, status: v.status, bulk_id: null, coded_at: v.at }).execute();
  if (v.codes.length > 0) {
    await db.insertInto('coding_codes').values(v.codes.map((code) => ({ codebook_id: v.codebookId, response_id: v.responseId, coder_id: v.coderId, code_id: code, bulk_id: null }))).execute();
  }
}

export async function deleteVerdict(db: Kysely<Database>, codebookId: string, responseId: string, coderId: string): Promise<void> {
  await db.deleteFrom('coding_codes').where('codebook_id', '=', codebookId).where('response_id', '=', responseId).where('coder_id', '=', coderId).execute();
  await db.deleteFrom('coding_units').where('codebook_id', '=', codebookId).where('response_id', '=', responseId).where('coder_id', '=', coderId).execute();
}

/**
 * Adds one code to many answers for one coder, marking only the rows it adds with the bulk id (an
 * answer the coder had already given that code keeps its row unmarked, so undo leaves it).
 * Answers the coder had marked "not codable" or skipped become coded. Run inside a transaction.
 */
export async function addBulkCode(
  db: Kysely<Database>,
  b: { id: string; codebookId: string; coderId: string; codeId: string; search: string; responseIds: readonly string[]; at: string },
): Promise<number> {
  const existing = await verdicts(db, b.codebookId, [b.coderId], b.responseIds);
  const byResponse = new Map(existing.map((v) => [v.response_id, v]));
  const newUnits: Insertable<Database['coding_units']>[] = [];
  const newCodes: Insertable<Database['coding_codes']>[] = [];
  const recoded: string[] = [];
  for (const responseId of b.responseIds) {
    const v = byResponse.get(responseId);
    if (v && v.codes.includes(b.codeId)) continue;
    if (!v) newUnits.push({ codebook_id: b.codebookId, response_id: responseId, coder_id: b.coderId, status: 'coded', bulk_id: b.id, coded_at: b.at });
    else if (v.status !== 'coded') recoded.push(responseId);
    newCodes.push({ codebook_id: b.codebookId, response_id: responseId, coder_id: b.coderId, code_id: b.codeId, bulk_id: b.id });
  }
  for (let i = 0; i < newUnits.length; i += CHUNK) await db.insertInto('coding_units').values(newUnits.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < newCodes.length; i += CHUNK) await db.insertInto('coding_codes').values(newCodes.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < recoded.length; i += CHUNK) {
    await db.updateTable('coding_units').set({ status: 'coded', coded_at: b.at }).where('codebook_id', '=', b.codebookId).where('coder_id', '=', b.coderId).where('response_id', 'in', recoded.slice(i, i + CHUNK)).execute();
  }
  await db.insertInto('coding_bulk').values({ id: b.id, codebook_id: b.codebookId, coder_id: b.coderId, search: b.search, code_id: b.codeId, matched: newCodes.length, created_at: b.at, undone_at: null }).execute();
  return newCodes.length;
}

export async function findBulk(db: Kysely<Database>, id: string) {
  return db.selectFrom('coding_bulk').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBulk(db: Kysely<Database>, codebookId: string, coderId: string) {
  return db.selectFrom('coding_bulk').selectAll().where('codebook_id', '=', codebookId).where('coder_id', '=', coderId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export async function bulkResponses(db: Kysely<Database>, bulkId: string): Promise<string[]> {
  const rows = await db.selectFrom('coding_codes').select('response_id').where('bulk_id', '=', bulkId).orderBy('response_id').execute();
  return rows.map((r) => r.response_id);
}

/**
 * Removes what a bulk coding added: its code rows, then the verdict rows it created that have no
 * code left (a verdict the coder changed by hand since is theirs now and keeps its other codes).
 * Run inside a transaction.
 */
export async function undoBulk(db: Kysely<Database>, bulkId: string, at: string): Promise<number> {
  const removed = await db.deleteFrom('coding_codes').where('bulk_id', '=', bulkId).executeTakeFirst();
  const units = await db.selectFrom('coding_units').select(['codebook_id', 'response_id', 'coder_id']).where('bulk_id', '=', bulkId).execute();
  for (const u of units) {
    const left = await db.selectFrom('coding_codes').select('code_id').where('codebook_id', '=', u.codebook_id).where('response_id', '=', u.response_id).where('coder_id', '=', u.coder_id).executeTakeFirst();
    if (!left) await db.deleteFrom('coding_units').where('codebook_id', '=', u.codebook_id).where('response_id', '=', u.response_id).where('coder_id', '=', u.coder_id).execute();
  }
  await db.updateTable('coding_bulk').set({ undone_at: at }).where('id', '=', bulkId).execute();
  return Number(removed.numDeletedRows);
}

export async function insertSample(
  db: Kysely<Database>,
  s: { id: string; codebookId: string; method: SampleMethod; seed: number; responseIds: readonly string[]; coders: readonly string[]; at: string; by: string },
): Promise<void> {
  await db.insertInto('coding_samples').values({ id: s.id, codebook_id: s.codebookId, method: s.method, seed: s.seed, size: s.responseIds.length, created_at: s.at, created_by: s.by }).execute();
  for (let i = 0; i < s.responseIds.length; i += CHUNK) {
    await db.insertInto('coding_sample_items').values(s.responseIds.slice(i, i + CHUNK).map((r, j) => ({ sample_id: s.id, response_id: r, position: i + j }))).execute();
  }
  await db.insertInto('coding_sample_coders').values(s.coders.map((c) => ({ sample_id: s.id, coder_id: c }))).execute();
}

export async function findSample(db: Kysely<Database>, id: string) {
  const sample = await db.selectFrom('coding_samples').selectAll().where('id', '=', id).executeTakeFirst();
  if (!sample) return undefined;
  const items = await db.selectFrom('coding_sample_items').select('response_id').where('sample_id', '=', id).orderBy('position').execute();
  const coders = await db.selectFrom('coding_sample_coders').select('coder_id').where('sample_id', '=', id).orderBy('coder_id').execute();
  return { ...sample, responseIds: items.map((i) => i.response_id), coders: coders.map((c) => c.coder_id) };
}

export async function listSamples(db: Kysely<Database>, codebookId: string) {
  return db.selectFrom('coding_samples').selectAll().where('codebook_id', '=', codebookId).orderBy('created_at').orderBy('id').execute();
}

/** Samples a coder has been given in a codebook. */
export async function samplesOfCoder(db: Kysely<Database>, codebookId: string, coderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('coding_sample_coders')
    .innerJoin('coding_samples', 'coding_samples.id', 'coding_sample_coders.sample_id')
    .select('coding_samples.id')
    .where('coding_samples.codebook_id', '=', codebookId)
    .where('coding_sample_coders.coder_id', '=', coderId)
    .execute();
  return rows.map((r) => r.id);
}

/** What still points at a code: coders' (and the consensus's) assignments, bulk codings, codes merged into it. */
export async function codeUses(db: Kysely<Database>, codeId: string): Promise<{ assignments: number; bulk: number; merged: number }> {
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  return {
    assignments: await count(db.selectFrom('coding_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('code_id', '=', codeId).executeTakeFirst()),
    bulk: await count(db.selectFrom('coding_bulk').select((eb) => eb.fn.countAll<number>().as('n')).where('code_id', '=', codeId).executeTakeFirst()),
    merged: await count(db.selectFrom('codes').select((eb) => eb.fn.countAll<number>().as('n')).where('merged_into', '=', codeId).executeTakeFirst()),
  };
}

export async function deleteCode(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('codes').where('id', '=', id).execute();
}

/** Active accounts with their role, for choosing a sample's coders (the caller keeps those who may code). */
export async function activeAccounts(db: Kysely<Database>) {
  return db.selectFrom('users').select(['id', 'email', 'role']).where('disabled_at', 'is', null).orderBy('email').execute();
}
