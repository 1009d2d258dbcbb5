// The respondent page's one API client. Types come from the server's route schemas.
import type { Static } from 'typebox';
import type { Receipt, SurveyDetail, SurveySummary } from '../../server/routes/schemas.ts';

export type SurveySummaryT = Static<typeof SurveySummary>;
export type SurveyDetailT = Static<typeof SurveyDetail>;
export type ReceiptT = Static<typeof Receipt>;

export class ApiProblem extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) throw new ApiProblem(response.status, body.error?.code ?? 'error', body.error?.message ?? response.statusText);
  return body as T;
}

export const listSurveys = () => request<{ surveys: SurveySummaryT[] }>('/api/surveys', { method: 'GET' });
export const getSurvey = (id: string) => request<SurveyDetailT>(`/api/surveys/${encodeURIComponent(id)}`, { method: 'GET' });
export const submitResponse = (id: string, body: { id: string; version: number; data: object; locale: string; startedAt: string }) =>
  request<{ receipt: ReceiptT }>(`/api/surveys/${encodeURIComponent(id)}/responses`, { method: 'POST', body: JSON.stringify(body) });
