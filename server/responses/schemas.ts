// The answering API's contract: the open surveys, a submission and its receipt, and interview and
// paper entry. Routes, services, the client and the OpenAPI document all use these.
import { Type, type Static } from 'typebox';
import { Nullable, SurveyKey } from '../http/schema-parts.ts';
import { CountyMunicipality } from '../http/schemas.ts';
import { LocalizedText, PrivacyNotice } from '../surveys/envelope.ts';
import { AfterClose, SurveyStatus } from '../surveys/schemas.ts';

const Locale = Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35 });
// Typed as question name → answer for the service and the client; judged by the validator, not here.
const Answers = Type.Unsafe<Record<string, unknown>>(
  Type.Object({}, { additionalProperties: true, description: "the SurveyJS data: question name → answer, judged against the survey's version" }),
);

export const SurveySummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: LocalizedText,
  audience: Type.String(),
  status: SurveyStatus,
  opens: Nullable(Type.String()),
  closes: Nullable(Type.String()),
  /** After closing: refused, or accepted and marked late. */
  afterClose: AfterClose,
  /** The form asks who the respondent is (a name, contact details): its pages must not promise anonymity. */
  identifying: Type.Boolean(),
});
export type SurveySummary = Static<typeof SurveySummary>;

export const SurveyList = Type.Object({ surveys: Type.Array(SurveySummary) });
export type SurveyList = Static<typeof SurveyList>;

export const SurveyDetail = Type.Intersect([
  SurveySummary,
  Type.Object({
    municipalityQuestion: Nullable(Type.String()),
    /** The survey's privacy notice, every part the file has; the notice page is made from it. */
    privacy: Nullable(PrivacyNotice),
    /** The questions that ask who the respondent is (server/questions/identifying.ts), by value name. */
    identifyingQuestions: Type.Array(Type.String()),
    definition: Type.Object({}, { additionalProperties: true }),
  }),
]);
export type SurveyDetail = Static<typeof SurveyDetail>;

export const ResponseSubmission = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    // A version is a PostgreSQL integer: a larger number is no version of any survey, and must not
    // reach the database (where it would fail the query rather than find nothing).
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    data: Answers,
    locale: Locale,
    startedAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    /** The link's token, when the respondent came through one. */
    link: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
    /** The anonymous attempt id of collection monitoring, marked completed with this response. */
    attempt: Type.Optional(Type.String({ format: 'uuid' })),
    /** The resume code of a saved draft, deleted once this response is stored. */
    draft: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{12,20}$' })),
    /**
     * The respondent's rights code (XXXX-XXXX-XXXX-XXXX-XXXX, 100 random bits made by the browser,
     * server/privacy/rights.ts): only its hash is kept, and with it they can later see and erase this answer.
     */
    rightsCode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{20,30}$' })),
  },
  { additionalProperties: false },
);
export type ResponseSubmission = Static<typeof ResponseSubmission>;

export const Receipt = Type.Object({
  id: Type.String(),
  surveyId: Type.String(),
  version: Type.Integer(),
  submittedAt: Type.String(),
  receiptCode: Type.String(),
  /** The rights code the submission sent, when it is this response's (a retry gets it again); null when none is kept. */
  rightsCode: Type.Optional(Nullable(Type.String())),
});
export type Receipt = Static<typeof Receipt>;

/** 201: stored now; `late` when taken after closing. */
export const StoredAnswer = Type.Object({ receipt: Receipt, repeated: Type.Literal(false), late: Type.Boolean() }, { description: 'stored' });
/** 200: this id was stored before (a retry): its first receipt, nothing stored twice. */
export const RepeatedAnswer = Type.Object({ receipt: Receipt, repeated: Type.Literal(true), late: Type.Boolean() }, { description: 'stored before: the first receipt' });
export type SubmissionAnswer = Static<typeof StoredAnswer> | Static<typeof RepeatedAnswer>;

export const EntrySurvey = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: LocalizedText,
  status: SurveyStatus,
  municipalityQuestion: Nullable(Type.String()),
});
export type EntrySurvey = Static<typeof EntrySurvey>;

export const EntrySurveys = Type.Object({
  surveys: Type.Array(EntrySurvey),
  /** Every answer is entered for one of these: a survey without a municipality question too. */
  municipalities: Type.Array(CountyMunicipality),
});
export type EntrySurveys = Static<typeof EntrySurveys>;

export const EntryParams = Type.Object({ survey: SurveyKey });

export const EntryChannel = Type.Union([Type.Literal('interview'), Type.Literal('paper')]);
export type EntryChannel = Static<typeof EntryChannel>;

export const EntrySubmission = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    data: Answers,
    municipality: Type.String({ pattern: '^\\d{3}$' }),
    channel: EntryChannel,
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type EntrySubmission = Static<typeof EntrySubmission>;

/** A planner's own entry, as the entry page lists it for correcting or voiding. */
export const EnteredResponse = Type.Object({
  responseId: Type.String(),
  surveyId: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
  channel: Nullable(EntryChannel),
  municipality: Nullable(Type.String()),
  enteredAt: Type.String(),
  receiptCode: Type.String(),
  late: Type.Boolean(),
  /** stored: counts in the results; replaced: a correction took its place; voided: removed by its planner; removed: gone otherwise. */
  state: Type.Union([Type.Literal('stored'), Type.Literal('replaced'), Type.Literal('voided'), Type.Literal('removed')]),
  /** The entry this one corrected. */
  replaces: Nullable(Type.String()),
  /** The correction that replaced this one. */
  replacedBy: Nullable(Type.String()),
  /** The stored answers (to correct them), while the entry is stored; only ever to the planner who entered them. */
  data: Nullable(Answers),
});
export type EnteredResponse = Static<typeof EnteredResponse>;

export const EntriesToday = Type.Object({
  /** The start of the planner's day (Finnish time) the list begins at. */
  since: Type.String(),
  /** Newest first. */
  entries: Type.Array(EnteredResponse),
});
export type EntriesToday = Static<typeof EntriesToday>;

export const EnteredParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const VoidedEntry = Type.Object({ responseId: Type.String(), surveyId: Type.String(), voidedAt: Type.String() });
export type VoidedEntry = Static<typeof VoidedEntry>;

/** 201 a correction stored now, in place of `replaces`; 200 a retry of one stored before. */
export const StoredCorrection = Type.Intersect([StoredAnswer, Type.Object({ replaces: Type.String() })], { description: 'stored in place of the entry' });
export const RepeatedCorrection = Type.Intersect([RepeatedAnswer, Type.Object({ replaces: Type.String() })], { description: 'stored before: the first receipt' });
export type CorrectionAnswer = SubmissionAnswer & { replaces: string };
