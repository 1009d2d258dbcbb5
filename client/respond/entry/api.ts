// Interview and paper entry (planners and admins): the session from the sign-in cookie, the
// surveys open for entry, and storing an answer. Each answer carries an id made here, so a retry
// after a lost acknowledgement is stored once (the server answers 200 with the first receipt).
import { sessionGet, sessionRequest, setCsrfToken } from '../../common/session.ts';
import type { ReceiptT } from '../../common/api.ts';

export interface EntryUser {
  readonly email: string;
  readonly role: 'admin' | 'analyst' | 'viewer' | 'planner';
}

export interface EntrySurvey {
  readonly id: string;
  readonly title: string | Record<string, string>;
  readonly status: string;
  readonly municipalityQuestion: string | null;
}

/** A municipality of the county (the server's geography file): every entered answer is for one. */
export interface CountyMunicipality {
  readonly code: string;
  readonly name: string;
  readonly nameSv: string | null;
  readonly area: string;
}

export type Channel = 'interview' | 'paper';

export async function currentUser(): Promise<EntryUser> {
  const session = await sessionGet<{ user: EntryUser; csrfToken: string }>('/api/auth/me');
  setCsrfToken(session.csrfToken);
  return session.user;
}

export const entrySurveys = () => sessionGet<{ surveys: EntrySurvey[]; municipalities: CountyMunicipality[] }>('/api/entry/surveys');

export const storeEntry = (
  surveyId: string,
  body: { id: string; data: Record<string, unknown>; municipality: string; channel: Channel; locale?: string },
) => sessionRequest<{ receipt: ReceiptT; late: boolean }>('POST', `/api/entry/${encodeURIComponent(surveyId)}/responses`, body);
