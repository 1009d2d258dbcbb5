// One question's results as every results export draws them: the figures exactly as
// ResultsService gives them for this user and query (suppression, weighting and the viewer's
// scope already applied), plus the words around them. No export computes a figure of its own.
import type { User } from '../../auth/users.ts';
import { ApiError } from '../../errors.ts';
import type { ResultsQuery } from '../../results/query.ts';
import type { ResultsMeta, ResultsService } from '../../results/service.ts';
import type { Variable } from '../../results/variables.ts';
import type { SurveyCatalog } from '../../surveys/catalog.ts';
import { chartModel, isCharted, type ChartBar, type ChartModel } from '../../../chart/model.ts';
import { formatters, localize, TEXTS, type Language } from './texts.ts';
import { RESULT_KIND_FACETS, type ResultKind } from '../../questions/result-kinds.ts';

type QuestionResult = Awaited<ReturnType<ResultsService['question']>>;
type GroupFigures = QuestionResult['groups'][number];
type Reason = GroupFigures['suppression'];
type Category = NonNullable<GroupFigures['categories']>[number];

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
  /** What its bar chart shows (every file's chart reads it), or null for a question without one. */
  chart: ChartModel | null;
}

export function reasonText(reason: Reason, meta: ResultsMeta, language: Language): string {
  const t = TEXTS[language];
  if (reason === 'small_group') return t.reason.small_group(meta.suppression.minGroupSize);
  if (reason === 'small_cell') return t.reason.small_cell(meta.suppression.minCellSize);
  return t.reason.complementary();
}

/** Filters, channels, dates, weighting (and its intervals) and the data's date as short lines of text. */
export function describeMeta(meta: ResultsMeta, language: Language): string[] {
  const t = TEXTS[language];
  const f = formatters(language);
  const lines: string[] = [];
  lines.push(`${t.filters}: ${meta.filters.length ? meta.filters.map((x) => `${x.key} = ${x.values.join(' / ')}`).join('; ') : t.none}`);
  if (meta.channels) lines.push(`${t.channels}: ${meta.channels.join(', ')}`);
  if (meta.from || meta.to) lines.push(`${t.dates}: ${meta.from ? f.date(meta.from) : '…'}–${meta.to ? f.date(new Date(Date.parse(meta.to) - 1).toISOString()) : '…'}`);
  lines.push(`${t.weighting}: ${meta.weighting ? t.weightingText(meta.weighting.margins.join(', '), meta.weighting.designEffect, meta.weighting.effectiveSampleSize) : t.unweighted}`);
  // Which intervals a weighted file shows (se=calibrated, the default, or se=fixed), as the workspace says.
  if (meta.weighting) lines.push(`${t.intervals}: ${t.intervalKinds[meta.weighting.intervals]}`);
  if (meta.dataAsOf) lines.push(`${t.dataAsOf}: ${f.date(meta.dataAsOf)} (${f.number(meta.responses)} ${language === 'en' ? 'responses' : language === 'sv' ? 'svar' : 'vastausta'})`);
  if (meta.synthetic > 0) lines.push(t.synthetic(f.number(meta.synthetic)));
  return lines;
}

/** A chart bar as a table row wants it too: the reason in words, the unweighted figures beside weighted ones. */
function exportBar(bar: ChartBar, category: Category | undefined, meta: ResultsMeta, language: Language): ExportBar {
  const unweighted = category && !category.suppressed && category.percent !== null ? { percent: category.percent, ci: category.ci } : null;
  return {
    value: bar.value,
    label: bar.label,
    count: bar.count,
    percent: bar.percent,
    ci: bar.interval,
    // A ranking's first place is its own figure, unweighted, without an interval.
    unweighted: category ? unweighted : bar.percent === null ? null : { percent: bar.percent, ci: null },
    suppressed: bar.hidden !== null,
    reason: bar.hidden === null ? null : reasonText(bar.hidden, meta, language),
  };
}

/**
 * The view of one question. Its bars (order, labels, figures, hidden cells) are the chart model's
 * (chart/model.ts), the same the workspace draws, so every file lists the answers in the order its
 * chart shows them.
 */
export function toExportView(result: QuestionResult, catalog: SurveyCatalog, language: Language): ExportView {
  const t = TEXTS[language];
  const f = formatters(language);
  const survey = catalog.get(result.meta.survey);
  const weighted = result.meta.weighting !== null;
  const chart = isCharted(result.question.kind) ? chartModel(result, (text) => localize(text, language)) : null;
  const groups: ExportGroup[] = result.groups.map((g, i) => ({
    key: g.key,
    level: g.level,
    label: localize(g.label, language),
    n: g.n,
    weightedN: g.weightedN ?? null,
    suppressed: g.suppressed,
    reason: g.suppressed ? reasonText(g.suppression ?? 'small_group', result.meta, language) : null,
    bars: g.suppressed || !chart ? [] : chart.series[i]!.bars.map((b) => exportBar(b, g.categories?.find((c) => c.value === b.value), result.meta, language)),
    numbers: g.suppressed ? null : (g.numbers ?? null),
    rating: g.suppressed ? null : (g.rating ?? null),
  }));
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
    chart,
  };
}

/** The query's questions, checked: known, at most `max`, no repeats. */
export function parseQuestions(value: string | undefined, known: readonly { key: string; kind?: ResultKind }[], max: number): string[] {
  const keys = (value ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) throw new ApiError(400, 'no_questions', 'name the questions: questions=key1,key2');
  const unique = [...new Set(keys)];
  if (unique.length > max) throw new ApiError(400, 'too_many_questions', `at most ${max} questions in one file (asked for ${unique.length})`);
  const unknown = unique.filter((k) => !known.some((q) => q.key === k));
  if (unknown.length > 0) throw new ApiError(404, 'question_not_found', `no question ${unknown.map((k) => `'${k}'`).join(', ')}`);
  // Repeated answers and files have neither a chart nor a table to put in a file (their kind says so).
  const without = unique.filter((k) => {
    const kind = known.find((q) => q.key === k)?.kind;
    return kind !== undefined && RESULT_KIND_FACETS[kind].notCharted !== null;
  });
  if (without.length > 0) throw new ApiError(400, 'not_tabulable', `${without.map((k) => `'${k}'`).join(', ')} ${without.length > 1 ? 'have' : 'has'} no chart or table (answers repeated per row or panel, or files): export the responses instead`);
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
