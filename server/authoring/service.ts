// Writing surveys in the browser: drafts (the whole survey file, saved as the author goes, never lost
// to a second tab), the checks an author sees while writing, the difference against the published
// version, and publishing, which makes a new version exactly as a changed file in SURVEYS_DIR does.
// The routes only parse the request and call these.
import { findUserById } from '../../db/users.ts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import { deleteDraft, findAuthored, findDraft, insertDraft, listDrafts, saveAuthored, saveDraft, type DraftRow } from '../../db/authoring.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import { firstTooDeep, MAX_JSON_DEPTH } from '../json-body.ts';
import { checkMunicipalityQuestion, type SurveyCatalog } from '../surveys/catalog.ts';
import { readEnvelope } from '../surveys/envelope.ts';
import { checkDefinition } from '../validation/index.ts';
import { isPlainObject } from '../validation/values.ts';
import { checkConditions, conditionsIn, readConditions, type ConditionFinding } from './conditions.ts';
import { yieldToLoop } from '../results/response-index.ts';
import { diffDefinitions, type SurveyDiff } from './diff.ts';

/** A survey file: the envelope (id, title, audience, privacy notice …) with its SurveyJS definition under `survey`. */
export type SurveyFileJson = Record<string, unknown> & { id: string; survey: Record<string, unknown> };

export type DraftStart = { kind: 'empty' } | { kind: 'copy'; survey: string } | { kind: 'upload'; text: string } | { kind: 'edit' };

export interface DraftCheck {
  /** What stops publishing: the envelope, the definition, the municipality and weighting questions, the conditions. */
  readonly errors: string[];
  /** What survives but an author should see (survey-core's unknown properties, a condition reading a later page). */
  readonly warnings: string[];
  /** Every condition of the definition, with what the checks found and how it reads in each language. */
  readonly conditions: { path: string; owner: string | null; expression: string; reading: { fi: string | null; sv: string | null; en: string | null } }[];
}

/** What a new survey's file starts as: one empty page, the county's residents, no municipality question yet. */
function emptyFile(id: string): SurveyFileJson {
  return { id, title: { default: id }, audience: 'residents', municipalityQuestion: null, survey: { pages: [{ name: 'sivu1', elements: [] }] } };
}

/** A file as the author gave it (an envelope, or a plain SurveyJS file such as SurveyJS's online builder writes), under the draft's id. */
function asSurveyFile(json: unknown, id: string, where: string): SurveyFileJson {
  if (!isPlainObject(json)) throw new ApiError(400, 'upload_invalid', `${where} must be a JSON object (a survey file or a SurveyJS definition)`);
  if (!('survey' in json) && (Array.isArray(json.pages) || Array.isArray(json.elements))) return { id, survey: json };
  if (!isPlainObject(json.survey)) throw new ApiError(400, 'upload_invalid', `${where} has neither pages nor elements, nor a survey definition under "survey"`);
  return { ...json, id, survey: json.survey };
}

/** Where in a JSON text a parse failed, as a person finds it: line and column. */
function jsonProblem(text: string, error: Error): string {
  const at = /position (\d+)/.exec(error.message);
  if (!at) return error.message;
  const offset = Number(at[1]);
  const before = text.slice(0, offset).split('\n');
  return `${error.message} (line ${before.length}, column ${before.at(-1)!.length + 1})`;
}

