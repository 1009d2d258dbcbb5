// Publishing a draft (server/authoring/routes.ts): the difference against the published version, the
// published version's file (for the titles of questions a draft removes), and the publishing itself.
import type { Static } from 'typebox';
import type { DraftDiff, Published } from '../../../../server/authoring/schemas.ts';
import { sessionGet, sessionRequest } from '../../../common/session.ts';
import type { SurveyFile } from '../tab.ts';

export type DraftDiffT = Static<typeof DraftDiff>;
export type PublishedT = Static<typeof Published>;
export type QuestionChangeT = DraftDiffT['diff']['changed'][number];

const draftUrl = (id: string) => `/api/authoring/drafts/${encodeURIComponent(id)}`;

export const getDiff = (id: string) => sessionGet<DraftDiffT>(`${draftUrl(id)}/diff`);
export const getPublishedFile = (id: string) => sessionGet<SurveyFile>(`/api/authoring/surveys/${encodeURIComponent(id)}/file`);
export const publishDraft = (id: string, confirmBreaking: boolean) => sessionRequest<PublishedT>('POST', `${draftUrl(id)}/publish`, { confirmBreaking });
