// The authoring API for the editor (server/authoring/routes.ts). Every change carries the CSRF
// header (common/session.ts); the shapes are the server's own schemas, as types only.
import type { Static } from 'typebox';
import type { AuthoringList, NewDraft } from '../../../../server/authoring/schemas.ts';
import { sessionGet, sessionRequest } from '../../../common/session.ts';
import type { DraftView, SurveyFile } from '../tab.ts';

export type AuthoringListT = Static<typeof AuthoringList>;
export type NewDraftT = Static<typeof NewDraft>;

const draft = (id: string) => `/api/authoring/drafts/${encodeURIComponent(id)}`;

export const authoringUrls = {
  list: '/api/authoring/surveys',
  draft,
  /** The survey file as a download (the draft's with `draft`). */
  file: (id: string, ofDraft: boolean) => `/api/authoring/surveys/${encodeURIComponent(id)}/file${ofDraft ? '?draft=true' : ''}`,
};

export const listAuthoring = () => sessionGet<AuthoringListT>(authoringUrls.list);
export const createDraft = (body: NewDraftT) => sessionRequest<DraftView>('POST', '/api/authoring/drafts', body);
export const getDraft = (id: string) => sessionGet<DraftView>(draft(id));
export const saveDraft = (id: string, revision: number, file: SurveyFile) => sessionRequest<DraftView>('PUT', draft(id), { revision, file });
export const deleteDraft = (id: string) => sessionRequest<null>('DELETE', draft(id));
