// What a deck or report holds: the chosen questions' views for one query and user, and for open
// questions a few answers from each group that is not hidden (ResultsService.open never gives any
// from a suppressed group, nor from a suppressed municipality inside an area or the county).
import { describeMeta, loadView, type ExportView, type ViewRequest } from './view.ts';
import { pickQuotes } from '../../results/quotes.ts';
import { isDerivedKey } from '../../results/service.ts';
import { localize, type Language } from './texts.ts';
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';

export interface ExportItem {
  view: ExportView;
  quotes: { group: string; answers: string[] }[];
  /** A coded question's top themes (most common first) with a few short quotes each; empty for other questions. */
  themes: { code: string; label: string; percent: number | null; quotes: string[] }[];
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
}

/** Answers read per quote chosen: the pool the distinct, spread-out quotes come from. */
const QUOTE_POOL = 8;

export async function loadDocument(request: ViewRequest, questions: readonly string[], options: { quotesPerGroup: number; generatedAt: Date }): Promise<ExportDocument> {
  const items: ExportItem[] = [];
  for (const key of questions) {
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
    items.push({ view, quotes, themes });
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
  };
}
