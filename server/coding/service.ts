import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { agreement, presenceRatings, type Ratings } from '../../analysis/agreement.ts';
import * as repo from '../../db/coding.ts';
import { CONSENSUS, type CodeRow, type CodebookRow, type Verdict as VerdictRow } from '../../db/coding.ts';
import type { Database } from '../../db/schema.ts';
import { may } from '../auth/permissions.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import { isClosedKind } from '../questions/result-kinds.ts';
import { disclosureOf, placeQuestions } from '../results/disclosure.ts';
import type { DerivedVariables, ResultsService } from '../results/service.ts';
import type { Variable } from '../results/variables.ts';
import type { SurveyCatalog } from '../surveys/catalog.ts';
import { sampleAnswers } from './sample.ts';
import { matchesAll, parseSearch, termsLabel } from './search.ts';
import { StemIndex } from './stem-index.ts';
import { recordAudit } from '../../db/audit.ts';
import type {
  AnswerList,
  AnswerListQuery,
  AnswerToCode,
  Bulk,
  Code,
  CodeChange,
  Codebook,
  CodebookChanges,
  Codebooks,
  Coders,
  ConsensusInput,
  Disagreements,
  NewBulk,
  NewCode,
  NewSample,
  NextAnswer,
  Sample,
  SampleAgreement,
  SearchMatches,
  Verdict,
  VerdictInput,
} from './schemas.ts';

type Localized = string | Record<string, string>;
const plain = (t: Localized | null | undefined): string => (t === null || t === undefined ? '' : typeof t === 'string' ? t : (t.fi ?? t.default ?? Object.values(t)[0] ?? ''));

const CODED_SUFFIX = ':codes';
/** The results variable of a coded open question. */
export const codedKey = (question: string) => `${question}${CODED_SUFFIX}`;

export function codeRowToCode(row: CodeRow): Code {
  return {
    id: row.id,
    name: { fi: row.name_fi, sv: row.name_sv, en: row.name_en },
    description: row.description,
    examples: JSON.parse(row.examples) as string[],
    theme: row.theme,
    position: row.position,
    mergedInto: row.merged_into,
  };
}

const verdictOf = (v: VerdictRow): Verdict => ({ status: v.status, codes: v.codes, codedAt: v.coded_at });

/** Follows merges to the live code (a merged code's assignments count for the code it went into). */
export function liveCodeOf(codes: ReadonlyMap<string, CodeRow>, id: string): string {
  let current = id;
  for (let hops = 0; hops < 1000; hops++) {
    const next = codes.get(current)?.merged_into;
    if (!next) return current;
    current = next;
  }
  return current;
}

/** A verdict's codes as live codes, sorted and without repeats (two merged codes may land on one). */
function liveCodes(codes: ReadonlyMap<string, CodeRow>, ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => liveCodeOf(codes, id)))].sort();
}

/**
 * Coding of open answers. Blind: a coder reads and writes only their own verdicts; the verdicts
 * of others are shown only in a sample's disagreement list, once every coder of the sample has
 * finished it (the consensus pass).
 */
