// Interview and paper entry (planners and admins): the session from the sign-in cookie, the
// surveys open for entry, and storing an answer. Each answer carries an id made here, so a retry
// after a lost acknowledgement is stored once (the server answers 200 with the first receipt).
import { sessionGet, sessionRequest, setCsrfToken } from '../../common/session.ts';
import type { Session } from '../../../server/auth/schemas.ts';
import type { EntrySubmission, EntrySurveys, SubmissionAnswer } from '../../../server/responses/schemas.ts';

// The shapes are the server's own schemas (types only: nothing of the server reaches the bundle).
export type EntryUser = Session['user'];
export type { EntrySurvey, EntryChannel as Channel } from '../../../server/responses/schemas.ts';
/** A municipality of the county (the server's geography file): every entered answer is for one. */
export type CountyMunicipality = EntrySurveys['municipalities'][number];

export async function currentUser(): Promise<EntryUser> {
  const session = await sessionGet<Session>('/api/auth/me');
  setCsrfToken(session.csrfToken);
  return session.user;
}

export const entrySurveys = () => sessionGet<EntrySurveys>('/api/entry/surveys');

export const storeEntry = (surveyId: string, body: EntrySubmission) =>
  sessionRequest<SubmissionAnswer>('POST', `/api/entry/${encodeURIComponent(surveyId)}/responses`, body);

export type { EnteredResponse, EntriesToday } from '../../../server/responses/schemas.ts';
import type { EntriesToday, VoidedEntry } from '../../../server/responses/schemas.ts';

/** What this planner entered today (Finnish time), newest first: only their own. */
export const entriesToday = () => sessionGet<EntriesToday>('/api/entry/responses');

/** A corrected answer stored in place of the entry `responseId` (a new id, so a retry is stored once). */
export const correctEntry = (responseId: string, body: EntrySubmission) =>
  sessionRequest<SubmissionAnswer & { replaces: string }>('PUT', `/api/entry/responses/${encodeURIComponent(responseId)}`, body);

/** Removes the entry from the results; the audit log keeps it. */
export const voidEntry = (responseId: string) => sessionRequest<VoidedEntry>('DELETE', `/api/entry/responses/${encodeURIComponent(responseId)}`);

export async function signOut(): Promise<void> {
  await sessionRequest<null>('POST', '/api/auth/logout');
  setCsrfToken(null);
}
