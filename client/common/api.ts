// The client's one API client. Types come from the server's route schemas (types only: nothing of
// the server ends up in a bundle).
import type { Static } from 'typebox';
import type { ErrorBody, Receipt, ResponseSubmission, SurveyDetail, SurveySummary } from '../../server/routes/schemas.ts';

export type SurveySummaryT = Static<typeof SurveySummary>;
export type SurveyDetailT = Static<typeof SurveyDetail>;
export type ReceiptT = Static<typeof Receipt>;
export type SubmissionT = ResponseSubmission;
export type ApiErrorT = Static<typeof ErrorBody>['error'];
export type AnswerProblemT = NonNullable<ApiErrorT['questions']>[number];

/** The server answered with an error status: `status` and the body's stable `code`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorT,
  ) {
    super(error.message);
  }
}

/** The server could not be reached, or did not answer in time. */
export class NetworkProblem extends Error {}

const TIMEOUT_MS = 30_000;

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: init.body ? { 'content-type': 'application/json', ...init.headers } : init.headers,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new NetworkProblem(error instanceof Error ? error.message : String(error));
  }
  const body = (await response.json().catch(() => null)) as { error?: ApiErrorT } | null;
  if (!response.ok) {
    throw new ApiProblem(response.status, body?.error ?? { code: 'http_' + response.status, message: response.statusText });
  }
  if (body === null) throw new NetworkProblem('unreadable response');
  return body as T;
}

export const listSurveys = () => request<{ surveys: SurveySummaryT[] }>('/api/surveys');

/** The survey page's HTML preloads this address (a `Link` header), so keep it byte-identical. */
export const surveyUrl = (id: string) => `/api/surveys/${encodeURIComponent(id)}`;

export const getSurvey = (id: string) => request<SurveyDetailT>(surveyUrl(id));

export const submitResponse = (surveyId: string, body: SubmissionT) =>
  request<{ receipt: ReceiptT; repeated: boolean }>(`${surveyUrl(surveyId)}/responses`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
