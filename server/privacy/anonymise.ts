// Anonymisation of a survey's responses for research use: open answers redacted (proposals a person
// reviews first), submission times coarsened to the day or the ISO week, municipalities the results
// hide recoded to their area, and a k-anonymity check with coarsening on chosen quasi-identifiers.
// What it does not guarantee is in the README ("Anonymisation for research use").
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  pageResponsesForAnonymising,
  redactionDecisions,
  respondingMunicipalities,
  swedishResponseIds,
  textAnswersOf,
  updateAnswerText,
  updateResponseForAnonymising,
  type RedactionDecision,
  type StoredResponseForAnonymising,
} from '../../db/anonymise.ts';
import { recordAudit } from '../../db/audit.ts';
import { bumpDeletionGeneration } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { listVersionDefinitions } from '../../db/surveys.ts';
import { ApiError } from '../errors.ts';
import type { ExportColumn } from '../exports/data/columns.ts';
import { prepareDataExport, type Cell, type DataExport } from '../exports/data/dataset.ts';
import type { Geography } from '../geography.ts';
import { finnishDay, finnishDayStart } from '../http/times.ts';
import { mergeVariables } from '../results/indexes.ts';
import type { SurveyCatalog } from '../surveys/catalog.ts';
import { BLANKED, kAnonymise, type ClassFigures, type QuasiValue } from './k-anonymity.ts';
import { applySpans, REDACTION_KINDS, redactText, type RedactionKind, type RedactionLanguage, type RedactionSpan } from './redact.ts';

export type TimeCoarsening = 'day' | 'week';

/** What an anonymisation does; `k` defaults to the survey's smallest published group. */
export interface AnonymisationPlan {
  readonly timestamps: TimeCoarsening;
  /** Export column names, or `municipality` for the municipality (its code, name, area and question). */
  readonly quasiIdentifiers: readonly string[];
  readonly k?: number;
}

export const MUNICIPALITY_QI = 'municipality';

export interface AnonymisationReport {
  readonly survey: string;
  readonly rows: number;
  readonly timestamps: TimeCoarsening;
  readonly redactions: Record<RedactionKind, { proposed: number; applied: number; rejected: number }>;
  /** Municipalities whose rows were recoded to their area because the results hide them. */
  readonly municipalitiesRecoded: { readonly municipalities: number; readonly rows: number };
  readonly kAnonymity: {
    readonly k: number;
    readonly quasiIdentifiers: string[];
    readonly before: ClassFigures;
    readonly generalised: Record<string, number>;
    readonly blanked: Record<string, number>;
    readonly suppressedRows: number;
    readonly after: ClassFigures;
    readonly kAchieved: number;
  };
}

export interface RedactionProposal {
  /** Stable while the text it was found in is unchanged: a verdict given to it stays with it. */
  readonly id: string;
  readonly responseId: string;
  /** The export column (for an open question, the question's name). */
  readonly field: string;
  readonly kind: RedactionKind;
  readonly found: string;
  /** The text around it, with the finding between ⟦ and ⟧. */
  readonly context: string;
  readonly replacement: string;
  readonly decision: RedactionDecision | 'proposed';
}

const CONTEXT_CHARS = 40;

/** A proposal's id: a hash of where it is and what it found. */
export function proposalId(responseId: string, field: string, span: RedactionSpan, found: string): string {
  return crypto.createHash('sha256').update([responseId, field, span.start, span.end, span.kind, found].join('\u0000')).digest('base64url').slice(0, 22);
}

const languageOf = (swedish: ReadonlySet<string>, responseId: string): RedactionLanguage => (swedish.has(responseId) ? 'sv' : 'fi');

/** The spans of `text` that are applied: every proposal not rejected (an unreviewed one is applied). */
function appliedSpans(text: string, responseId: string, field: string, lang: RedactionLanguage, decisions: ReadonlyMap<string, RedactionDecision>) {
  const { spans } = redactText(text, lang);
  const applied: RedactionSpan[] = [];
  const rejected: RedactionSpan[] = [];
  for (const span of spans) {
    (decisions.get(proposalId(responseId, field, span, text.slice(span.start, span.end))) === 'rejected' ? rejected : applied).push(span);
  }
  return { spans, applied, rejected };
}

