// The respondents' rights API's contract: open one's own answer with a rights code (or an
// invitation's link) and have it erased. Routes, the service, the client and OpenAPI use these.
import { Type, type Static } from 'typebox';

// A survey's languages are its texts' locales (fi, sv, en, fi-selko, ar…), not a fixed list: any
// locale code is taken, and one the survey has no texts in is read in Finnish.
const Language = Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35, description: 'a locale code: fi, sv, en, fi-selko, ar…' });
export type RightsLanguage = Static<typeof Language>;

/**
 * The key to one's answer: the rights code shown at the end of the survey (XXXX-XXXX-XXXX-XXXX-XXXX,
 * dashes and spaces optional), or an invitation's link or its token. Sent in a body, never in an
 * address, so that it stays out of logs and browser histories.
 */
const Code = Type.String({ minLength: 1, maxLength: 200, description: 'a rights code, or an invitation link or token' });

export const RightsLookup = Type.Object(
  {
    code: Code,
    /** The language to read the questions and answers in; by default the one the answer was given in. */
    language: Type.Optional(Language),
  },
  { additionalProperties: false },
);
export type RightsLookup = Static<typeof RightsLookup>;

export const RightsErasure = Type.Object(
  {
    code: Code,
    /** The second, explicit step: the page asks "are you sure" before it sends this. */
    confirm: Type.Literal(true, { description: 'must be true: the respondent confirmed the erasure' }),
  },
  { additionalProperties: false },
);
export type RightsErasure = Static<typeof RightsErasure>;

export const AnsweredQuestion = Type.Object({
  /** The question's name in the survey (stable, for tests and screen readers' ids). */
  name: Type.String(),
  /** The question's text in the language asked for. */
  question: Type.String(),
  /** The answer as the form showed it (choice texts, not codes); a matrix's rows as `row: answer` lines. */
  answer: Type.Array(Type.String()),
});

export const RightsView = Type.Object({
  surveyId: Type.String(),
  title: Type.String(),
  language: Language,
  /** The languages the survey speaks, for the page's language switch. */
  languages: Type.Array(Language),
  submittedAt: Type.String(),
  receiptCode: Type.String(),
  /** `invitation` when opened with an invitation's link instead of a rights code. */
  via: Type.Union([Type.Literal('rights_code'), Type.Literal('invitation')]),
  /** What erasure will do, as the survey's notice says: delete the answer, or keep it anonymised. */
  erasure: Type.Union([Type.Literal('delete'), Type.Literal('anonymise')]),
  answers: Type.Array(AnsweredQuestion),
});
export type RightsView = Static<typeof RightsView>;

export const ErasureDone = Type.Object({
  surveyId: Type.String(),
  /** `deleted`: the answer and everything made of it are gone; `anonymised`: it stays in the figures, and nothing leads back to you. */
  outcome: Type.Union([Type.Literal('deleted'), Type.Literal('anonymised')]),
  at: Type.String(),
});
export type ErasureDone = Static<typeof ErasureDone>;
