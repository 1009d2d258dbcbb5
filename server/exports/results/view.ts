// One question's results as every results export draws them: the figures exactly as
// ResultsService gives them for this user and query (suppression, weighting and the viewer's
// scope already applied), plus the words around them. No export computes a figure of its own.
import type { User } from '../../auth/users.ts';
import { ApiError } from '../../errors.ts';
import type { ResultsQuery } from '../../results/query.ts';
import type { ResultsMeta, ResultsService } from '../../results/service.ts';
import type { Variable } from '../../results/variables.ts';
import type { SurveyCatalog } from '../../surveys/catalog.ts';
import { formatters, localize, TEXTS, type Language } from './texts.ts';

type QuestionResult = Awaited<ReturnType<ResultsService['question']>>;
type GroupFigures = QuestionResult['groups'][number];
type Reason = GroupFigures['suppression'];

export interface ExportBar {
  value: string;
  label: string;
  /** null when hidden, and then also percent and ci. */
  count: number | null;
  /** The percent the chart shows: weighted when the view is weighted (as on screen). */
  percent: number | null;
  ci: { lower: number; upper: number } | null;
  /** The unweighted percent and interval, for tables beside weighted charts. */
  unweighted: { percent: number; ci: { lower: number; upper: number } | null } | null;
  suppressed: boolean;
  reason: string | null;
}

export interface ExportGroup {
  key: string;
  level: 'county' | 'area' | 'municipality';
  label: string;
  n: number | null;
  weightedN: number | null;
  suppressed: boolean;
  reason: string | null;
  bars: ExportBar[];
  /** Number questions: their summary (hidden figures are null); ratings: mean, median, top two. */
  numbers: GroupFigures['numbers'] | null;
  rating: GroupFigures['rating'] | null;
}

export interface ExportView {
  surveyId: string;
  surveyTitle: string;
  question: { key: string; kind: Variable['kind']; title: string; subtitle: string | null };
  meta: ResultsMeta;
  groups: ExportGroup[];
  weighted: boolean;
  language: Language;
  /** One line each: filters, weighting, data date; the subtitle of a slide, the caption of a picture. */
  details: string[];
  /** Why each hidden group or cell is hidden, one line per group; empty when nothing is hidden. */
  suppressionNotes: string[];
}

/** Questions whose results are bars (the others have no chart: numbers are a table, texts are quotes). */
export const CHARTED_KINDS: readonly Variable['kind'][] = ['single', 'rating', 'multi', 'ranking'];

export function reasonText(reason: Reason, meta: ResultsMeta, language: Language): string {
  const t = TEXTS[language];
  if (reason === 'small_group') return t.reason.small_group(meta.suppression.minGroupSize);
  if (reason === 'small_cell') return t.reason.small_cell(meta.suppression.minCellSize);
  return t.reason.complementary();
}

/** Filters, channels, dates, weighting and the data's date as short lines of text. */
export function describeMeta(meta: ResultsMeta, language: Language): string[] {
  const t = TEXTS[language];
  const f = formatters(language);
  const lines: string[] = [];
  lines.push(`${t.filters}: ${meta.filters.length ? meta.filters.map((x) => `${x.key} = ${x.values.join(' / ')}`).join('; ') : t.none}`);
  if (meta.channels) lines.push(`${t.channels}: ${meta.channels.join(', ')}`);
  if (meta.from || meta.to) lines.push(`${t.dates}: ${meta.from ? f.date(meta.from) : '…'}–${meta.to ? f.date(new Date(Date.parse(meta.to) - 1).toISOString()) : '…'}`);
  lines.push(`${t.weighting}: ${meta.weighting ? t.weightingText(meta.weighting.margins.join(', '), meta.weighting.designEffect, meta.weighting.effectiveSampleSize) : t.unweighted}`);
  if (meta.dataAsOf) lines.push(`${t.dataAsOf}: ${f.date(meta.dataAsOf)} (${f.number(meta.responses)} ${language === 'en' ? 'responses' : language === 'sv' ? 'svar' : 'vastausta'})`);
  if (meta.synthetic > 0) lines.push(t.synthetic(f.number(meta.synthetic)));
  return lines;
}

