// Addresses of the results API (server/results/routes.ts) for a view's state.
import { queryString } from '../../../common/session.ts';
import { resultsQuery, type ViewState } from '../../app/viewState.ts';

const base = (survey: string) => `/api/results/${encodeURIComponent(survey)}`;

/** A view of one group (`group=`) takes the filters, channel, dates and weighting, not the grouping or comparison. */
const oneGroup = (state: ViewState) => ({ ...resultsQuery(state), groupBy: null, compare: null });

export const resultsUrls = {
  surveys: () => '/api/results/surveys',
  collection: (survey: string) => `${base(survey)}/collection`,
  questions: (survey: string) => `${base(survey)}/questions`,
  question: (survey: string, question: string, state: ViewState) => `${base(survey)}/questions/${encodeURIComponent(question)}${queryString(resultsQuery(state))}`,
  summary: (survey: string, state: ViewState) => `${base(survey)}/summary${queryString(resultsQuery(state))}`,
  crosstab: (survey: string, state: ViewState, rows: string, columns: string, group: string | null) =>
    `${base(survey)}/crosstab${queryString({ ...oneGroup(state), rows, columns, group })}`,
  open: (survey: string, question: string, state: ViewState, group: string | null, limit: number) =>
    `${base(survey)}/open/${encodeURIComponent(question)}${queryString({ ...oneGroup(state), group, search: state.search || null, limit })}`,
};
