// The type of a language's privacy-notice headings (PrivacyNotice.tsx has Finnish's, each chunk
// languages/<code>.ts its own), apart so that a chunk names it without a circle.
import type { SurveyDetailT } from '../../common/api.ts';

export type NoticePart = keyof Omit<NonNullable<SurveyDetailT['privacy']>, 'noticeUrl'>;
export type NoticeHeadings = Record<NoticePart, string> & { incomplete: string };
