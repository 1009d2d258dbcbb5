import { Type } from 'typebox';

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

/** A survey's id in a route's path (`:id`). */
export const SurveyParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) });

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