/** ISO 8601 week of a calendar day (YYYY-MM-DD): `2026-W49`. */
export function isoWeek(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  // The week belongs to the year of its Thursday.
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (YYYY-MM-DD) of a calendar day's ISO week. */
function mondayOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

/** A submission time as released: its Finnish day, or the ISO week of that day. */
export function coarsenTime(iso: string, to: TimeCoarsening): string {
  const day = finnishDay(new Date(iso));
  return to === 'day' ? day : isoWeek(day);
}

/** A submission time as stored after anonymising in place: the start of its Finnish day or week. */
export function coarsenStoredTime(iso: string, to: TimeCoarsening): string {
  const day = finnishDay(new Date(iso));
  return finnishDayStart(to === 'day' ? day : mondayOf(day));
}

const isTextColumn = (c: ExportColumn) => c.type === 'text' && c.question !== null;

function checkPlan(plan: AnonymisationPlan, data: DataExport): { k: number; qi: string[] } {
  const k = plan.k ?? data.survey.suppression.minGroupSize;
  if (!Number.isInteger(k) || k < 2 || k > 1000) throw new ApiError(400, 'invalid_k', `k: a whole number from 2 to 1000, got ${k}`);
  const qi = [...new Set(plan.quasiIdentifiers)];
  if (qi.length === 0) throw new ApiError(400, 'invalid_quasi_identifiers', 'quasiIdentifiers: name at least one (municipality, or a closed question\'s column)');
  const usable = new Map(data.columns.filter((c) => c.question !== null && c.type !== 'text').map((c) => [c.name, c]));
  const unknown = qi.filter((q) => q !== MUNICIPALITY_QI && q !== 'channel' && !usable.has(q));
  if (unknown.length > 0) {
    throw new ApiError(400, 'invalid_quasi_identifiers', `quasiIdentifiers: ${unknown.join(', ')} is not ${MUNICIPALITY_QI}, channel or a closed question's column of survey '${data.survey.id}'`);
  }
  return { k, qi };
}

interface Prepared {
  data: DataExport;
  report: AnonymisationReport;
  /** Per response id: its quasi-identifiers after coarsening, or null when the row is suppressed. */
  released: Map<string, QuasiValue[] | null>;
  qi: string[];
  decisions: Map<string, RedactionDecision>;
  swedish: Set<string>;
}

/** The municipality quasi-identifier's value of a row: its code, or its area when the results hide it. */
function municipalityValue(code: string | null, geography: Geography, data: DataExport): QuasiValue {
  if (code === null) return null;
  const area = geography.byCode.get(code)?.area ?? null;
  if (!data.hidden.municipalities.includes(code)) return code;
  return area === null || data.hidden.areas.includes(area) ? BLANKED : `area:${area}`;
}

/**
 * Reads every response once to find the redactions and the k-anonymity coarsening, and returns the
 * export (its rows read again, with every change applied, when it is written) with its report.
 * Municipalities the results hide are recoded to their area (blank when the area is hidden too).
 */
async function prepare(db: Kysely<Database>, catalog: SurveyCatalog, geography: Geography, surveyId: string, plan: AnonymisationPlan, now: Date): Promise<Prepared> {
  if (plan.timestamps !== 'day' && plan.timestamps !== 'week') throw new ApiError(400, 'invalid_timestamps', "timestamps: 'day' or 'week'");
  const data = await prepareDataExport(db, catalog, geography, surveyId, { labels: 'codes' }, now);
  const { k, qi } = checkPlan(plan, data);
  const [decisions, swedish] = await Promise.all([redactionDecisions(db, surveyId), swedishResponseIds(db, surveyId)]);
  const at = (name: string) => data.columns.findIndex((c) => c.name === name);
  const idAt = at('response_id');
  const municipalityAt = at('municipality_code');
  const textColumns = data.columns.map((c, i) => [c, i] as const).filter(([c]) => isTextColumn(c));
  const qiReaders = qi.map((q) => (q === MUNICIPALITY_QI ? (row: Cell[]) => municipalityValue(row[municipalityAt] as string | null, geography, data) : (row: Cell[]) => {
    const cell = row[at(q)];
    return cell === null || cell === undefined ? null : String(cell);
  }));

  const redactions = Object.fromEntries(REDACTION_KINDS.map((kind) => [kind, { proposed: 0, applied: 0, rejected: 0 }])) as AnonymisationReport['redactions'];
  const ids: string[] = [];
  const values: QuasiValue[][] = [];
  let recodedRows = 0;
  const recodedMunicipalities = new Set<string>();
  for await (const row of data.records()) {
    const id = row[idAt] as string;
    ids.push(id);
    values.push(qiReaders.map((read) => read(row)));
    const code = row[municipalityAt] as string | null;
    // The dataset blanks a hidden municipality's code; its name column says it was hidden.
    if (code === null && data.hidden.municipalities.length > 0) {
      const name = row[at('municipality_name')];
      if (typeof name === 'string' && name.startsWith('piilotettu')) recodedRows++;
    }
    for (const [column, i] of textColumns) {
      const text = row[i];
      if (typeof text !== 'string' || text === '') continue;
      const { spans, rejected } = appliedSpans(text, id, column.name, languageOf(swedish, id), decisions);
      for (const span of spans) redactions[span.kind].proposed++;
      for (const span of rejected) redactions[span.kind].rejected++;
    }
  }
  for (const kind of REDACTION_KINDS) redactions[kind].applied = redactions[kind].proposed - redactions[kind].rejected;
  const responding = await respondingMunicipalities(db, surveyId);
  for (const code of data.hidden.municipalities) if (responding.has(code)) recodedMunicipalities.add(code);

  const generalise = qi.map((q) => (q === MUNICIPALITY_QI ? (v: QuasiValue) => {
    if (v === null || v === BLANKED || v.startsWith('area:')) return v;
    const area = geography.byCode.get(v)?.area;
    return area === undefined || data.hidden.areas.includes(area) ? BLANKED : `area:${area}`;
  } : null));
  const result = kAnonymise(values, k, generalise);
  const released = new Map<string, QuasiValue[] | null>();
  ids.forEach((id, i) => released.set(id, result.rows[i]!));
  const perQi = (counts: number[]) => Object.fromEntries(qi.map((q, i) => [q, counts[i]!]));

  const report: AnonymisationReport = {
    survey: surveyId,
    rows: ids.length - result.suppressed,
    timestamps: plan.timestamps,
    redactions,
    municipalitiesRecoded: { municipalities: recodedMunicipalities.size, rows: recodedRows },
    kAnonymity: {
      k,
      quasiIdentifiers: qi,
      before: result.before,
      generalised: perQi(result.generalised),
      blanked: perQi(result.blanked),
      suppressedRows: result.suppressed,
      after: result.after,
      kAchieved: result.kAchieved,
    },
  };
  return { data, report, released, qi, decisions, swedish };
}

/**
 * The anonymised data export: the data export's columns and rows (codes, hidden municipalities
 * left out as the results hide them), with open answers redacted, times coarsened, municipalities
 * recoded and the k-anonymity coarsening applied; rows suppressed by it are left out.
 */
export async function prepareAnonymisedExport(
  db: Kysely<Database>,
  catalog: SurveyCatalog,
  geography: Geography,
  surveyId: string,
  plan: AnonymisationPlan,
  now: Date,
): Promise<{ data: DataExport; report: AnonymisationReport }> {
  const { data, report, released, qi, decisions, swedish } = await prepare(db, catalog, geography, surveyId, plan, now);
  const at = (name: string) => data.columns.findIndex((c) => c.name === name);
  const idAt = at('response_id');
  const timeAt = at('submitted_at');
  const codeAt = at('municipality_code');
  const nameAt = at('municipality_name');
  const areaAt = at('area');
  const municipalityQuestionAt = data.survey.municipalityQuestion === null ? -1 : at(data.survey.municipalityQuestion);
  const textColumns = data.columns.map((c, i) => [c, i] as const).filter(([c]) => isTextColumn(c));
  const qiAt = qi.map(at);
  const setMunicipality = (row: Cell[], value: QuasiValue) => {
    if (value === null) return;
    if (value === BLANKED) {
      for (const i of [codeAt, nameAt, areaAt, municipalityQuestionAt]) if (i >= 0) row[i] = null;
    } else if (value.startsWith('area:')) {
      const area = value.slice('area:'.length);
      row[codeAt] = null;
      row[nameAt] = area;
      row[areaAt] = area;
      if (municipalityQuestionAt >= 0) row[municipalityQuestionAt] = null;
    }
  };
  const records = async function* (): AsyncGenerator<Cell[]> {
    for await (const source of data.records()) {
      const row = [...source];
      const id = row[idAt] as string;
      if (!released.has(id)) continue; // arrived after the first pass (cannot: the export's cut-off is fixed)
      const values = released.get(id)!;
      if (values === null) continue;
      const time = row[timeAt];
      if (typeof time === 'string') row[timeAt] = coarsenTime(time, plan.timestamps);
      // The results hide it: recoded to its area whether or not municipality is a quasi-identifier.
      if (typeof row[nameAt] === 'string' && (row[nameAt] as string).startsWith('piilotettu')) {
        const code = row[codeAt];
        const area = /^piilotettu \((.+)\)$/u.exec(row[nameAt] as string)?.[1];
        row[nameAt] = area === undefined || area === 'koko hyvinvointialue' ? null : area;
        if (code === null && area === undefined) row[areaAt] = null;
      }
      qi.forEach((q, i) => {
        const value = values[i]!;
        if (q === MUNICIPALITY_QI) setMunicipality(row, value);
        else if (value === BLANKED) row[qiAt[i]!] = null;
      });
      for (const [column, i] of textColumns) {
        const text = row[i];
        if (typeof text !== 'string' || text === '') continue;
        const lang = languageOf(swedish, id);
        row[i] = applySpans(text, appliedSpans(text, id, column.name, lang, decisions).applied, lang);
      }
      yield row;
    }
  };
  return { data: { ...data, rows: report.rows, records }, report };
}

/** The report alone (one pass over the responses). */
export async function anonymisationReport(db: Kysely<Database>, catalog: SurveyCatalog, geography: Geography, surveyId: string, plan: AnonymisationPlan, now: Date): Promise<AnonymisationReport> {
  return (await prepare(db, catalog, geography, surveyId, plan, now)).report;
}

/** A page of the proposed redactions of a survey's open answers, with their verdicts. */
export async function proposeRedactions(
  db: Kysely<Database>,
  catalog: SurveyCatalog,
  geography: Geography,
  surveyId: string,
  page: { offset: number; limit: number },
  now: Date,
): Promise<{ total: number; items: RedactionProposal[] }> {
  const data = await prepareDataExport(db, catalog, geography, surveyId, { labels: 'codes' }, now);
  const [decisions, swedish] = await Promise.all([redactionDecisions(db, surveyId), swedishResponseIds(db, surveyId)]);
  const idAt = data.columns.findIndex((c) => c.name === 'response_id');
  const textColumns = data.columns.map((c, i) => [c, i] as const).filter(([c]) => isTextColumn(c));
  const items: RedactionProposal[] = [];
  let total = 0;
  for await (const row of data.records()) {
    const id = row[idAt] as string;
    const lang = languageOf(swedish, id);
    for (const [column, i] of textColumns) {
      const text = row[i];
      if (typeof text !== 'string' || text === '') continue;
      for (const span of redactText(text, lang).spans) {
        total++;
        if (total <= page.offset || items.length >= page.limit) continue;
        const found = text.slice(span.start, span.end);
        const pid = proposalId(id, column.name, span, found);
        const before = text.slice(Math.max(0, span.start - CONTEXT_CHARS), span.start);
        const after = text.slice(span.end, span.end + CONTEXT_CHARS);
        items.push({
          id: pid,
          responseId: id,
          field: column.name,
          kind: span.kind,
          found,
          context: `${span.start > CONTEXT_CHARS ? '…' : ''}${before}⟦${found}⟧${after}${span.end + CONTEXT_CHARS < text.length ? '…' : ''}`,
          replacement: applySpans(found, [{ start: 0, end: found.length, kind: span.kind }], lang),
          decision: decisions.get(pid) ?? 'proposed',
        });
      }
    }
  }
  return { total, items };
}

export interface InPlaceOptions {
  readonly timestamps: TimeCoarsening;
  /** Only these responses of the survey (a retention batch); all of them when absent. */
  readonly responseIds?: readonly string[];
}

export interface InPlaceCounts {
  responses: number;
  responsesChanged: number;
  texts: number;
  redactions: Record<RedactionKind, number>;
  rejectedKept: number;
  timestamps: number;
}

const PAGE = 500;

/** The survey's open-text keys (its text variables, every version's, including "other" texts). */
async function textKeys(db: Kysely<Database>, surveyId: string): Promise<string[]> {
  const versions = await listVersionDefinitions(db, surveyId);
  const variables = mergeVariables(versions.reverse().map((v) => JSON.parse(v.definition) as object));
  return [...variables.values()].filter((v) => v.kind === 'text').map((v) => v.key);
}

/**
 * Anonymises stored responses in place inside the given transaction: each open answer (a top-level
 * text of the response, and its answer row) redacted as the export redacts it (rejected proposals
 * kept), and the submission time set to the start of its Finnish day or ISO week. Municipalities
 * and the quasi-identifiers are left as they are: the results need them and suppress small groups
 * themselves, and the anonymised export coarsens them when data leaves. Marks the survey's responses
 * changed so that every results index reloads. Returns the counts (never any content).
 */
export async function anonymiseResponses(trx: Kysely<Database>, surveyId: string, options: InPlaceOptions, at: string): Promise<InPlaceCounts> {
  const keys = await textKeys(trx, surveyId);
  const decisions = await redactionDecisions(trx, surveyId);
  const counts: InPlaceCounts = { responses: 0, responsesChanged: 0, texts: 0, redactions: Object.fromEntries(REDACTION_KINDS.map((k) => [k, 0])) as Record<RedactionKind, number>, rejectedKept: 0, timestamps: 0 };
  const batches = options.responseIds ? chunk(options.responseIds, PAGE) : null;
  let after: string | null = null;
  let done = false;
  // A retention batch's ids a page at a time, or every response of the survey in id order.
  const nextPage = async (): Promise<StoredResponseForAnonymising[] | null> => {
    if (batches) return batches.length > 0 ? pageResponsesForAnonymising(trx, surveyId, null, PAGE, batches.shift()!) : null;
    if (done) return null;
    const page = await pageResponsesForAnonymising(trx, surveyId, after, PAGE);
    done = page.length < PAGE;
    after = page[page.length - 1]?.id ?? after;
    return page;
  };
  for (let page = await nextPage(); page !== null; page = await nextPage()) {
    const answers = await textAnswersOf(trx, page.map((r) => r.id), keys);
    const answersOf = new Map<string, { question: string; value: string }[]>();
    for (const a of answers) {
      const list = answersOf.get(a.response_id);
      if (list) list.push(a);
      else answersOf.set(a.response_id, [a]);
    }
    for (const response of page) {
      counts.responses++;
      const lang: RedactionLanguage = response.locale.startsWith('sv') ? 'sv' : 'fi';
      const data = JSON.parse(response.data) as Record<string, unknown>;
      let changed = false;
      const redacted = new Map<string, string>();
      const redact = (field: string, text: string) => {
        const known = redacted.get(`${field}\u0000${text}`);
        if (known !== undefined) return known;
        const { applied, rejected } = appliedSpans(text, response.id, field, lang, decisions);
        for (const span of applied) counts.redactions[span.kind]++;
        counts.rejectedKept += rejected.length;
        const out = applySpans(text, applied, lang);
        redacted.set(`${field}\u0000${text}`, out);
        return out;
      };
      for (const key of keys) {
        const place = textPlace(data, key);
        if (!place) continue;
        const value = place.holder[place.name] as string;
        const out = redact(key, value);
        if (out !== value) {
          place.holder[place.name] = out;
          counts.texts++;
          changed = true;
        }
      }
      for (const a of answersOf.get(response.id) ?? []) {
        const out = redact(a.question, a.value);
        if (out !== a.value) await updateAnswerText(trx, response.id, a.question, a.value, out);
      }
      const time = coarsenStoredTime(response.submitted_at, options.timestamps);
      if (time !== response.submitted_at) {
        counts.timestamps++;
        changed = true;
      }
      if (changed) {
        counts.responsesChanged++;
        await updateResponseForAnonymising(trx, response.id, { data: JSON.stringify(data), submitted_at: time });
      }
    }
  }
  if (counts.responsesChanged > 0) await bumpDeletionGeneration(trx, surveyId, at);
  return counts;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Where a text variable's answer sits in a response's data: a top-level key (`avoin`, `alueet-Comment`),
 * or one level down for an item of a multiple-text question or a matrix row (`yhteyshenkilo.nimi`).
 */
function textPlace(data: Record<string, unknown>, key: string): { holder: Record<string, unknown>; name: string } | null {
  const isText = (v: unknown) => typeof v === 'string' && v !== '';
  if (isText(data[key])) return { holder: data, name: key };
  const dot = key.indexOf('.');
  if (dot < 0) return null;
  const parent = data[key.slice(0, dot)];
  const name = key.slice(dot + 1);
  return isPlainObject(parent) && isText(parent[name]) ? { holder: parent, name } : null;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Anonymises a survey's stored responses in place, all or nothing (one transaction), with one audit
 * entry of the counts. For the retention sweep, and for an admin who releases a survey for research.
 * The caller reloads its results index (`app.results.indexes.invalidate`) if it holds one; other
 * instances see the survey's change mark and reload on their own.
 */
export async function anonymiseSurveyInPlace(
  db: Kysely<Database>,
  surveyId: string,
  options: InPlaceOptions,
  actor: { id: string; email: string } | null,
  now: Date,
): Promise<InPlaceCounts> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const counts = await anonymiseResponses(trx, surveyId, options, at);
    await recordAudit(trx, { at, actor, action: 'privacy.anonymise', target: surveyId, details: { ...counts, timestamps: options.timestamps, timestampsCoarsened: counts.timestamps, scope: options.responseIds ? 'batch' : 'survey' } });
    return counts;
  });
}

