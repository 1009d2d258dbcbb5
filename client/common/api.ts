// The client's one API client. Types come from the server's route schemas (types only: nothing of
// the server ends up in a bundle).
import type { Static } from 'typebox';
import type { ErrorBody, Receipt, ResponseSubmission, SurveyDetail, SurveySummary } from '../../server/http/schemas.ts';

export type SurveySummaryT = Static<typeof SurveySummary>;
export type SurveyDetailT = Static<typeof SurveyDetail>;
export type ReceiptT = Static<typeof Receipt>;
/**
 * A submission, with issue 8's optional fields: the link it came through, the answering session
 * (for monitoring) and the resume code to delete once the answer is stored.
 */
export type SubmissionT = ResponseSubmission & { link?: string; attempt?: string; draft?: string };
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

export const listSurveys = () => request<{ surveys: SurveySummaryT[] }>('/api/surveys');

/** The survey page's HTML preloads this address (a `Link` header), so keep it byte-identical. */
export const surveyUrl = (id: string) => `/api/surveys/${encodeURIComponent(id)}`;

export const getSurvey = (id: string) => request<SurveyDetailT>(surveyUrl(id));

export const submitResponse = (surveyId: string, body: SubmissionT) =>
  request<{ receipt: ReceiptT; repeated: boolean; late?: boolean }>(`${surveyUrl(surveyId)}/responses`, {
    method: 'POST',
    body: JSON.stringify(body),
  });

// Distribution (issue 8): links, resume codes and progress pings.

/** What a link address (`/l/<token>`) opens: its survey, kind, preset municipality and state. */
export interface LinkInfoT {
  readonly token: string;
  readonly survey: string;
  readonly kind: 'public' | 'municipality' | 'invitation';
  readonly municipality: { readonly code: string; readonly name: string } | null;
  readonly status: 'open' | 'closed' | 'used';
  /** An invitation's unfinished answer saved on the server. */
  readonly draft: { readonly data: Record<string, unknown>; readonly page: number; readonly locale: string | null; readonly expiresAt: string } | null;
}

/** Answers saved on the server under a resume code. */
export interface ResumeDraftT {
  readonly survey: string;
  readonly data: Record<string, unknown>;
  readonly page: number;
  readonly locale: string | null;
  readonly link: string | null;
  readonly expiresAt: string;
}

export interface SavedDraftT {
  readonly code: string;
  readonly url: string;
  readonly expiresAt: string;
}

export const getLink = (token: string) => request<LinkInfoT>(`/api/links/${encodeURIComponent(token)}`);

export const getResumeDraft = (code: string) => request<ResumeDraftT>(`/api/drafts/${encodeURIComponent(code)}`);

export const saveResumeDraft = (surveyId: string, body: { data: Record<string, unknown>; page: number; locale?: string; link?: string }) =>
  request<SavedDraftT>(`${surveyUrl(surveyId)}/drafts`, { method: 'POST', body: JSON.stringify(body) });

/**
 * Tells the server which page an answering session has reached, so admins see where unfinished
 * answers stop. Fire-and-forget: monitoring must never get in the respondent's way, and `keepalive`
 * lets the last ping out even when the tab closes.
 */
export function sendAttempt(surveyId: string, body: { attempt: string; page: number; link?: string }): void {
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
