// The translation routes (server/authoring/routes.ts): the translator's workbook and its import.
import type { Static } from 'typebox';
import type { TranslationsApplied, TranslationsUpload } from '../../../../server/authoring/schemas.ts';
import { sessionRequest } from '../../../common/session.ts';

export type TranslationsAppliedT = Static<typeof TranslationsApplied>;
type UploadT = Static<typeof TranslationsUpload>;

const draftUrl = (id: string) => `/api/authoring/drafts/${encodeURIComponent(id)}`;

export const translationsXlsxUrl = (id: string) => `${draftUrl(id)}/translations.xlsx`;
export const importTranslations = (id: string, body: UploadT) => sessionRequest<TranslationsAppliedT>('POST', `${draftUrl(id)}/translations`, body);