export class AuthoringService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
  ) {}

  /** Every draft, and every served survey with where it comes from (a file, or the browser). */
  async list() {
    const drafts = await listDrafts(this.db);
    return {
      drafts: await Promise.all(drafts.map((row) => this.draftSummary(row))),
      surveys: this.catalog.list().map((s) => ({ id: s.meta.id, title: s.meta.title, version: s.version, source: this.catalog.fromFile(s.meta.id) ? ('file' as const) : ('authored' as const), hasDraft: drafts.some((d) => d.survey_id === s.meta.id) })),
    };
  }

  private async draftSummary(row: DraftRow) {
    const file = JSON.parse(row.file) as SurveyFileJson;
    const served = this.catalog.get(row.survey_id);
    return {
      id: row.survey_id,
      title: (file.title ?? (file.survey as { title?: unknown }).title ?? row.survey_id) as string | Record<string, string>,
      revision: row.revision,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
      // Whose save it was, as the editor says it (a colleague's save it would otherwise name by an id).
      updatedByEmail: row.updated_by === null ? null : ((await findUserById(this.db, row.updated_by))?.email ?? null),
      publishedVersion: served?.version ?? null,
      source: served ? (this.catalog.fromFile(row.survey_id) ? ('file' as const) : ('authored' as const)) : ('new' as const),
    };
  }

  async create(id: string, start: DraftStart, actor: Actor, now: Date) {
    const served = this.catalog.get(id);
    let file: SurveyFileJson;
    if (start.kind === 'edit') {
      if (!served) throw new ApiError(404, 'survey_not_found', `no survey '${id}' to edit`);
      file = asSurveyFile(this.catalog.fileOf(id), id, `survey '${id}'`);
    } else {
      if (served) throw new ApiError(409, 'survey_id_taken', `a survey '${id}' exists already: edit it, or choose another id for the new one`);
      if (start.kind === 'empty') file = emptyFile(id);
      else if (start.kind === 'copy') {
        const source = this.catalog.fileOf(start.survey);
        if (!source) throw new ApiError(404, 'survey_not_found', `no survey '${start.survey}' to copy`);
        file = asSurveyFile(structuredClone(source), id, `survey '${start.survey}'`);
      } else {
        const deep = firstTooDeep(start.text);
        if (deep >= 0) throw new ApiError(400, 'upload_invalid', `the file nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at character ${deep})`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(start.text);
        } catch (error) {
          throw new ApiError(400, 'upload_invalid', `the file is not valid JSON: ${jsonProblem(start.text, error as Error)}`);
        }
        file = asSurveyFile(parsed, id, 'the file');
        // What cannot become a survey at all is refused now, naming the place; what can be fixed in the editor is a check finding.
        const definition = checkDefinition(file.survey);
        const unfixable = definition.errors.filter((e) => /unknown type|does not support|cannot load|is not a JSON object|is used \d+ times/.test(e));
        if (unfixable.length > 0) throw new ApiError(400, 'upload_invalid', `the file cannot be a Kuulo survey: ${unfixable.join('; ')}`);
      }
    }
    const row: DraftRow = { survey_id: id, file: JSON.stringify(file), revision: 1, created_at: now.toISOString(), created_by: actor.id, updated_at: now.toISOString(), updated_by: actor.id };
    if (!(await insertDraft(this.db, row))) throw new ApiError(409, 'survey_draft_exists', `a draft of '${id}' exists already: open it, or delete it first`);
    return this.view(row);
  }

  private async draftOr404(id: string): Promise<DraftRow> {
    const row = await findDraft(this.db, id);
    if (!row) throw new ApiError(404, 'survey_draft_not_found', `no draft of '${id}'`);
    return row;
  }

  async get(id: string) {
    return this.view(await this.draftOr404(id));
  }

  private async view(row: DraftRow) {
    const file = JSON.parse(row.file) as SurveyFileJson;
    return { ...(await this.draftSummary(row)), file, check: await this.check(file) };
  }

  /**
   * Stores the author's file when the draft is still where the author's copy began; a save from a
   * tab left behind is refused (409 with the revision now stored), never silently lost or merged.
   * An incomplete survey is saved as it is (an author writes over several sittings): the checks say
   * what stops publishing.
   */
  async save(id: string, revision: number, json: Record<string, unknown>, actor: Actor, now: Date) {
    if (json.id !== undefined && json.id !== id) throw new ApiError(400, 'invalid_request', `the file's id '${String(json.id)}' is not the draft's '${id}' (a new id is a new draft)`);
    const file = asSurveyFile(json, id, 'body.file');
    const current = await this.draftOr404(id);
    const saved = await saveDraft(this.db, id, revision, { file: JSON.stringify(file), updatedAt: now.toISOString(), updatedBy: actor.id });
    if (saved === null) {
      const latest = (await findDraft(this.db, id)) ?? current;
      throw new ApiError(409, 'survey_draft_changed', `the draft was saved elsewhere since revision ${revision} (now revision ${latest.revision}, by ${latest.updated_by ?? 'someone'} at ${latest.updated_at}): reload it before saving`);
    }
    return this.view({ ...current, file: JSON.stringify(file), revision: saved, updated_at: now.toISOString(), updated_by: actor.id });
  }

  async remove(id: string, actor: Actor, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await deleteDraft(trx, id))) throw new ApiError(404, 'survey_draft_not_found', `no draft of '${id}'`);
      await recordAudit(trx, { at: now.toISOString(), actor, action: 'survey.draft_deleted', target: id });
    });
  }

  /** Everything that stops the file being published, and what an author should see anyway. */
  // Each step builds a survey-core model (15–40 ms for the resident survey): a turn of the event loop
  // between them keeps an autosave from holding the server for the whole check (about 60 ms).
  async check(file: SurveyFileJson): Promise<DraftCheck> {
    const errors: string[] = [];
    const warnings: string[] = [];
    const read = readEnvelope(file, file.id);
    if ('problems' in read) errors.push(...read.problems);
    // A survey publishes without a complete notice (an author fills it in over time), but cannot be opened for answers until it has one.
    else if (read.meta.privacyGaps.length > 0) warnings.push(`the privacy notice lacks ${read.meta.privacyGaps.join(', ')}: the survey cannot be opened for answers until it is complete`);
    const definition = checkDefinition(file.survey);
    errors.push(...definition.errors);
    warnings.push(...definition.warnings);
    await yieldToLoop();
    if (!('problems' in read) && definition.errors.length === 0) {
      const municipality = checkMunicipalityQuestion(read.meta, read.definition, this.geography);
      errors.push(...municipality.problems);
      warnings.push(...municipality.warnings);
      await yieldToLoop();
    }
    let findings: ConditionFinding[] = [];
    if (definition.errors.length === 0) {
      findings = checkConditions(file.survey);
      for (const f of findings) (f.severity === 'error' ? errors : warnings).push(f.message);
      await yieldToLoop();
    }
    const conditions: DraftCheck['conditions'] = [];
    if (definition.errors.length === 0) {
      const items = conditionsIn(file.survey);
      const readings = readConditions(file.survey, items.map((item) => item.expression));
      items.forEach((item, i) => conditions.push({ ...item, reading: readings[i]! }));
    }
    return { errors: [...new Set(errors)], warnings: [...new Set(warnings)], conditions };
  }

  /** The draft against the version served now (null when the survey was never published). */
  async diff(id: string): Promise<{ publishedVersion: number | null; diff: SurveyDiff }> {
    const row = await this.draftOr404(id);
    const file = JSON.parse(row.file) as SurveyFileJson;
    const served = this.catalog.get(id);
    return { publishedVersion: served?.version ?? null, diff: diffDefinitions(served?.definition ?? {}, file.survey) };
  }

  /**
   * Publishes the draft as the survey's next version: refused while a check fails, for a survey whose
   * file in SURVEYS_DIR wins, and, for a change that breaks comparability with the published answers,
   * until the author confirms it. The version, the published file and the audit entry are stored
   * together; the draft is then done and removed.
   */
  async publish(id: string, confirmBreaking: boolean, actor: Actor, now: Date) {
    const row = await this.draftOr404(id);
    if (this.catalog.fromFile(id)) {
      throw new ApiError(409, 'survey_from_file', `survey '${id}' is served from a file in the surveys folder, which wins over the browser: download the draft and replace the file, or copy it to a new id`);
    }
    const file = JSON.parse(row.file) as SurveyFileJson;
    const check = await this.check(file);
    if (check.errors.length > 0) throw new ApiError(400, 'survey_draft_invalid', `the draft cannot be published: ${check.errors.join('; ')}`);
    const read = readEnvelope(file, id);
    if ('problems' in read) throw new ApiError(400, 'survey_draft_invalid', `the draft cannot be published: ${read.problems.join('; ')}`);
    const served = this.catalog.get(id);
    const diff = diffDefinitions(served?.definition ?? {}, file.survey);
    if (served && diff.breaking.length > 0 && !confirmBreaking) {
      throw new ApiError(409, 'confirmation_needed', `publishing changes what earlier answers mean, so results across versions are no longer comparable: ${diff.breaking.join('; ')}. Publish again with confirmBreaking to accept it`);
    }
    // The version first (content-addressed: storing it twice is harmless), then the published file, the
    // draft's end and the audit entry together, and only then is it served: a crash in between leaves
    // the draft to publish again, never a served survey that a restart would not find.
    const version = await this.catalog.storeVersion(read.meta, read.definition, now);
    await this.db.transaction().execute(async (trx) => {
      const ended = await trx.deleteFrom('survey_drafts').where('survey_id', '=', id).where('revision', '=', row.revision).executeTakeFirst();
      if (Number(ended.numDeletedRows) !== 1) throw new ApiError(409, 'survey_draft_changed', `the draft of '${id}' was saved or published elsewhere meanwhile: reload it`);
      await saveAuthored(trx, { survey_id: id, file: JSON.stringify(file), version, published_at: now.toISOString(), published_by: actor.id });
      await recordAudit(trx, {
        at: now.toISOString(),
        actor,
        action: 'survey.published',
        target: id,
        details: {
          version,
          previousVersion: served?.version ?? null,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          ...(diff.breaking.length > 0 ? { breakingConfirmed: diff.breaking } : {}),
        },
      });
    });
    const installed = await this.catalog.install(read.meta, read.definition, now, file);
    return { id, version: installed.version, previousVersion: served?.version ?? null, diff };
  }

  /** The survey file to download: the draft when there is one and `draft` is asked, else the served survey's. */
  async file(id: string, draft: boolean): Promise<SurveyFileJson> {
    if (draft) return JSON.parse((await this.draftOr404(id)).file) as SurveyFileJson;
    const authored = await findAuthored(this.db, id);
    if (authored && !this.catalog.fromFile(id)) return JSON.parse(authored.file) as SurveyFileJson;
    const source = this.catalog.fileOf(id);
    if (!source) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    return asSurveyFile(source, id, `survey '${id}'`);
  }
}