function barsOf(group: GroupFigures, kind: Variable['kind'], weighted: boolean, meta: ResultsMeta, language: Language): ExportBar[] {
  if (kind === 'ranking') {
    return (group.ranking ?? []).map((r) => ({
      value: r.value,
      label: localize(r.label, language),
      count: null,
      percent: r.firstPercent,
      ci: null,
      unweighted: r.firstPercent === null ? null : { percent: r.firstPercent, ci: null },
      suppressed: r.firstPercent === null,
      reason: r.firstPercent === null ? reasonText('small_cell', meta, language) : null,
    }));
  }
  const bars = (group.categories ?? []).map((c): ExportBar => {
    const shown = weighted && c.weighted ? c.weighted : c.percent === null ? null : { percent: c.percent, ci: c.ci };
    return {
      value: c.value,
      label: localize(c.label, language),
      count: c.count,
      percent: c.suppressed ? null : (shown?.percent ?? null),
      ci: c.suppressed ? null : (shown?.ci ?? null),
      unweighted: c.suppressed || c.percent === null ? null : { percent: c.percent, ci: c.ci },
      suppressed: c.suppressed,
      reason: c.suppressed ? reasonText(c.suppression, meta, language) : null,
    };
  });
  return bars;
}

/**
 * The view of one question. Multiple-choice options are ordered by the first shown group's
 * percentages, largest first, as the workspace and the seed's chart order them; one order for all
 * groups so that a clustered chart's bars line up.
 */
export function toExportView(result: QuestionResult, catalog: SurveyCatalog, language: Language): ExportView {
  const t = TEXTS[language];
  const f = formatters(language);
  const survey = catalog.get(result.meta.survey);
  const weighted = result.meta.weighting !== null;
  const groups: ExportGroup[] = result.groups.map((g) => ({
    key: g.key,
    level: g.level,
    label: localize(g.label, language),
    n: g.n,
    weightedN: g.weightedN ?? null,
    suppressed: g.suppressed,
    reason: g.suppressed ? reasonText(g.suppression ?? 'small_group', result.meta, language) : null,
    bars: g.suppressed ? [] : barsOf(g, result.question.kind, weighted, result.meta, language),
    numbers: g.suppressed ? null : (g.numbers ?? null),
    rating: g.suppressed ? null : (g.rating ?? null),
  }));
  if (result.question.kind === 'multi') {
    const first = groups.find((g) => !g.suppressed && g.bars.length > 0);
    if (first) {
      const rank = new Map(first.bars.map((b) => [b.value, b.percent ?? -1]));
      const order = [...first.bars].sort((a, b) => rank.get(b.value)! - rank.get(a.value)!).map((b) => b.value);
      for (const g of groups) g.bars.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
    }
  }
  const suppressionNotes: string[] = [];
  for (const g of groups) {
    if (g.suppressed) suppressionNotes.push(`${g.label}: ${t.suppressed} (${g.reason})`);
    else {
      const hidden = g.bars.filter((b) => b.suppressed);
      if (hidden.length > 0) suppressionNotes.push(`${g.label}: ${hidden.map((b) => `${b.label} ${t.suppressed} (${b.reason})`).join('; ')}`);
    }
  }
  const nLine = groups
    .filter((g) => !g.suppressed && g.n !== null)
    .map((g) => `${g.label} n = ${f.number(g.n!)}${weighted && g.weightedN ? ` (${t.weightedN} ${f.number(g.weightedN)})` : ''}`)
    .join(', ');
  return {
    surveyId: result.meta.survey,
    surveyTitle: survey ? localize(survey.meta.title, language) : result.meta.survey,
    question: { key: result.question.key, kind: result.question.kind, title: localize(result.question.title, language) || result.question.key, subtitle: result.question.subtitle ? localize(result.question.subtitle, language) : null },
    meta: result.meta,
    groups,
    weighted,
    language,
    details: [...(nLine ? [nLine] : []), ...describeMeta(result.meta, language)],
    suppressionNotes,
  };
}

/** The query's questions, checked: known, at most `max`, no repeats. */
export function parseQuestions(value: string | undefined, known: readonly { key: string }[], max: number): string[] {
  const keys = (value ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) throw new ApiError(400, 'no_questions', 'name the questions: questions=key1,key2');
  const unique = [...new Set(keys)];
  if (unique.length > max) throw new ApiError(400, 'too_many_questions', `at most ${max} questions in one file (asked for ${unique.length})`);
  const unknown = unique.filter((k) => !known.some((q) => q.key === k));
  if (unknown.length > 0) throw new ApiError(404, 'question_not_found', `no question ${unknown.map((k) => `'${k}'`).join(', ')}`);
  return unique;
}

export interface ViewRequest {
  results: ResultsService;
  catalog: SurveyCatalog;
  surveyId: string;
  query: ResultsQuery;
  user: User;
  language: Language;
}

export async function loadView(request: ViewRequest, question: string): Promise<ExportView> {
  const result = await request.results.question(request.surveyId, question, request.query, request.user);
  return toExportView(result, request.catalog, request.language);
}
