// The client's one API client. Types come from the server's contracts (types only: nothing of
// the server ends up in a bundle).
import type { Static } from 'typebox';
import type { ErrorBody } from '../../server/http/schemas.ts';
import type { Receipt, ResponseSubmission, SubmissionAnswer, SurveyDetail, SurveyList, SurveySummary } from '../../server/responses/schemas.ts';
import type { AttemptPing, DraftSubmission, LinkInfo, ResumeDraft, SavedDraft } from '../../server/distribution/schemas.ts';
import type { ErasureDone, RightsErasure, RightsLookup, RightsView } from '../../server/privacy/rights-schemas.ts';

export type SurveySummaryT = SurveySummary;
export type SurveyDetailT = SurveyDetail;
export type ReceiptT = Receipt;
/** A submission: the answers, and optionally the link it came through, the answering session (for monitoring) and the resume code to delete once stored. */
export type SubmissionT = ResponseSubmission;
export type ApiErrorT = Static<typeof ErrorBody>['error'];
export type AnswerProblemT = NonNullable<ApiErrorT['questions']>[number];
export type LinkInfoT = LinkInfo;
export type ResumeDraftT = ResumeDraft;
export type SavedDraftT = SavedDraft;

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
      // An error's message comes in the page's language. Only on requests with a body: the survey's
      // GET must stay identical to the request its HTML preloads.
      headers: init.body ? { 'content-type': 'application/json', 'accept-language': document.documentElement.lang || 'fi', ...init.headers } : init.headers,
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

export const listSurveys = () => request<SurveyList>('/api/surveys');

/** The survey page's HTML preloads this address (a `Link` header), so keep it byte-identical. */
export const surveyUrl = (id: string) => `/api/surveys/${encodeURIComponent(id)}`;

export const getSurvey = (id: string) => request<SurveyDetailT>(surveyUrl(id));

export const submitResponse = (surveyId: string, body: SubmissionT) =>
  request<SubmissionAnswer>(`${surveyUrl(surveyId)}/responses`, {
    method: 'POST',
    body: JSON.stringify(body),
  });

// A respondent's rights: their answer opened with the rights code (in a body, never in an address), and its erasure.

export type RightsViewT = RightsView;
export type ErasureDoneT = ErasureDone;

export const getOwnAnswer = (body: RightsLookup) => request<RightsViewT>('/api/rights/answer', { method: 'POST', body: JSON.stringify(body) });

export const eraseOwnAnswer = (body: RightsErasure) => request<ErasureDoneT>('/api/rights/erasure', { method: 'POST', body: JSON.stringify(body) });

// Distribution: links, resume codes and progress pings.

export const getLink = (token: string) => request<LinkInfoT>(`/api/links/${encodeURIComponent(token)}`);

export const getResumeDraft = (code: string) => request<ResumeDraftT>(`/api/drafts/${encodeURIComponent(code)}`);

export const saveResumeDraft = (surveyId: string, body: DraftSubmission) =>
  request<SavedDraftT>(`${surveyUrl(surveyId)}/drafts`, { method: 'POST', body: JSON.stringify(body) });

/**
 * Tells the server which page an answering session has reached, so admins see where unfinished
 * answers stop. Fire-and-forget: monitoring must never get in the respondent's way, and `keepalive`
 * lets the last ping out even when the tab closes.
 */
export function sendAttempt(surveyId: string, body: AttemptPing): void {
  try {
    void fetch(`${surveyUrl(surveyId)}/attempts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    }).catch(() => undefined);
  } catch {
    // Nothing to do: a lost ping only makes the monitoring a little less complete.
  }
}