/**
 * The retention sweep's anonymiser (server/ops/retention.ts `Anonymiser`): the batch's responses
 * anonymised in the sweep's transaction, audited with counts; returns how many responses it read.
 */
export function retentionAnonymiser(timestamps: TimeCoarsening = 'week') {
  return async (trx: Kysely<Database>, surveyId: string, ids: readonly string[], at: string): Promise<number> => {
    const counts = await anonymiseResponses(trx, surveyId, { timestamps, responseIds: ids }, at);
    await recordAudit(trx, { at, actor: null, action: 'privacy.anonymise', target: surveyId, details: { ...counts, timestamps, timestampsCoarsened: counts.timestamps, scope: 'retention' } });
    return counts.responses;
  };
}

/** Every anonymised export is in the audit log with its report's counts (never content). */
export async function auditAnonymisedExport(
  db: Kysely<Database>,
  data: DataExport,
  report: AnonymisationReport,
  format: 'csv' | 'xlsx',
  user: { id: string; email: string; role: string } | null,
  now: Date,
  via: 'api' | 'cli' = 'api',
): Promise<void> {
  await recordAudit(db, {
    at: now.toISOString(),
    actor: user === null ? null : { id: user.id, email: user.email },
    action: 'export.create',
    target: data.survey.id,
    details: {
      kind: 'anonymised',
      format,
      survey: data.survey.id,
      rows: report.rows,
      role: user?.role ?? null,
      via,
      timestamps: report.timestamps,
      redactions: Object.fromEntries(Object.entries(report.redactions).map(([kind, c]) => [kind, c.applied])),
      municipalitiesRecoded: report.municipalitiesRecoded.municipalities,
      k: report.kAnonymity.k,
      kAchieved: report.kAnonymity.kAchieved,
      quasiIdentifiers: report.kAnonymity.quasiIdentifiers,
      suppressedRows: report.kAnonymity.suppressedRows,
    },
  });
}
