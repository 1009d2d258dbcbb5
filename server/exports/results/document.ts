// What a deck or report holds: the chosen questions' views for one query and user, and for open
// questions a few answers from each group that is not hidden (ResultsService.open never gives any
// from a suppressed group, nor from a suppressed municipality inside an area or the county).
import { describeMeta, loadView, type ExportView, type ViewRequest } from './view.ts';
import { pickQuotes } from '../../results/quotes.ts';
import { yieldToLoop } from '../../results/response-index.ts';
import { isDerivedKey } from '../../results/service.ts';
import { localize, TEXTS, type Language } from './texts.ts';
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';
import { ApiError } from '../../errors.ts';
import type { User } from '../../auth/users.ts';
import type { TrendQuery, TrendResult } from '../../results/trend-schemas.ts';

/** Where a deck's or report's trends come from: TrendService (server/results/trend.ts). */
export interface TrendSource {
  trend(surveyId: string, query: TrendQuery, user: User): Promise<TrendResult>;
}

/**
 * A deck's or report's request: the view, and the trends of a survey that is a wave of a series
 * (the routes give TrendService; without it a file has no trend slides or sections).
 */
export interface DocumentRequest extends ViewRequest {
  trends?: TrendSource;
}

export interface ExportItem {
  view: ExportView;
  quotes: { group: string; answers: string[] }[];
  /** A coded question's top themes (most common first) with a few short quotes each; empty for other questions. */
  themes: { code: string; label: string; percent: number | null; quotes: string[] }[];
  /**
   * The question over the waves of the survey's series up to this wave, for the same places and
   * weights and the same user (so a place hidden in any wave is hidden here too), or null when the
   * survey is in no series, the question has no comparable earlier wave, or it has no trend.
   */
  trend: TrendResult | null;
}

/** Themes on a themes slide, and quotes under each: a slide stays readable. */
const TOP_THEMES = 5;
const QUOTES_PER_THEME = 3;

export interface ExportDocument {
  surveyId: string;
  surveyTitle: string;
  /** The groups it is about, as a short line ("Oulu", "Koko hyvinvointialue, Oulu, Kuusamo"). */
  scope: string;
  details: string[];
  suppression: { minGroupSize: number; minCellSize: number };
  weighting: ExportView['meta']['weighting'];
  generatedAt: Date;
  language: Language;
  items: ExportItem[];
  /** Why a wave of a series has no trends in this file (a filtered view), or null. */
  trendNote: string | null;
}

/** Answers read per quote chosen: the pool the distinct, spread-out quotes come from. */
const QUOTE_POOL = 8;

export async function loadDocument(request: DocumentRequest, questions: readonly string[], options: { quotesPerGroup: number; generatedAt: Date }): Promise<ExportDocument> {
  const items: ExportItem[] = [];
  const inSeries = request.trends !== undefined && request.catalog.get(request.surveyId)?.meta.series !== undefined;
  // A trend compares whole waves: the trend API takes no filters, channels or dates (400), so a
  // filtered file of a wave has no trends, and says why on its title page.
  const q = request.query;
  const filtered = [q.filter ?? []].flat().length > 0 || q.channel !== undefined || q.from !== undefined || q.to !== undefined;
  const trendable = inSeries && !filtered;
  for (const key of questions) {
    // A turn of the loop between questions: each view's counts pass over every response (tens of
    // milliseconds at a million), and forty of them in one turn would hold every other request.
    if (items.length > 0) await yieldToLoop();
    const view = await loadView(request, key);
    const quotes: ExportItem['quotes'] = [];
    if (RESULT_KIND_FACETS[view.question.kind].fileFigures === 'quotes') {
      // Quotes worth a slide: distinct (the same words once, whichever group said them), from
      // groups that are shown, and spread over the answers rather than only the latest few.
      const said = new Set<string>();
      for (const group of view.groups) {
        if (group.suppressed) continue;
        const open = await request.results.open(request.surveyId, key, { ...request.query, groupBy: undefined, compare: undefined, group: group.key, limit: options.quotesPerGroup * QUOTE_POOL }, request.user);
        if (open.suppressed) continue;
        const answers = pickQuotes(open.answers, options.quotesPerGroup, said);
        if (answers.length > 0) quotes.push({ group: group.label, answers });
      }
    }
    const themes: ExportItem['themes'] = [];
    const first = view.groups.find((g) => !g.suppressed);
    if (isDerivedKey(key) && first) {
      // The most common themes of the first group shown (the county, or the viewer's own place), each
      // with short distinct quotes from that group, never from a hidden one, with names and numbers out:
      // a slide is shown to an audience.
      const top = first.bars.filter((b) => !b.suppressed && (b.count ?? 0) > 0).sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0)).slice(0, TOP_THEMES);
      if (top.length > 0) {
        const quoted = await request.results.quotes(
          request.surveyId,
          key,
          { ...request.query, groupBy: undefined, compare: undefined, group: first.key, codes: top.map((b) => b.value).join(','), per: QUOTES_PER_THEME, redact: true, lang: request.language === 'sv' ? 'sv' : 'fi' },
          request.user,
        );
        const byCode = new Map(quoted.codes.map((c) => [c.code, c.quotes]));
        for (const bar of top) themes.push({ code: bar.value, label: bar.label, percent: bar.percent, quotes: byCode.get(bar.value) ?? [] });
      }
    }
    items.push({ view, quotes, themes, trend: trendable ? await loadTrend(request, key) : null });
  }
  const first = items[0]!.view;
  const labels = first.groups.map((g) => g.label);
  const scope = labels.length <= 4 ? labels.join(', ') : `${labels.slice(0, 2).join(', ')} … (${labels.length})`;
  const survey = request.catalog.get(request.surveyId);
  return {
    surveyId: request.surveyId,
    surveyTitle: survey ? localize(survey.meta.title, request.language) : request.surveyId,
    scope,
    details: describeMeta(first.meta, request.language),
    suppression: first.meta.suppression,
    weighting: first.meta.weighting,
    generatedAt: options.generatedAt,
    language: request.language,
    items,
    trendNote: inSeries && filtered ? TEXTS[request.language].trend.filtersNote : null,
  };
}

/**
 * One question's trend from the trend API, for the file's places, weights and user. A question
 * with no trend (an open or coded question, a place question, a number with weights, one the
 * earlier waves did not ask comparably) gets none, with no error: the trend API refuses it with a
 * 4xx and the file goes on without it. Anything else (a 503 while an index loads) is the file's.
 */
async function loadTrend(request: DocumentRequest, key: string): Promise<TrendResult | null> {
  const q = request.query;
  try {
    const trend = await request.trends!.trend(request.surveyId, { question: key, groupBy: q.groupBy, compare: q.compare, weights: q.weights, se: q.se }, request.user);
    return trend.comparable ? trend : null;
  } catch (error) {
    if (error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500) return null;
    throw error;
  }
}
