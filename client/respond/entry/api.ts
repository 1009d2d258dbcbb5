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

export type Channel = 'interview' | 'paper';

export async function currentUser(): Promise<EntryUser> {
  const session = await sessionGet<{ user: EntryUser; csrfToken: string }>('/api/auth/me');
  setCsrfToken(session.csrfToken);
  return session.user;
}

export const entrySurveys = () => sessionGet<{ surveys: EntrySurvey[] }>('/api/entry/surveys');

export const storeEntry = (
  surveyId: string,
  body: { id: string; data: Record<string, unknown>; municipality: string | null; channel: Channel; locale?: string },
) => sessionRequest<{ receipt: ReceiptT; late: boolean }>('POST', `/api/entry/${encodeURIComponent(surveyId)}/responses`, body);
