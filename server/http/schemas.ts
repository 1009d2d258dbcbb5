import { Type, type Static } from 'typebox';
import { LocalizedText } from '../surveys/envelope.ts';
import { AfterClose, SurveyStatus } from '../surveys/schemas.ts';

/**
 * Every error's body (server/errors.ts). `status` and `requestId` are always sent; they are optional
 * here only so that a client can make the same shape for a failure that brought no body.
 */
export const ErrorBody = Type.Object({
  error: Type.Object({
    status: Type.Optional(Type.Integer()),
    code: Type.String(),
    message: Type.String(),
    detail: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    questions: Type.Optional(
      Type.Array(Type.Object({ question: Type.String(), code: Type.String(), message: Type.String() })),
    ),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});

// The lifecycle's two enumerations belong to the survey administration contract; re-exported
// here for the public survey shapes below and for their existing importers.
export { AfterClose, SurveyStatus };

export const SurveySummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: LocalizedText,
  audience: Type.String(),
  status: SurveyStatus,
  opens: Type.Union([Type.String(), Type.Null()]),
  closes: Type.Union([Type.String(), Type.Null()]),
  /** After closing: refused, or accepted and marked late. */
  afterClose: AfterClose,
});

export const SurveyDetail = Type.Intersect([
  SurveySummary,
  Type.Object({
    municipalityQuestion: Type.Union([Type.String(), Type.Null()]),
    privacy: Type.Union([
      Type.Object({ controller: LocalizedText, purpose: LocalizedText, noticeUrl: Type.String() }),
      Type.Null(),
    ]),
    definition: Type.Object({}, { additionalProperties: true }),
  }),
]);

export const SurveyParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) });

export const ResponseSubmission = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    // A version is a PostgreSQL integer: a larger number is no version of any survey, and must not
    // reach the database (where it would fail the query rather than find nothing).
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    data: Type.Object({}, { additionalProperties: true }),
    locale: Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35 }),
    startedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    /** The link's token, when the respondent came through one. */
    link: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
    /** The anonymous attempt id of collection monitoring, marked completed with this response. */
    attempt: Type.Optional(Type.String({ format: 'uuid' })),
    /** The resume code of a saved draft, deleted once this response is stored. */
    draft: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{12,20}$' })),
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
});

/** A municipality of the county as pickers show it: the geography file's names, never a survey's choices. */
export const CountyMunicipality = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameSv: Type.Union([Type.String(), Type.Null()]),
  area: Type.String(),
});

/** A survey's id in a results or export route's path (`:survey`). */
export const ResultsSurveyParams = Type.Object({ survey: SurveyParams.properties.id });

/** Which responses a view or an export covers: closed-question filters, channels, dates. */
export const SelectionQuery = {
  filter: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })])),
  channel: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
};

/** A results view's query: the selection, how it is grouped and compared, and weighting. Exports take the same, so a file is exactly a view. */
export const ViewQuery = {
  groupBy: Type.Optional(Type.Union([Type.Literal('county'), Type.Literal('area'), Type.Literal('municipality')])),
  compare: Type.Optional(Type.String({ maxLength: 500 })),
  ...SelectionQuery,
  weights: Type.Optional(Type.Literal('population')),
  /** Weighted intervals from the calibrated design (the default) or with the weights taken as given. */
  se: Type.Optional(Type.Union([Type.Literal('calibrated'), Type.Literal('fixed')])),
};
