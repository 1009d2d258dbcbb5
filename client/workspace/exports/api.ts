// Addresses of the results exports (server/exports/results/routes.ts) for a view's state: the same
// query as the results routes, so a file is exactly the view on screen.
import { queryString } from '../../common/session.ts';
import { resultsQuery, type ViewState } from '../app/viewState.ts';
// The shapes are the server's own schemas (types only: nothing of the server reaches the bundle).
export type { BatchKind as DocumentKind, BatchLevel, BatchPlan, ExportLanguage } from '../../../server/exports/results/schemas.ts';
import type { BatchKind as DocumentKind, BatchLevel, ExportLanguage } from '../../../server/exports/results/schemas.ts';
import type { CsvDelimiter, DataLabels } from '../../../server/exports/data/schemas.ts';
export type { DataFormat } from '../../../server/exports/data/index.ts';
import type { DataFormat } from '../../../server/exports/data/index.ts';

const base = (survey: string) => `/api/exports/${encodeURIComponent(survey)}`;

/** What the data export panel asks for; the query it becomes is the data routes' (CsvQuery, XlsxQuery). */
export interface DataOptions {
  labels: DataLabels;
  delimiter: CsvDelimiter;
  /** The view's filters other than on the municipality question (the data exports refuse that one). */
  filters: readonly string[];
  /** The municipality question's filter as municipality codes (`group`), or null. */
  group: readonly string[] | null;
}

const view = (state: ViewState, lang: ExportLanguage) => ({ ...resultsQuery(state), lang });
/** The data exports take the view's filters, channels and dates; groups, comparison and weights are the results'. */
const dataQuery = (state: ViewState, options: DataOptions) => {
  const { filter: _f, groupBy: _g, compare: _c, weights: _w, se: _s, ...rest } = resultsQuery(state);
  return { ...rest, filter: options.filters, group: options.group?.length ? options.group.join(',') : null };
};
/** A batch file is one group beside the county: the view's filters, not its grouping. */
const perGroup = (state: ViewState, lang: ExportLanguage) => ({ ...view(state, lang), groupBy: null, compare: null });

export const exportUrls = {
  chart: (survey: string, question: string, format: 'svg' | 'png', state: ViewState, lang: ExportLanguage, layout: 'panels' | 'grouped' = 'panels') =>
    `${base(survey)}/charts/${encodeURIComponent(question)}.${format}${queryString({ ...view(state, lang), layout: layout === 'grouped' ? layout : null })}`,
  table: (survey: string, question: string, state: ViewState, lang: ExportLanguage) => `${base(survey)}/tables/${encodeURIComponent(question)}.xlsx${queryString(view(state, lang))}`,
  document: (survey: string, kind: DocumentKind, questions: readonly string[], state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/${kind}.${kind === 'deck' ? 'pptx' : 'docx'}${queryString({ ...view(state, lang), questions: questions.join(',') })}`,
  plan: (survey: string, kind: DocumentKind, per: BatchLevel, questions: readonly string[], state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/batch${queryString({ ...perGroup(state, lang), kind, per, questions: questions.join(',') })}`,
  crosstab: (survey: string, state: ViewState, rows: string, columns: string, group: string | null, lang: ExportLanguage) =>
    `${base(survey)}/crosstab.xlsx${queryString({ ...view(state, lang), groupBy: null, compare: null, rows, columns, group })}`,
  /** Every group the sidebar chose, a sheet each (the server picks them from groupBy and compare as the view does). */
  crosstabGroups: (survey: string, state: ViewState, rows: string, columns: string, lang: ExportLanguage) =>
    `${base(survey)}/crosstab.xlsx${queryString({ ...view(state, lang), rows, columns })}`,
  /** The responses (admins and analysts): CSV, XLSX, SPSS syntax; `spssCsv` is the CSV the syntax reads. */
  data: (survey: string, format: DataFormat | 'spssCsv', state: ViewState, options: DataOptions) => {
    const query = dataQuery(state, options);
    if (format === 'sps') return `${base(survey)}/responses.sps${queryString(query)}`;
    if (format === 'spssCsv') return `${base(survey)}/responses.csv${queryString({ ...query, for: 'spss' })}`;
    if (format === 'xlsx') return `${base(survey)}/responses.xlsx${queryString({ ...query, labels: options.labels })}`;
    return `${base(survey)}/responses.csv${queryString({ ...query, labels: options.labels, delimiter: options.delimiter === 'semicolon' ? 'semicolon' : null })}`;
  },
  /** A trend's line chart as a picture: the trend's places and weighting (it takes no filters, channels or dates); a category drawn for every place, or every category of the one place. */
  trendChart: (survey: string, question: string, format: 'svg' | 'png', state: ViewState, category: string | null, lang: ExportLanguage) => {
    const { groupBy, compare, weights, se } = resultsQuery(state);
    return `${base(survey)}/trends/${encodeURIComponent(question)}.${format}${queryString({ groupBy, compare, weights, se, category, lang })}`;
  },
  /** The deck of one question with the trend's places and weighting: its slide, the trend slide (a wave of a series) and the change since the last wave. */
  trendDeck: (survey: string, question: string, state: ViewState, lang: ExportLanguage) => {
    const { groupBy, compare, weights, se } = resultsQuery(state);
    return `${base(survey)}/deck.pptx${queryString({ groupBy, compare, weights, se, lang, questions: question })}`;
  },
  groupDocument: (survey: string, kind: DocumentKind, group: string, questions: readonly string[], state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/${kind}.${kind === 'deck' ? 'pptx' : 'docx'}${queryString({ ...perGroup(state, lang), compare: group, questions: questions.join(',') })}`,
};
