import { Kysely } from 'kysely';
import { countExportResponses, maxEntries, pageExportResponses, responseData, type ExportHead, type ExportSelection } from '../../../db/exports.ts';
import { answersOf, type AnswerCell } from '../../../db/results.ts';
import type { Database } from '../../../db/schema.ts';
import { listVersionDefinitions } from '../../../db/surveys.ts';
import { ApiError } from '../../errors.ts';
import type { Geography } from '../../geography.ts';
import { isClosedKind, RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';
import { decide } from '../../results/disclosure.ts';
import { mergeVariables } from '../../results/indexes.ts';
import { yieldToLoop } from '../../results/response-index.ts';
import { parseSelection } from '../../results/query.ts';
import type { SurveyCatalog } from '../../surveys/catalog.ts';
import type { SurveyMeta } from '../../surveys/envelope.ts';
import type { Variable } from '../../results/variables.ts';
import { CHANNEL_LABELS, exportColumns, type ExportColumn } from './columns.ts';

/** What a data export is asked for: the results filters, a place restriction, codes or labels. */
export interface DataExportQuery {
  labels?: 'labels' | 'codes';
  filter?: string | string[];
  channel?: string;
  from?: string;
  to?: string;
  /** Municipality codes and area names, comma-separated: only their respondents. */
  group?: string;
}

export type Cell = string | number | null;

export interface DataExport {
  readonly survey: SurveyMeta;
  readonly version: number;
  readonly mode: 'labels' | 'codes';
  readonly columns: readonly ExportColumn[];
  /** Responses the export holds (counted when it was prepared; later arrivals are left out). */
  readonly rows: number;
  /** Responses were stored up to this time; the export holds exactly those. */
  readonly asOf: string;
  readonly query: { filters: { key: string; values: string[] }[]; channels: string[] | null; from: string | null; to: string | null; group: string[] | null };
  /** Municipalities (codes) and areas left blank because their groups are suppressed in the results. */
  readonly hidden: { readonly municipalities: readonly string[]; readonly areas: readonly string[] };
  /** Every row, in response id order, read a page at a time. */
  records(): AsyncGenerator<Cell[]>;
}

// Responses per page: the first page's size, and the bounds the page is resized within.
const PAGE_FIRST = 200;
const PAGE_MIN = 20;
const PAGE_MAX = 2000;
const SLICE_MS = 10;
const isNumeric = (value: string) => value.trim() !== '' && Number.isFinite(Number(value));

// The variables of the last few sets of survey versions, by the versions' exact text. Listing them
// builds a survey-core model per version (tens of milliseconds on the loop for the resident survey,
// more on a busy machine), the same for every export until a new version is published.
const VARIABLES_KEPT = 8;
const variablesCache = new Map<string, ReadonlyMap<string, Variable>>();

/** The merged variables of the definitions (newest first), made once per distinct set of texts. */
function variablesOf(definitionsNewestFirst: readonly string[]): ReadonlyMap<string, Variable> {
  const key = definitionsNewestFirst.join('\u0000');
  let variables = variablesCache.get(key);
  if (variables) {
    // Most recently used last, so the oldest is the one dropped.
    variablesCache.delete(key);
  } else {
    variables = mergeVariables(definitionsNewestFirst.map((d) => JSON.parse(d) as object));
    if (variablesCache.size >= VARIABLES_KEPT) variablesCache.delete(variablesCache.keys().next().value!);
  }
  variablesCache.set(key, variables);
  return variables;
}

/** A coded open question's themes (the results' derived variable) and each response's codes. */
export interface CodedThemes {
  readonly variable: Variable;
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/**
 * The coded themes as a multiple choice of the export: its options numbered 1, 2, … in the
 * codebook's order (a code's id is a long random one; its name is the column's label), so each
 * theme is a 0/1 column `<question>:codes.<n>`, empty for an answer nobody has coded (or whose
 * coders disagree without a consensus).
 */
function codedForExport(coded: readonly CodedThemes[]): { variables: Variable[]; cells: Map<string, Map<string, AnswerCell[]>> } {
  const cells = new Map<string, Map<string, AnswerCell[]>>();
  const variables = coded.map(({ variable, values }) => {
    const number = new Map(variable.categories.map((c, i) => [c.value, String(i + 1)]));
    for (const [responseId, codes] of values) {
      let answers = cells.get(responseId);
      if (!answers) cells.set(responseId, (answers = new Map()));
      answers.set(variable.key, codes.filter((c) => number.has(c)).map((c) => ({ response_id: responseId, question: variable.key, value: number.get(c)!, num: null })));
    }
    return { ...variable, categories: variable.categories.map((c) => ({ ...c, value: number.get(c.value)! })) };
  });
  return { variables, cells };
}

/**
 * Prepares a data export: checks the query, decides which municipalities and areas must be left
 * blank, and returns the columns and a row generator that streams from the database.
 *
 * Municipalities are blanked as the results suppress groups (same thresholds, filters applied
 * first, complementary suppression included), so the blank rows of an area are never one small
 * municipality's respondents alone. The municipality question's own answer is blanked with it.
 */
export async function prepareDataExport(
  /** The database; with `scans` (db/connect.ts's Db), the two passes over the survey's responses run there. */
  reads: Kysely<Database> | { readonly kysely: Kysely<Database>; readonly scans: Kysely<Database> },
  catalog: SurveyCatalog,
  geography: Geography,
  surveyId: string,
  query: DataExportQuery,
  now: Date,
  /** Coded open questions' themes, written after the survey's own columns. */
  coded: readonly CodedThemes[] = [],
): Promise<DataExport> {
  const { kysely: db, scans } = reads instanceof Kysely ? { kysely: reads, scans: reads } : reads;
  const survey = catalog.get(surveyId);
  if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
  const meta = survey.meta;
  const versions = await listVersionDefinitions(db, surveyId);
  const variables = variablesOf(versions.reverse().map((v) => v.definition));

  const parsed = parseSelection(query);
  for (const f of parsed.filters) {
    const v = variables.get(f.key);
    if (!v || !isClosedKind(v.kind)) {
      throw new ApiError(400, 'invalid_filter', `filter '${f.key}' is not a closed question of survey '${surveyId}'`);
    }
    // A filter on the municipality would pick out a small municipality's rows without naming it
    // in the municipality column; `group` does the same and is checked against suppression.
    if (f.key === meta.municipalityQuestion) throw new ApiError(400, 'invalid_filter', `filter '${f.key}' is the municipality question: use group=<municipality code or area> instead`);
  }
  const asOf = now.toISOString();
  const base: ExportSelection = {
    surveyId,
    filters: parsed.filters,
    channels: parsed.channels,
    from: parsed.from === null ? null : new Date(parsed.from).toISOString(),
    to: parsed.to === null ? null : new Date(parsed.to).toISOString(),
    municipalities: null,
    // stored_at is the real clock's (server/responses/submit.ts), so the cut-off is too.
    storedUpTo: new Date().toISOString(),
  };

  const counts = await countExportResponses(scans, base);
  const byCode = new Map(counts.map((c) => [c.municipality_code, c.responses]));
  const total = counts.reduce((s, c) => s + c.responses, 0);
  // Which places are hidden is the survey's disclosure policy, decided from its own counts (no
  // filter) as the results decide it, so the export hides the same municipalities whatever the filter.
  const surveyCounts = await countExportResponses(scans, { ...base, filters: [], channels: null, from: null, to: null });
  const perSlot = new Float64Array(geography.municipalities.length + 1);
  const slotOf = new Map(geography.municipalities.map((m, i) => [m.code, i + 1]));
  for (const c of surveyCounts) perSlot[(c.municipality_code !== null && slotOf.get(c.municipality_code)) || 0]! += c.responses;
  const disclosure = decide(geography, perSlot, meta.suppression.minGroupSize);
  const hiddenMunicipalities = new Set(geography.municipalities.filter((m) => disclosure.hiddenGroups.has(m.code)).map((m) => m.code));
  const hiddenAreas = new Set(geography.areas.filter((a) => disclosure.hiddenGroups.has(a)));

  let group: string[] | null = null;
  let selection: ExportSelection = base;
  if (query.group !== undefined) {
    group = query.group.split(',').map((k) => k.trim()).filter((k) => k !== '');
    const unknown = group.filter((k) => !geography.byCode.has(k) && !geography.areas.includes(k));
    if (unknown.length > 0 || group.length === 0) throw new ApiError(400, 'invalid_group', `group: unknown municipality or area ${unknown.join(', ') || "''"}`);
    const hidden = group.filter((k) => hiddenMunicipalities.has(k) || hiddenAreas.has(k));
    if (hidden.length > 0) {
      throw new ApiError(409, 'group_suppressed', `group: ${hidden.join(', ')} is hidden by the survey's disclosure policy (a municipality under ${meta.suppression.minGroupSize} respondents, or one its neighbours' protection needs), so its responses are not exported on their own`);
    }
    const codes = new Set(geography.municipalities.filter((m) => group!.includes(m.code) || group!.includes(m.area)).map((m) => m.code));
    selection = { ...base, municipalities: [...codes] };
  }
  const rows = selection.municipalities ? selection.municipalities.reduce((s, code) => s + (byCode.get(code) ?? 0), 0) : total;

  const mode = query.labels ?? 'labels';
  const repeated = [...variables.values()].filter((v) => RESULT_KIND_FACETS[v.kind].exportLayout === 'per-entry').map((v) => v.key);
  const themes = codedForExport(coded);
  const columns = exportColumns([...variables.values(), ...themes.variables], await maxEntries(scans, selection, repeated));
  // Per-entry columns read the responses' own data (only surveys with such a question pay for it).
  const needsData = columns.some((c) => c.layout === 'per-entry');
  const cellOf = cellReaders(columns, mode, geography, meta.municipalityQuestion, hiddenMunicipalities, hiddenAreas);

  return {
    survey: meta,
    version: survey.version,
    mode,
    columns,
    rows,
    asOf,
    query: { filters: parsed.filters.map((f) => ({ key: f.key, values: [...f.values] })), channels: parsed.channels ? [...parsed.channels] : null, from: base.from, to: base.to, group },
    hidden: { municipalities: [...hiddenMunicipalities], areas: [...hiddenAreas] },
    async *records() {
      let after: string | null = null;
      let page = PAGE_FIRST;
      for (;;) {
        const began = performance.now();
        const heads: ExportHead[] = await pageExportResponses(db, selection, after, page);
        if (heads.length === 0) return;
        const cells = await answersOf(db, heads.map((h) => h.id));
        const data = needsData ? await responseData(db, heads.map((h) => h.id)) : null;
        // On SQLite both reads run on the loop's own thread: the page is resized to take about
        // SLICE_MS (as the results index build does), so a page never holds submissions back long.
        const took = Math.max(performance.now() - began, 0.1);
        const full = heads.length === page;
        page = Math.min(PAGE_MAX, Math.max(PAGE_MIN, Math.round(page * Math.min(2, Math.max(0.5, SLICE_MS / took)))));
        const byResponse = new Map<string, Map<string, AnswerCell[]>>();
        for (const cell of cells) {
          let answers = byResponse.get(cell.response_id);
          if (!answers) byResponse.set(cell.response_id, (answers = new Map()));
          const list = answers.get(cell.question);
          if (list) list.push(cell);
          else answers.set(cell.question, [cell]);
        }
        for (const head of heads) {
          let answers = byResponse.get(head.id);
          const codes = themes.cells.get(head.id);
          if (codes) {
            if (!answers) byResponse.set(head.id, (answers = new Map()));
            for (const [key, list] of codes) answers.set(key, list);
          }
          yield cellOf(head, answers ?? new Map(), data?.get(head.id) ?? null);
        }
        after = heads[heads.length - 1]!.id;
        if (!full) return;
        // A reader that never waits (a file, a fast socket) would otherwise run page after page
        // without a turn of the loop in between.
        await yieldToLoop();
      }
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** An entry's answer as text: a list of plain values joined by ", ", anything else structured as JSON. */
function entryText(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return value.join(', ');
  return JSON.stringify(value);
}

/**
 * A file's name from its answer row: the name itself, or, in rows stored before only names were
 * kept, the name out of the file's JSON (whose contents are never written out).
 */
function fileName(value: string): string {
  if (!value.startsWith('{')) return value;
  try {
    const file = JSON.parse(value) as unknown;
    return isRecord(file) && typeof file.name === 'string' ? file.name : '';
  } catch {
    return value;
  }
}

/** One function per column that reads its cell from a response and its answers. */
function cellReaders(
  columns: readonly ExportColumn[],
  mode: 'labels' | 'codes',
  geography: Geography,
  municipalityQuestion: string | null,
  hiddenMunicipalities: ReadonlySet<string>,
  hiddenAreas: ReadonlySet<string>,
): (head: ExportHead, answers: ReadonlyMap<string, AnswerCell[]>, data: string | null) => Cell[] {
  type Context = { head: ExportHead; answers: ReadonlyMap<string, AnswerCell[]>; hidden: boolean; data: () => Record<string, unknown> };
  const readers = columns.map((column): ((c: Context) => Cell) => {
    if (column.key === null) {
      switch (column.name) {
        case 'response_id':
          return (c) => c.head.id;
        case 'submitted_at':
          return (c) => c.head.submitted_at;
        case 'channel':
          return mode === 'codes' ? (c) => c.head.channel : (c) => CHANNEL_LABELS[c.head.channel] ?? c.head.channel;
        case 'late':
          return (c) => Number(c.head.late);
        case 'municipality_code':
          return (c) => (c.hidden ? null : c.head.municipality_code);
        case 'municipality_name':
          // A hidden municipality's rows carry its publication unit instead: the block of its area,
          // or the county's when its area is hidden too.
          return (c) => {
            if (c.head.municipality_code === null) return null;
            if (!c.hidden) return geography.byCode.get(c.head.municipality_code)?.nameFi ?? null;
            const area = geography.byCode.get(c.head.municipality_code)?.area ?? null;
            return area === null || hiddenAreas.has(area) ? 'piilotettu (koko hyvinvointialue)' : `piilotettu (${area})`;
          };
        case 'area':
          return (c) => {
            const area = c.head.municipality_code === null ? null : (geography.byCode.get(c.head.municipality_code)?.area ?? null);
            return area === null || hiddenAreas.has(area) ? null : area;
          };
        default:
          return () => null;
      }
    }
    const key = column.key;
    const blankable = column.question !== null && column.question === municipalityQuestion;
    const first = (c: Context) => (blankable && c.hidden ? undefined : c.answers.get(key)?.[0]);
    if (column.layout === 'per-entry') {
      const n = column.entry! - 1;
      const inner = column.option;
      return (c) => {
        const list = c.data()[key];
        const entry = Array.isArray(list) ? list[n] : undefined;
        return entryText(inner === null ? entry : isRecord(entry) ? entry[inner] : undefined);
      };
    }
    if (column.layout === 'file-names') {
      if (column.option === 'count') return (c) => c.answers.get(key)?.length ?? null;
      return (c) => c.answers.get(key)?.map((a) => fileName(a.value)).join('; ') ?? null;
    }
    switch (column.type) {
      case 'category': {
        const labels = new Map(column.values.map((v) => [v.value, v.label]));
        if (mode === 'codes') return (c) => {
          const a = first(c);
          return a === undefined ? null : column.numericCodes && isNumeric(a.value) ? Number(a.value) : a.value;
        };
        return (c) => {
          const a = first(c);
          if (a === undefined) return null;
          const label = labels.get(a.value) ?? a.value;
          // A scale without texts has its numbers as labels: they stay numbers.
          return isNumeric(label) && label === a.value ? Number(label) : label;
        };
      }
      case 'flag':
        return (c) => {
          const list = blankable && c.hidden ? undefined : c.answers.get(key);
          return list === undefined ? null : list.some((a) => a.value === column.option) ? 1 : 0;
        };
      case 'position':
        return (c) => {
          const hit = c.answers.get(key)?.find((a) => a.value === column.option);
          return hit === undefined ? null : (hit.num ?? null);
        };
      case 'number':
        if (column.option === 'total')
          return (c) => {
            const values = (c.answers.get(key) ?? []).map((a) => a.num ?? Number(a.value)).filter((v) => Number.isFinite(v));
            return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0);
          };
        return (c) => {
          const a = first(c);
          if (a === undefined) return null;
          const value = a.num ?? Number(a.value);
          return Number.isFinite(value) ? value : null;
        };
      case 'text':
        return (c) => first(c)?.value ?? null;
    }
  });
  return (head, answers, data) => {
    let parsed: Record<string, unknown> | null = null;
    const context = {
      head,
      answers,
      hidden: head.municipality_code !== null && hiddenMunicipalities.has(head.municipality_code),
      data: () => (parsed ??= data === null ? {} : (JSON.parse(data) as Record<string, unknown>)),
    };
    return readers.map((read) => read(context));
  };
}
