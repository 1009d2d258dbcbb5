// What a language's chunk (languages/<code>.ts) holds: its row of each table of the respondent's
// texts. Types only, from modules that import nothing of the pages, so that i18n.tsx (which loads the
// chunks) and the tables that take their rows from them (rights/texts.ts, pages/PrivacyNotice.tsx)
// make no import circle.
import type { NoticeHeadings } from './pages/notice-headings.ts';
import type { RightsTexts } from './rights/rights-texts.ts';
import type { Strings } from './texts-fi.ts';

export interface LanguagePack {
  readonly strings: Strings;
  readonly rights: RightsTexts;
  readonly headings: NoticeHeadings;
  /** Overrides of survey-core's own strings in the language's locale (survey/strings.ts). */
  readonly survey?: Readonly<Record<string, string>>;
}
