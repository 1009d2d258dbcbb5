// Addresses of the results exports (server/routes/exports-results.ts) for a view's state: the same
// query as the results routes, so a file is exactly the view on screen.
import { queryString } from '../../common/session.ts';
import { resultsQuery, type ViewState } from '../app/viewState.ts';

const base = (survey: string) => `/api/exports/${encodeURIComponent(survey)}`;
export type ExportLanguage = 'fi' | 'sv' | 'en';
export type DocumentKind = 'deck' | 'report';
export type BatchLevel = 'municipality' | 'area';

export interface BatchPlan {
  per: BatchLevel;
  kind: DocumentKind;
  questions: string[];
  files: { group: string; label: string; file: string }[];
  leftOut: { group: string; label: string; reason: string }[];
}

const view = (state: ViewState, lang: ExportLanguage) => ({ ...resultsQuery(state), lang });
/** A batch file is one group beside the county: the view's filters, not its grouping. */
const perGroup = (state: ViewState, lang: ExportLanguage) => ({ ...view(state, lang), groupBy: null, compare: null });

export const exportUrls = {
  chart: (survey: string, question: string, format: 'svg' | 'png', state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/charts/${encodeURIComponent(question)}.${format}${queryString(view(state, lang))}`,
  table: (survey: string, question: string, state: ViewState, lang: ExportLanguage) => `${base(survey)}/tables/${encodeURIComponent(question)}.xlsx${queryString(view(state, lang))}`,
  document: (survey: string, kind: DocumentKind, questions: readonly string[], state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/${kind}.${kind === 'deck' ? 'pptx' : 'docx'}${queryString({ ...view(state, lang), questions: questions.join(',') })}`,
  plan: (survey: string, kind: DocumentKind, per: BatchLevel, questions: readonly string[], state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/batch${queryString({ ...perGroup(state, lang), kind, per, questions: questions.join(',') })}`,
  groupDocument: (survey: string, kind: DocumentKind, group: string, questions: readonly string[], state: ViewState, lang: ExportLanguage) =>
    `${base(survey)}/${kind}.${kind === 'deck' ? 'pptx' : 'docx'}${queryString({ ...perGroup(state, lang), compare: group, questions: questions.join(',') })}`,
};
