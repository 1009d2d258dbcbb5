// What a respondent's address opens, found out before React renders: `/s/<survey>` a survey,
// `/l/<token>` a link (its survey, preset municipality, an invitation's saved answers), and
// `/jatka/<code>` answers saved under a resume code (and the link they came through).
import { ApiProblem, getLink, getResumeDraft, getSurvey, type LinkInfoT, type SurveyDetailT } from '../../common/api.ts';

/** Answers saved on the server, to continue from. `code` is sent with the submission so the server deletes them. */
export interface Resume {
  readonly data: Record<string, unknown>;
  readonly page: number;
  readonly locale: string | null;
  readonly code: string | null;
}

export type Start =
  | { readonly kind: 'survey'; readonly survey: SurveyDetailT; readonly link: LinkInfoT | null; readonly resume: Resume | null }
  | { readonly kind: 'link-closed'; readonly survey: SurveyDetailT | null }
  | { readonly kind: 'invitation-used'; readonly survey: SurveyDetailT | null }
  | { readonly kind: 'link-not-found' }
  | { readonly kind: 'draft-not-found' }
  | { readonly kind: 'draft-expired' };

const codeOf = (error: unknown) => (error instanceof ApiProblem ? error.error.code : null);

export async function startSurvey(surveyId: string): Promise<Start> {
  return { kind: 'survey', survey: await getSurvey(surveyId), link: null, resume: null };
}

export async function startLink(token: string): Promise<Start> {
  let link: LinkInfoT;
  try {
    link = await getLink(token);
  } catch (error) {
    // 400: not even the shape of a token (a mistyped address).
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) return { kind: 'link-not-found' };
    throw error;
  }
  const survey = await getSurvey(link.survey);
  if (link.status === 'closed') return { kind: 'link-closed', survey };
  if (link.status === 'used') return { kind: 'invitation-used', survey };
  const resume = link.draft ? { data: link.draft.data, page: link.draft.page, locale: link.draft.locale, code: null } : null;
  return { kind: 'survey', survey, link, resume };
}

export async function startResume(code: string): Promise<Start> {
  let draft;
  try {
    draft = await getResumeDraft(code);
  } catch (error) {
    if (codeOf(error) === 'draft_expired' || (error instanceof ApiProblem && error.status === 410)) return { kind: 'draft-expired' };
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) return { kind: 'draft-not-found' };
    throw error;
  }
  const resume: Resume = { data: draft.data, page: draft.page, locale: draft.locale, code };
  if (draft.link) {
    const viaLink = await startLink(draft.link);
    // The link may have closed since; the saved answers then meet the link's own friendly page.
    return viaLink.kind === 'survey' ? { ...viaLink, resume } : viaLink;
  }
  return { kind: 'survey', survey: await getSurvey(draft.survey), link: null, resume };
}