export class CodingService {
  /** The search's stems per question, kept between requests (stem-index.ts). */
  readonly stemIndex: StemIndex;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
    private readonly results: ResultsService,
  ) {
    this.stemIndex = new StemIndex(db, results.indexes);
  }

  /**
   * The audit log's entry of a coding action: what was done, to which codebook, and how many
   * answers or codes, never an answer's text (nor a search's words, which can be a name).
   */
  private audit(db: Kysely<Database>, actor: User | null, at: string, action: string, target: string, details: Record<string, unknown>) {
    return recordAudit(db, { at, actor: actor && { id: actor.id, email: actor.email }, action, target, details });
  }

  private async book(id: string): Promise<CodebookRow> {
    const book = await repo.findCodebook(this.db, id);
    if (!book) throw new ApiError(404, 'codebook_not_found', `no codebook '${id}'`);
    return book;
  }

  private async codesOf(bookId: string): Promise<Map<string, CodeRow>> {
    return new Map((await repo.listCodes(this.db, bookId)).map((c) => [c.id, c]));
  }

  private async codebook(book: CodebookRow): Promise<Codebook> {
    const rows = await repo.listCodes(this.db, book.id);
    const ordered = [...rows.filter((r) => !r.merged_into), ...rows.filter((r) => r.merged_into)];
    return { id: book.id, survey: book.survey_id, question: book.question, version: book.version, updatedAt: book.updated_at, codes: ordered.map(codeRowToCode) };
  }

  async listCodebooks(surveyId: string): Promise<Codebooks> {
    await this.results.variables(surveyId);
    const books = await repo.listCodebooks(this.db, surveyId);
    const out = [];
    for (const b of books) out.push({ id: b.id, survey: b.survey_id, question: b.question, version: b.version, codes: (await repo.listCodes(this.db, b.id)).filter((c) => !c.merged_into).length });
    return { codebooks: out };
  }

  async getCodebook(id: string): Promise<Codebook> {
    return this.codebook(await this.book(id));
  }

  async createCodebook(surveyId: string, question: string, actor: User, now: Date): Promise<Codebook> {
    const variables = await this.results.variables(surveyId);
    const variable = variables.find((v) => v.key === question);
    if (!variable) throw new ApiError(404, 'question_not_found', `survey '${surveyId}' has no question '${question}'`);
    if (variable.kind !== 'text') throw new ApiError(400, 'not_open_text', `'${question}' is not an open question`);
    if (await repo.findCodebookOf(this.db, surveyId, question)) throw new ApiError(409, 'codebook_exists', `'${question}' of survey '${surveyId}' has a codebook already`);
    const at = now.toISOString();
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertCodebook(trx, { id, survey_id: surveyId, question, version: 0, created_at: at, created_by: actor.id, updated_at: at });
      await repo.recordChange(trx, id, { id: crypto.randomUUID(), at, actorId: actor.id, action: 'create', codeId: null, details: { survey: surveyId, question } });
      await this.audit(trx, actor, at, 'coding.codebook', id, { change: 'create', survey: surveyId, question });
    });
    return this.getCodebook(id);
  }

  private checkNames(rows: readonly CodeRow[], name: { fi: string }, except: string | null): void {
    const clash = rows.find((r) => r.id !== except && !r.merged_into && r.name_fi.trim().toLowerCase() === name.fi.trim().toLowerCase());
    if (clash) throw new ApiError(409, 'code_name_taken', `a code named '${name.fi}' exists already (${clash.id})`);
  }

  async addCode(bookId: string, input: NewCode, actor: User, now: Date): Promise<Code> {
    const book = await this.book(bookId);
    const rows = await repo.listCodes(this.db, book.id);
    this.checkNames(rows, input.name, null);
    const at = now.toISOString();
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertCode(trx, {
        id,
        codebook_id: book.id,
        name_fi: input.name.fi,
        name_sv: input.name.sv,
        name_en: input.name.en,
        description: input.description ?? '',
        examples: JSON.stringify(input.examples ?? []),
        theme: input.theme ?? null,
        position: rows.reduce((max, r) => Math.max(max, r.position + 1), 0),
        merged_into: null,
        created_at: at,
        updated_at: at,
      });
      await repo.recordChange(trx, book.id, { id: crypto.randomUUID(), at, actorId: actor.id, action: 'create_code', codeId: id, details: { name: input.name } });
      await this.audit(trx, actor, at, 'coding.codebook', book.id, { change: 'create_code', code: id, codes: rows.filter((r) => !r.merged_into).length + 1 });
    });
    return codeRowToCode((await repo.listCodes(this.db, book.id)).find((r) => r.id === id)!);
  }

  /** Renames or edits a code: its id stays, so every assignment of it stays. */
  async changeCode(bookId: string, codeId: string, change: CodeChange, actor: User, now: Date): Promise<Code> {
    const book = await this.book(bookId);
    const rows = await repo.listCodes(this.db, book.id);
    const row = rows.find((r) => r.id === codeId);
    if (!row) throw new ApiError(404, 'code_not_found', `codebook '${bookId}' has no code '${codeId}'`);
    if (row.merged_into) throw new ApiError(409, 'code_merged', `code '${codeId}' was merged into '${row.merged_into}'; change that code instead`);
    if (change.name) this.checkNames(rows, change.name, codeId);
    const at = now.toISOString();
    const before = codeRowToCode(row);
    const set = {
      ...(change.name ? { name_fi: change.name.fi, name_sv: change.name.sv, name_en: change.name.en } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.examples !== undefined ? { examples: JSON.stringify(change.examples) } : {}),
      ...(change.theme !== undefined ? { theme: change.theme } : {}),
      ...(change.position !== undefined ? { position: change.position } : {}),
      updated_at: at,
    };
    await this.db.transaction().execute(async (trx) => {
      await repo.updateCode(trx, codeId, set);
      await repo.recordChange(trx, book.id, { id: crypto.randomUUID(), at, actorId: actor.id, action: change.name ? 'rename' : 'update', codeId, details: { before, change } });
      await this.audit(trx, actor, at, 'coding.codebook', book.id, { change: change.name ? 'rename' : 'update', code: codeId });
    });
    return codeRowToCode((await repo.listCodes(this.db, book.id)).find((r) => r.id === codeId)!);
  }

  /**
   * Merges a code into another live code of the same codebook. Nothing is rewritten: the merged
   * code keeps its id and its assignments, and points to the code it went into, so its answers
   * count there and the history says what it was.
   */
  async mergeCode(bookId: string, codeId: string, into: string, actor: User, now: Date): Promise<Codebook> {
    const book = await this.book(bookId);
    const codes = await this.codesOf(book.id);
    const from = codes.get(codeId);
    const target = codes.get(into);
    if (!from) throw new ApiError(404, 'code_not_found', `codebook '${bookId}' has no code '${codeId}'`);
    if (!target) throw new ApiError(400, 'invalid_merge', `codebook '${bookId}' has no code '${into}' to merge into`);
    if (from.merged_into) throw new ApiError(409, 'code_merged', `code '${codeId}' was merged already into '${from.merged_into}'`);
    if (target.merged_into) throw new ApiError(400, 'invalid_merge', `code '${into}' was itself merged into '${target.merged_into}'`);
    if (codeId === into) throw new ApiError(400, 'invalid_merge', 'a code cannot be merged into itself');
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.updateCode(trx, codeId, { merged_into: into, updated_at: at });
      await repo.recordChange(trx, book.id, { id: crypto.randomUUID(), at, actorId: actor.id, action: 'merge', codeId, details: { from: codeRowToCode(from), into } });
      await this.audit(trx, actor, at, 'coding.codebook', book.id, { change: 'merge', code: codeId, into });
    });
    return this.getCodebook(book.id);
  }

  async history(bookId: string): Promise<CodebookChanges> {
    await this.book(bookId);
    const rows = await repo.codebookHistory(this.db, bookId);
    return { changes: rows.map((r) => ({ version: r.version, at: r.at, actor: r.actor_id, action: r.action, code: r.code_id, details: JSON.parse(r.details) as Record<string, unknown> })) };
  }

  /** Applies a validated import (codebook-file.ts) all at once. */
  async importCodes(bookId: string, rows: readonly { row: number; id: string | null; name: { fi: string; sv: string; en: string }; description: string; examples: string[]; theme: string | null }[], actor: User, now: Date): Promise<Codebook> {
    const book = await this.book(bookId);
    const codes = await this.codesOf(book.id);
    const errors: string[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      if (r.id !== null && !codes.has(r.id)) errors.push(`row ${r.row}: id '${r.id}' is not a code of this codebook`);
      if (r.id !== null && codes.get(r.id)?.merged_into) errors.push(`row ${r.row}: code '${r.id}' was merged into another code; edit that one`);
      const key = r.name.fi.trim().toLowerCase();
      if (seen.has(key)) errors.push(`row ${r.row}: name_fi '${r.name.fi}' is also on row ${seen.get(key)}`);
      seen.set(key, r.row);
    }
    const imported = new Set(rows.map((r) => r.id).filter((id) => id !== null));
    for (const r of rows) {
      const key = r.name.fi.trim().toLowerCase();
      const clash = [...codes.values()].find((c) => !c.merged_into && !imported.has(c.id) && c.id !== r.id && c.name_fi.trim().toLowerCase() === key);
      if (clash) errors.push(`row ${r.row}: name_fi '${r.name.fi}' is the name of code '${clash.id}', not in the file`);
    }
    if (errors.length > 0) throw new ApiError(400, 'invalid_codebook_file', errors.join('; '));
    const at = now.toISOString();
    let position = [...codes.values()].reduce((max, r) => Math.max(max, r.position + 1), 0);
    await this.db.transaction().execute(async (trx) => {
      let created = 0;
      let changed = 0;
      for (const r of rows) {
        const fields = { name_fi: r.name.fi, name_sv: r.name.sv, name_en: r.name.en, description: r.description, examples: JSON.stringify(r.examples), theme: r.theme };
        if (r.id === null) {
          await repo.insertCode(trx, { id: crypto.randomUUID(), codebook_id: book.id, ...fields, position: position++, merged_into: null, created_at: at, updated_at: at });
          created++;
        } else {
          const old = codes.get(r.id)!;
          if (Object.entries(fields).some(([k, v]) => old[k as keyof typeof fields] !== v)) {
            await repo.updateCode(trx, r.id, { ...fields, updated_at: at });
            changed++;
          }
        }
      }
      await repo.recordChange(trx, book.id, { id: crypto.randomUUID(), at, actorId: actor.id, action: 'import', codeId: null, details: { rows: rows.length, created, changed } });
      await this.audit(trx, actor, at, 'coding.codebook', book.id, { change: 'import', rows: rows.length, created, changed });
    });
    return this.getCodebook(book.id);
  }

  /**
   * Deletes a code nothing points at yet (a code added by mistake). A code that answers carry, that
   * a bulk coding used or that other codes were merged into is refused: merging it keeps its
   * assignments, deleting would lose them.
   */
  async deleteCode(bookId: string, codeId: string, actor: User, now: Date): Promise<Codebook> {
    const book = await this.book(bookId);
    const row = (await repo.listCodes(this.db, book.id)).find((r) => r.id === codeId);
    if (!row) throw new ApiError(404, 'code_not_found', `codebook '${bookId}' has no code '${codeId}'`);
    const uses = await repo.codeUses(this.db, codeId);
    if (uses.assignments > 0 || uses.bulk > 0 || uses.merged > 0) {
      const what = [uses.assignments > 0 && `${uses.assignments} assignments`, uses.bulk > 0 && `${uses.bulk} bulk codings`, uses.merged > 0 && `${uses.merged} merged codes`].filter(Boolean).join(', ');
      throw new ApiError(409, 'code_in_use', `code '${codeId}' is in use (${what}): merge it into another code instead, which keeps its assignments`);
    }
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteCode(trx, codeId);
      await repo.recordChange(trx, book.id, { id: crypto.randomUUID(), at, actorId: actor.id, action: 'delete_code', codeId, details: { before: codeRowToCode(row) } });
    });
    return this.getCodebook(book.id);
  }

  /** The active accounts that may code, for a sample's coders. */
  async coders(): Promise<Coders> {
    return { coders: (await repo.activeAccounts(this.db)).filter((u) => may(u.role, 'coding')).map((u) => ({ id: u.id, email: u.email })) };
  }

  // --- Coding answers -------------------------------------------------------------------------

  private async texts(book: CodebookRow) {
    return repo.openTexts(this.db, book.survey_id, book.question);
  }

  /** The coding view's context for one answer, as far as the disclosure policy allows. */
  private async context(book: CodebookRow, responseId: string, municipality: string | null): Promise<AnswerToCode['context']> {
    const survey = this.catalog.get(book.survey_id);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${book.survey_id}'`);
    const index = await this.results.indexes.ready(book.survey_id);
    const disclosure = disclosureOf(index, this.geography, survey.meta.suppression);
    const slot = municipality === null ? 0 : this.geography.municipalities.findIndex((m) => m.code === municipality) + 1;
    const unit = disclosure.units[disclosure.unitOfSlot[slot]!];
    const hidden = disclosure.policy.countyHidden || disclosure.hiddenSlot[slot] === 1;
    let place: string | null = null;
    if (!disclosure.policy.countyHidden && unit) {
      if (unit.kind === 'municipality') place = this.geography.municipalities.find((m) => m.code === unit.key)?.nameFi ?? unit.key;
      else if (unit.kind === 'rest') place = 'muu kuin hyvinvointialueen kunta';
      else place = `${unit.area ?? 'hyvinvointialue'}: pienten kuntien yhdistetty ryhmä`;
    }
    // A respondent of a hidden municipality could be told apart inside its block by the closed
    // answers beside the text; shown only where the municipality is published on its own.
    if (hidden) return { place, answers: [] };
    const variables = new Map((await this.results.variables(book.survey_id)).map((v) => [v.key, v]));
    const places = new Set(placeQuestions(survey.meta));
    const answers: AnswerToCode['context']['answers'] = [];
    for (const a of await repo.responseAnswers(this.db, responseId)) {
      const v = variables.get(a.question);
      if (!v || places.has(v.key) || !isClosedKind(v.kind)) continue;
      const label = v.categories.find((c) => c.value === a.value)?.label;
      answers.push({ question: v.key, title: plain(v.title as Localized), value: label ? plain(label as Localized) : a.value });
    }
    return { place, answers };
  }

  private async answerView(book: CodebookRow, text: { response_id: string; value: string; municipality_code: string | null }, coder: string): Promise<AnswerToCode> {
    const mine = (await repo.verdicts(this.db, book.id, [coder], [text.response_id]))[0];
    return { responseId: text.response_id, text: text.value, context: await this.context(book, text.response_id, text.municipality_code), mine: mine ? verdictOf(mine) : null };
  }

  private async sampleFor(sampleId: string, bookId: string | null) {
    const sample = await repo.findSample(this.db, sampleId);
    if (!sample || (bookId !== null && sample.codebook_id !== bookId)) throw new ApiError(404, 'sample_not_found', `no sample '${sampleId}'${bookId ? ` in codebook '${bookId}'` : ''}`);
    return sample;
  }

  /** The next answer this coder has not coded (first the untouched ones, then the skipped), in a sample or in the whole question. */
  async next(bookId: string, sampleId: string | undefined, user: User): Promise<NextAnswer> {
    const book = await this.book(bookId);
    if (!sampleId) {
      // The whole question: indexed queries, so the coding view stays quick at any number of answers.
      const chosen = (await repo.firstToCode(this.db, book, user.id, false)) ?? (await repo.firstToCode(this.db, book, user.id, true));
      return { answer: chosen ? await this.answerView(book, chosen, user.id) : null, progress: await repo.codingProgress(this.db, book, user.id) };
    }
    const sample = await this.sampleFor(sampleId, book.id);
    if (!sample.coders.includes(user.id)) throw new ApiError(403, 'not_a_coder', `you are not a coder of sample '${sampleId}'`);
    const byId = new Map((await this.texts(book)).map((t) => [t.response_id, t]));
    const texts = sample.responseIds.map((id) => byId.get(id)).filter((t) => t !== undefined);
    const mine = new Map((await repo.verdicts(this.db, book.id, [user.id], sample.responseIds)).map((v) => [v.response_id, v]));
    let done = 0;
    let skipped = 0;
    let untouched: (typeof texts)[number] | undefined;
    let firstSkipped: (typeof texts)[number] | undefined;
    for (const t of texts) {
      const v = mine.get(t.response_id);
      if (!v) untouched ??= t;
      else if (v.status === 'skipped') {
        skipped++;
        firstSkipped ??= t;
      } else done++;
    }
    const chosen = untouched ?? firstSkipped;
    return { answer: chosen ? await this.answerView(book, chosen, user.id) : null, progress: { done, skipped, total: texts.length } };
  }

  private async text(book: CodebookRow, responseId: string) {
    const text = await repo.openText(this.db, book.survey_id, book.question, responseId);
    if (!text || text.value === '') throw new ApiError(404, 'answer_not_found', `response '${responseId}' has no answer to '${book.question}'`);
    return text;
  }

  async answer(bookId: string, responseId: string, user: User): Promise<AnswerToCode> {
    const book = await this.book(bookId);
    return this.answerView(book, await this.text(book, responseId), user.id);
  }

  /** Every code must be a code of the codebook, live or merged (a merged one counts for its target). */
  private checkVerdict(codes: ReadonlyMap<string, CodeRow>, input: { status: string; codes: readonly string[] }): void {
    for (const c of input.codes) if (!codes.has(c)) throw new ApiError(400, 'unknown_code', `'${c}' is not a code of this codebook`);
    if (input.status === 'coded' && input.codes.length === 0) throw new ApiError(400, 'no_codes', 'a coded answer needs at least one code (or mark it not codable, or skip it)');
    if (input.status !== 'coded' && input.codes.length > 0) throw new ApiError(400, 'codes_with_status', `an answer marked ${input.status} carries no codes`);
  }

  /**
   * Answers this coder may no longer change: those of samples they code that every coder has
   * finished. From then on the sample's disagreements are open to read, so a change would be made
   * knowing the others' codes; the consensus pass decides instead.
   */
  private async locked(bookId: string, coder: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (const id of await repo.samplesOfCoder(this.db, bookId, coder)) {
      const state = await this.sampleState(id);
      if (state.complete) for (const r of state.sample.responseIds) out.add(r);
    }
    return out;
  }

  private async refuseLocked(bookId: string, responseId: string, coder: string): Promise<void> {
    if ((await this.locked(bookId, coder)).has(responseId)) {
      throw new ApiError(409, 'sample_locked', `response '${responseId}' is in a sample every coder has finished: its codes are compared now, and the consensus decides`);
    }
  }

  async code(bookId: string, responseId: string, input: VerdictInput, user: User, now: Date): Promise<Verdict> {
    const book = await this.book(bookId);
    await this.text(book, responseId);
    await this.refuseLocked(book.id, responseId, user.id);
    const codes = await this.codesOf(book.id);
    this.checkVerdict(codes, input);
    const live = input.codes.map((c) => codes.get(c)!).filter((c) => c.merged_into);
    if (live.length > 0) throw new ApiError(400, 'unknown_code', `'${live[0]!.id}' was merged into '${live[0]!.merged_into}': code with that one`);
    const at = now.toISOString();
    await this.db.transaction().execute((trx) => repo.putVerdict(trx, { codebookId: book.id, responseId, coderId: user.id, status: input.status, codes: input.codes, at }));
    return { status: input.status, codes: [...input.codes].sort(), codedAt: at };
  }

  async uncode(bookId: string, responseId: string, user: User): Promise<void> {
    const book = await this.book(bookId);
    await this.text(book, responseId);
    await this.refuseLocked(book.id, responseId, user.id);
    await this.db.transaction().execute((trx) => repo.deleteVerdict(trx, book.id, responseId, user.id));
  }

  /**
   * The list mode of the coding view: a question's answers (or a sample's, for its coders) with this
   * coder's own verdicts, filtered by that verdict, by a code they gave or by one of their bulk codings.
   */
  async list(bookId: string, query: AnswerListQuery, user: User): Promise<AnswerList> {
    const book = await this.book(bookId);
    let texts = (await this.texts(book)).filter((t) => t.value !== '');
    if (query.sample) {
      const sample = await this.sampleFor(query.sample, book.id);
      if (!sample.coders.includes(user.id)) throw new ApiError(403, 'not_a_coder', `you are not a coder of sample '${query.sample}'`);
      const byId = new Map(texts.map((t) => [t.response_id, t]));
      texts = sample.responseIds.map((id) => byId.get(id)).filter((t) => t !== undefined);
    }
    if (query.bulk) {
      const bulk = await this.bulk(book.id, query.bulk, user);
      const ids = new Set(bulk.responseIds);
      texts = texts.filter((t) => ids.has(t.response_id));
    }
    const codes = await this.codesOf(book.id);
    if (query.code && !codes.has(query.code)) throw new ApiError(400, 'unknown_code', `'${query.code}' is not a code of this codebook`);
    const mine = new Map((await repo.verdicts(this.db, book.id, [user.id])).map((v) => [v.response_id, v]));
    const status = query.status ?? 'all';
    const wantedCode = query.code ? liveCodeOf(codes, query.code) : null;
    const kept = texts.filter((t) => {
      const v = mine.get(t.response_id);
      if (status === 'uncoded' ? v !== undefined : status !== 'all' && v?.status !== status) return false;
      return wantedCode === null || (v !== undefined && liveCodes(codes, v.codes).includes(wantedCode));
    });
    const offset = query.offset ?? 0;
    const page = kept.slice(offset, offset + (query.limit ?? 50));
    return { total: kept.length, answers: page.map((t) => ({ responseId: t.response_id, text: t.value, mine: mine.has(t.response_id) ? verdictOf(mine.get(t.response_id)!) : null })) };
  }

  // --- Search and bulk coding -----------------------------------------------------------------

  async search(bookId: string, search: string, limit: number): Promise<SearchMatches> {
    const book = await this.book(bookId);
    const terms = parseSearch(search);
    if (terms.length === 0) throw new ApiError(400, 'invalid_search', `'${search}' has no words to search for`);
    const ids = await this.stemIndex.match(book.survey_id, book.question, terms);
    // The page's texts as they are now (stem-index.ts: a text anonymised in place is not shown by its old words).
    const page = (await repo.openTextsOf(this.db, book.survey_id, book.question, ids.slice(0, limit))).filter((t) => matchesAll(t.value, terms));
    return { search, stems: termsLabel(terms), total: ids.length, matches: page.map((t) => ({ responseId: t.response_id, text: t.value })) };
  }

  async bulkCode(bookId: string, input: NewBulk, user: User, now: Date): Promise<Bulk> {
    const book = await this.book(bookId);
    const codes = await this.codesOf(book.id);
    const code = codes.get(input.code);
    if (!code) throw new ApiError(400, 'unknown_code', `'${input.code}' is not a code of this codebook`);
    if (code.merged_into) throw new ApiError(400, 'unknown_code', `'${input.code}' was merged into '${code.merged_into}': code with that one`);
    const terms = parseSearch(input.search);
    if (terms.length === 0) throw new ApiError(400, 'invalid_search', `'${input.search}' has no words to search for`);
    // A bulk coding writes: the index finds the candidates, and each is checked on its text as stored now.
    const candidates = await this.stemIndex.match(book.survey_id, book.question, terms);
    const matches = (await repo.openTextsOf(this.db, book.survey_id, book.question, candidates)).filter((t) => matchesAll(t.value, terms));
    const id = crypto.randomUUID();
    const at = now.toISOString();
    // Answers of finished samples are left as the coder coded them (see locked).
    const locked = await this.locked(book.id, user.id);
    await this.db.transaction().execute(async (trx) => {
      const answers = await repo.addBulkCode(trx, { id, codebookId: book.id, coderId: user.id, codeId: input.code, search: input.search, responseIds: matches.map((m) => m.response_id).filter((r) => !locked.has(r)), at });
      await this.audit(trx, user, at, 'coding.bulk', book.id, { bulk: id, code: input.code, answers });
    });
    return this.bulk(book.id, id, user);
  }

  async bulk(bookId: string, bulkId: string, user: User): Promise<Bulk> {
    const row = await repo.findBulk(this.db, bulkId);
    // Another coder's bulk action is theirs: blind coding hides it like their other codes.
    if (!row || row.codebook_id !== bookId || row.coder_id !== user.id) throw new ApiError(404, 'bulk_not_found', `no bulk coding '${bulkId}' of yours in codebook '${bookId}'`);
    return { id: row.id, search: row.search, code: row.code_id, matched: row.matched, createdAt: row.created_at, undoneAt: row.undone_at, responseIds: await repo.bulkResponses(this.db, row.id) };
  }

  async bulks(bookId: string, user: User) {
    await this.book(bookId);
    const rows = await repo.listBulk(this.db, bookId, user.id);
    return { bulk: rows.map((row) => ({ id: row.id, search: row.search, code: row.code_id, matched: row.matched, createdAt: row.created_at, undoneAt: row.undone_at })) };
  }

  async undoBulk(bookId: string, bulkId: string, user: User, now: Date): Promise<Bulk> {
    const before = await this.bulk(bookId, bulkId, user);
    if (before.undoneAt) throw new ApiError(409, 'bulk_undone', `bulk coding '${bulkId}' was undone at ${before.undoneAt}`);
    await this.db.transaction().execute(async (trx) => {
      await repo.undoBulk(trx, bulkId, now.toISOString());
      await this.audit(trx, user, now.toISOString(), 'coding.bulk_undo', bookId, { bulk: bulkId, answers: before.matched });
    });
    return { ...before, undoneAt: now.toISOString() };
  }

  // --- Samples, agreement, consensus ----------------------------------------------------------

  async createSample(bookId: string, input: NewSample, actor: User, now: Date): Promise<Sample> {
    const book = await this.book(bookId);
    const coders = await this.db.selectFrom('users').select(['id', 'role', 'disabled_at']).where('id', 'in', input.coders).execute();
    for (const id of input.coders) {
      const u = coders.find((c) => c.id === id);
      if (!u || u.disabled_at) throw new ApiError(400, 'invalid_coder', `coder '${id}' is not an active account`);
      if (!may(u.role, 'coding')) throw new ApiError(400, 'invalid_coder', `coder '${id}' is a ${u.role}, who may not code`);
    }
    const texts = await this.texts(book);
    if (texts.length === 0) throw new ApiError(400, 'nothing_to_sample', `'${book.question}' has no answers yet`);
    const seed = input.seed ?? crypto.randomInt(0, 2 ** 31 - 1);
    const chosen = sampleAnswers(texts.map((t) => ({ id: t.response_id, stratum: t.municipality_code ?? '' })), Math.min(input.size, texts.length), input.method, seed);
    const id = crypto.randomUUID();
    await this.db.transaction().execute((trx) => repo.insertSample(trx, { id, codebookId: book.id, method: input.method, seed, responseIds: chosen, coders: input.coders, at: now.toISOString(), by: actor.id }));
    return this.sample(id);
  }

  async samples(bookId: string) {
    await this.book(bookId);
    const rows = await repo.listSamples(this.db, bookId);
    return { samples: rows.map((s) => ({ id: s.id, codebook: s.codebook_id, method: s.method, seed: s.seed, size: s.size, createdAt: s.created_at })) };
  }

  private async sampleState(sampleId: string) {
    const sample = await this.sampleFor(sampleId, null);
    const verdicts = await repo.verdicts(this.db, sample.codebook_id, [...sample.coders, CONSENSUS], sample.responseIds);
    const of = (coder: string) => new Map(verdicts.filter((v) => v.coder_id === coder).map((v) => [v.response_id, v]));
    const perCoder = sample.coders.map((coder) => {
      const mine = of(coder);
      let done = 0;
      let skipped = 0;
      for (const r of sample.responseIds) {
        const v = mine.get(r);
        if (v?.status === 'skipped') skipped++;
        else if (v) done++;
      }
      return { id: coder, done, skipped, verdicts: mine };
    });
    const complete = perCoder.every((c) => c.done === sample.responseIds.length);
    return { sample, perCoder, consensus: of(CONSENSUS), complete };
  }

  async sample(sampleId: string): Promise<Sample> {
    const { sample, perCoder, complete } = await this.sampleState(sampleId);
    const emails = new Map((await this.db.selectFrom('users').select(['id', 'email']).where('id', 'in', sample.coders).execute()).map((u) => [u.id, u.email]));
    return {
      id: sample.id,
      codebook: sample.codebook_id,
      method: sample.method,
      seed: sample.seed,
      size: sample.size,
      createdAt: sample.created_at,
      coders: perCoder.map((c) => ({ id: c.id, email: emails.get(c.id) ?? null, done: c.done, skipped: c.skipped })),
      complete,
    };
  }

  /** Blind until done: the coders' verdicts are compared only when every coder has finished the sample. */
  private async finished(sampleId: string) {
    const state = await this.sampleState(sampleId);
    if (!state.complete) {
      const left = state.perCoder.map((c) => `${c.id}: ${state.sample.responseIds.length - c.done} left`).join(', ');
      throw new ApiError(409, 'coding_in_progress', `the coders of sample '${sampleId}' have not finished it (${left}); their codes stay blind until then`);
    }
    return state;
  }

  async agreement(sampleId: string): Promise<SampleAgreement> {
    const { sample, perCoder } = await this.finished(sampleId);
    const codes = await this.codesOf(sample.codebook_id);
    const sets: (string[] | null)[][] = sample.responseIds.map((r) =>
      perCoder.map((c) => {
        const v = c.verdicts.get(r);
        if (!v || v.status === 'skipped') return null;
        return v.status === 'not_codable' ? [] : liveCodes(codes, v.codes);
      }),
    );
    const overall: Ratings = sets.map((unit) => unit.map((set) => (set === null ? null : set.length === 0 ? 'not_codable' : set.join('+'))));
    const live = [...codes.values()].filter((c) => !c.merged_into).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
    return {
      sample: sample.id,
      coders: perCoder.length,
      overall: agreement(overall),
      perCode: live.map((c) => ({ code: c.id, name: { fi: c.name_fi, sv: c.name_sv, en: c.name_en }, ...agreement(presenceRatings(sets, c.id)) })),
    };
  }

  async disagreements(sampleId: string): Promise<Disagreements> {
    const { sample, perCoder, consensus } = await this.finished(sampleId);
    const codes = await this.codesOf(sample.codebook_id);
    const book = await this.book(sample.codebook_id);
    const texts = new Map((await this.texts(book)).map((t) => [t.response_id, t.value]));
    const items: Disagreements['items'] = [];
    for (const r of sample.responseIds) {
      const verdicts = perCoder.map((c) => {
        const v = c.verdicts.get(r)!;
        return { coder: c.id, status: v.status, codes: liveCodes(codes, v.codes) };
      });
      const first = JSON.stringify([verdicts[0]!.status, verdicts[0]!.codes]);
      if (verdicts.every((v) => JSON.stringify([v.status, v.codes]) === first)) continue;
      const c = consensus.get(r);
      items.push({ responseId: r, text: texts.get(r) ?? '', verdicts, consensus: c ? verdictOf(c) : null });
    }
    return { sample: sample.id, items };
  }

  async consensus(sampleId: string, responseId: string, input: ConsensusInput, now: Date, actor: User | null = null): Promise<Verdict> {
    const { sample } = await this.finished(sampleId);
    if (!sample.responseIds.includes(responseId)) throw new ApiError(404, 'answer_not_found', `response '${responseId}' is not in sample '${sampleId}'`);
    const codes = await this.codesOf(sample.codebook_id);
    this.checkVerdict(codes, input);
    const resolved = liveCodes(codes, input.codes);
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.putVerdict(trx, { codebookId: sample.codebook_id, responseId, coderId: CONSENSUS, status: input.status, codes: resolved, at });
      await this.audit(trx, actor, at, 'coding.consensus', sample.codebook_id, { sample: sample.id, status: input.status, codes: resolved.length });
    });
    return { status: input.status, codes: resolved, codedAt: at };
  }

  // --- Coded themes as a variable -------------------------------------------------------------

  /**
   * Each answer's final codes (live codes, merges followed): the consensus where one was recorded,
   * else the coders' verdict when every coder who finished it agrees (one coder alone counts). An
   * answer whose coders disagree without a consensus, or marked not codable, has none.
   */
  async finalCodes(book: CodebookRow): Promise<Map<string, string[]>> {
    const codes = await this.codesOf(book.id);
    const byResponse = new Map<string, VerdictRow[]>();
    for (const v of await repo.verdicts(this.db, book.id, null)) {
      if (v.status === 'skipped') continue;
      const list = byResponse.get(v.response_id) ?? [];
      list.push(v);
      byResponse.set(v.response_id, list);
    }
    const out = new Map<string, string[]>();
    for (const [response, list] of byResponse) {
      const consensus = list.find((v) => v.coder_id === CONSENSUS);
      const pick = consensus ? [consensus] : list;
      const keys = new Set(pick.map((v) => (v.status === 'coded' ? liveCodes(codes, v.codes).join('+') : '')));
      if (keys.size !== 1) continue;
      const only = pick[0]!;
      if (only.status !== 'coded') continue;
      out.set(response, liveCodes(codes, only.codes));
    }
    return out;
  }

  /**
   * The coded questions as results variables: `<question>:codes`, a multiple choice of its live
   * codes (value the code's id, label its names), counted from the final codes.
   */
  derivedVariables(): DerivedVariables {
    const variableOf = async (book: CodebookRow, codes: readonly CodeRow[]): Promise<Variable> => {
      const index = await this.results.indexes.ready(book.survey_id);
      const open = index.variables.get(book.question);
      return {
        key: codedKey(book.question),
        question: book.question,
        kind: 'multi',
        title: open?.title ?? book.question,
        subtitle: { default: 'Koodatut teemat', sv: 'Kodade teman', en: 'Coded themes' },
        categories: codes.map((c) => ({ value: c.id, label: { default: c.name_fi, sv: c.name_sv, en: c.name_en }, nonSubstantive: false })),
        visibleIf: open?.visibleIf ?? null,
        page: open?.page ?? null,
      };
    };
    return {
      list: async (surveyId) => Promise.all((await this.codedQuestions(surveyId)).map(({ book, codes }) => variableOf(book, codes))),
      values: async (surveyId, key) => {
        if (!key.endsWith(CODED_SUFFIX)) return null;
        const book = await repo.findCodebookOf(this.db, surveyId, key.slice(0, -CODED_SUFFIX.length));
        if (!book) return null;
        const codes = (await repo.listCodes(this.db, book.id)).filter((c) => !c.merged_into);
        return { variable: await variableOf(book, codes), values: await this.finalCodes(book) };
      },
    };
  }

  /** The codebooks of a survey with their live codes, for the results' coded variables. */
  async codedQuestions(surveyId: string): Promise<{ book: CodebookRow; codes: CodeRow[] }[]> {
    const out = [];
    for (const book of await repo.listCodebooks(this.db, surveyId)) {
      const codes = (await repo.listCodes(this.db, book.id)).filter((c) => !c.merged_into);
      if (codes.length > 0) out.push({ book, codes });
    }
    return out;
  }
}
