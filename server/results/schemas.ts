// The results API's contract: what its routes take and give. The routes validate and serialise with
// these, the service returns their static types, the client imports those types, and the OpenAPI
// document is made from them.
import { Type, type Static, type TLiteral } from 'typebox';
import { RESULT_KINDS } from '../questions/result-kinds.ts';
import { Nullable, SurveyKey } from '../http/schema-parts.ts';
import { ErrorBody, ResultsSurveyParams, ViewQuery } from '../http/schemas.ts';
import { LocalizedText } from '../surveys/envelope.ts';

export const Level = Type.Union([Type.Literal('county'), Type.Literal('area'), Type.Literal('municipality')]);
export type Level = Static<typeof Level>;

// The kinds are the registry's (server/questions/result-kinds.ts), so a new one reaches the API and the client's types.
type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K] & string> };
export const VariableKind = Type.Union(RESULT_KINDS.map((kind) => Type.Literal(kind)) as unknown as Literals<typeof RESULT_KINDS>);
export type VariableKind = Static<typeof VariableKind>;

/** Why a figure is hidden; null when it is shown. */
export const SuppressionReason = Nullable(Type.Union([Type.Literal('small_group'), Type.Literal('small_cell'), Type.Literal('complementary')]));
export type SuppressionReason = Static<typeof SuppressionReason>;

/** A 95% interval. */
export const Interval = Type.Object({ lower: Type.Number(), upper: Type.Number() });
export type Interval = Static<typeof Interval>;

/** A question as the results know it (a matrix row is a variable of its own). */
export const Variable = Type.Object({
  key: Type.String(),
  question: Type.String(),
  kind: VariableKind,
  title: LocalizedText,
  subtitle: Nullable(LocalizedText),
  visibleIf: Nullable(Type.String()),
  categories: Type.Array(Type.Object({ value: Type.String(), label: LocalizedText })),
  /**
   * A dynamic matrix's column or a dynamic panel's question: its figures count respondents (a
   * choice chosen in at least one row; a number totalled over the rows); with `perRow`, each
   * group's `entries` reads them per row or panel too.
   */
  entries: Type.Optional(Type.Object({ unit: Type.Union([Type.Literal('row'), Type.Literal('panel')]), perRow: Type.Boolean() })),
});
export type Variable = Static<typeof Variable>;

export const CategoryFigure = Type.Object({
  value: Type.String(),
  label: LocalizedText,
  /** null when suppressed. */
  count: Nullable(Type.Number()),
  percent: Nullable(Type.Number()),
  ci: Nullable(Interval),
  suppressed: Type.Boolean(),
  suppression: SuppressionReason,
  /** The weighted estimate with the variance `meta.weighting.intervals` names: se in percentage points, design effect, how the interval was made. */
  weighted: Type.Optional(
    Nullable(
      Type.Object({
        percent: Type.Number(),
        ci: Interval,
        se: Nullable(Type.Number()),
        deff: Nullable(Type.Number()),
        ciMethod: Type.Union([Type.Literal('logit'), Type.Literal('wilson-effective-n')]),
      }),
    ),
  ),
});
export type CategoryFigure = Static<typeof CategoryFigure>;

export const NumberFigures = Type.Object({
  n: Type.Number(),
  missing: Type.Number(),
  mean: Nullable(Type.Number()),
  sd: Nullable(Type.Number()),
  median: Nullable(Type.Number()),
  q1: Nullable(Type.Number()),
  q3: Nullable(Type.Number()),
  min: Nullable(Type.Number()),
  max: Nullable(Type.Number()),
});

/**
 * A dynamic matrix's column or a dynamic panel's question read per row (or panel): shares of rows
 * or the mean per row, with the rows and respondents counted and a 95% interval with the
 * respondent as the cluster. Withheld in every group when the per-respondent table hides anything.
 */
export const EntryFigures = Type.Object({
  unit: Type.Union([Type.Literal('row'), Type.Literal('panel')]),
  /** Rows (or panels) answered in the group; null when withheld. */
  rows: Nullable(Type.Number()),
  /** Respondents those rows are of; null when withheld. */
  respondents: Nullable(Type.Number()),
  withheld: SuppressionReason,
  /** Per category: rows in it, respondents with at least one such row, percent of rows, se in percentage points, 95% interval. */
  categories: Nullable(
    Type.Array(
      Type.Object({ value: Type.String(), label: LocalizedText, count: Type.Number(), respondents: Type.Number(), percent: Type.Number(), se: Nullable(Type.Number()), ci: Nullable(Interval) }),
    ),
  ),
  /** A number's mean per row, its se and 95% interval. */
  mean: Nullable(Type.Object({ value: Type.Number(), se: Nullable(Type.Number()), ci: Nullable(Interval) })),
});
export type EntryFigures = Static<typeof EntryFigures>;

/** One group's figures of one variable: per category for choices, and the kind's own summary. */
export const GroupFigures = Type.Object({
  key: Type.String(),
  level: Level,
  label: LocalizedText,
  parent: Nullable(Type.String()),
  /** Respondents shown the question who answered it; null when the group is suppressed. */
  n: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
  suppression: SuppressionReason,
  weightedN: Type.Optional(Nullable(Type.Number())),
  categories: Type.Optional(Type.Array(CategoryFigure)),
  rating: Type.Optional(
    Nullable(
      Type.Object({
        mean: Nullable(Type.Number()),
        median: Nullable(Type.Number()),
        cantSay: Type.Number(),
        topTwo: Nullable(Type.Object({ percent: Type.Number(), ci: Interval })),
        /** In a weighted view: the weighted mean of the scale answers, its se and 95% interval with the variance `meta.weighting.intervals` names; null when no one in the group gave a scale value. */
        weighted: Type.Optional(Nullable(Type.Object({ mean: Type.Number(), se: Nullable(Type.Number()), ci: Nullable(Interval) }))),
      }),
    ),
  ),
  numbers: Type.Optional(Nullable(NumberFigures)),
  entries: Type.Optional(EntryFigures),
  ranking: Type.Optional(
    Nullable(Type.Array(Type.Object({ value: Type.String(), label: LocalizedText, ranked: Type.Number(), meanPosition: Nullable(Type.Number()), firstPercent: Nullable(Type.Number()) }))),
  ),
});
export type GroupFigures = Static<typeof GroupFigures>;

/** The weighting beside every weighted view, over the places the user may see (the weights are the county's). */
export const Weighting = Type.Object({
  method: Type.Literal('raking'),
  margins: Type.Array(Type.String()),
  /** Which variance the weighted intervals use: the calibrated design's (R's rake()/calibrate()) or the weights taken as given. */
  intervals: Type.Union([Type.Literal('calibrated'), Type.Literal('fixed-weights')]),
  /** Weighted respondents. */
  respondents: Type.Number(),
  /** Kish's design effect of unequal weights and the effective sample size. */
  designEffect: Type.Number(),
  effectiveSampleSize: Type.Number(),
  /** Smallest, largest and mean weight; null with no weighted respondent. */
  weights: Nullable(Type.Object({ min: Type.Number(), max: Type.Number(), mean: Type.Number() })),
  /** The survey's bounds on the weights (× the mean weight), null for none; whether any weight is held at one. */
  bounds: Nullable(Type.Object({ lower: Type.Number(), upper: Type.Number() })),
  boundsBind: Type.Boolean(),
  converged: Type.Boolean(),
  maxRelativeError: Type.Number(),
  excluded: Type.Number(),
  unrepresented: Type.Array(Type.String()),
});
export type Weighting = Static<typeof Weighting>;

/**
 * What the figures rest on. For a viewer every figure is of their own places only (responses,
 * synthetic ones, the latest time, and the weighting's diagnostics): the county's totals would tell
 * them about places outside their scope.
 */
export const ResultsMeta = Type.Object({
  survey: Type.String(),
  /** Responses in the index (all, before filters), or in the viewer's places. */
  responses: Type.Number(),
  /** The latest submission time among them. */
  dataAsOf: Nullable(Type.String()),
  filters: Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.String()) })),
  channels: Nullable(Type.Array(Type.String())),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  weighting: Nullable(Weighting),
  suppression: Type.Object({ minGroupSize: Type.Number(), minCellSize: Type.Number() }),
  synthetic: Type.Number(),
});
export type ResultsMeta = Static<typeof ResultsMeta>;

export const QuestionParams = Type.Object({ survey: SurveyKey, question: Type.String({ maxLength: 200 }) });
export const ResultsQuery = Type.Object(ViewQuery, { additionalProperties: false });

export const ResultsSurvey = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: LocalizedText,
  audience: Type.String(),
  status: Type.String(),
  opens: Nullable(Type.String()),
  closes: Nullable(Type.String()),
  responses: Type.Number(),
  /** Of `responses`, the generated demo ones (`npm run demo`); distribution's counts leave them out. */
  synthetic: Type.Number(),
  latestResponse: Nullable(Type.String()),
  municipalityQuestion: Nullable(Type.String({ description: 'the question whose answer is the municipality: the data exports take it as `group`, not as a filter' })),
});
export type ResultsSurvey = Static<typeof ResultsSurvey>;
export const ResultsSurveys = Type.Object({ surveys: Type.Array(ResultsSurvey) });
export type ResultsSurveys = Static<typeof ResultsSurveys>;

// Counts follow the survey's disclosure policy: a hidden municipality or area has null responses
// and says why (`hidden`); its block's count follows from its area's.
const HiddenPlace = Nullable(Type.Union([Type.Literal('small_group'), Type.Literal('complementary')], { description: 'why the place has no count of its own (it is in a block of small municipalities), or null' }));
export const Collection = Type.Object({
  survey: Type.String(),
  total: Nullable(Type.Number()),
  outsideCounty: Nullable(Type.Number()),
  municipalities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), area: Type.String(), population: Type.Number(), responses: Nullable(Type.Number()), per1000: Nullable(Type.Number()), hidden: HiddenPlace })),
  areas: Type.Array(Type.Object({ area: Type.String(), population: Type.Number(), responses: Nullable(Type.Number()), per1000: Nullable(Type.Number()), hidden: HiddenPlace })),
  channels: Type.Record(Type.String(), Type.Number()),
  days: Type.Array(Type.Object({ date: Type.String(), responses: Type.Number() })),
});
export type Collection = Static<typeof Collection>;

export const Variables = Type.Object({ questions: Type.Array(Variable) });
export type Variables = Static<typeof Variables>;

export const QuestionResult = Type.Object({ meta: ResultsMeta, question: Variable, groups: Type.Array(GroupFigures) });
export type QuestionResult = Static<typeof QuestionResult>;

export const SummaryResult = Type.Object({ meta: ResultsMeta, questions: Type.Array(Type.Object({ question: Variable, groups: Type.Array(GroupFigures) })) });
export type SummaryResult = Static<typeof SummaryResult>;

export const CrosstabQuery = Type.Object(
  { ...ViewQuery, rows: Type.String({ maxLength: 200 }), columns: Type.String({ maxLength: 200 }), group: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);

const Cell = Nullable(Type.Number());
export const CrosstabTest = Type.Object({
  chiSquare: Type.Number(),
  df: Type.Number(),
  pValue: Type.Number(),
  cramersV: Type.Number(),
  smallExpected: Type.Object({ cellsBelow5: Type.Number(), share: Type.Number(), minExpected: Type.Number(), warning: Type.Boolean() }),
});
export const WeightedCrosstabTest = Type.Object({
  firstOrder: Type.Object({ chiSquare: Type.Number(), df: Type.Number(), pValue: Type.Number() }),
  secondOrder: Type.Object({ f: Type.Number(), df1: Type.Number(), df2: Type.Number(), pValue: Type.Number() }),
  meanDesignEffect: Type.Number(),
});
export const Crosstab = Type.Object({
  meta: ResultsMeta,
  group: Type.String(),
  rows: Variable,
  columns: Variable,
  suppressed: Type.Boolean(),
  table: Nullable(
    Type.Object({
      rowValues: Type.Array(Type.String()),
      columnValues: Type.Array(Type.String()),
      counts: Type.Array(Type.Array(Cell)),
      rowPercents: Type.Array(Type.Array(Cell)),
      columnPercents: Type.Array(Type.Array(Cell)),
      rowTotals: Type.Array(Cell),
      columnTotals: Type.Array(Cell),
      total: Type.Number(),
      test: Nullable(CrosstabTest),
      weightedTest: Nullable(WeightedCrosstabTest),
      testWithheld: Type.Boolean(),
    }),
  ),
});
export type Crosstab = Static<typeof Crosstab>;

/**
 * Why each hidden figure of a cross-tab is hidden (null where shown). The service gives it to the
 * exports, which write the reason in the figure's place; the API's answer (Crosstab) leaves it out.
 */
export const CrosstabReasons = Type.Object({
  cells: Type.Array(Type.Array(SuppressionReason)),
  rowTotals: Type.Array(SuppressionReason),
  columnTotals: Type.Array(SuppressionReason),
});
export type CrosstabReasons = Static<typeof CrosstabReasons>;
/** The service's cross-tab: the API's, and the reasons for the exports. */
export type CrosstabWithReasons = Omit<Crosstab, 'table'> & { table: (NonNullable<Crosstab['table']> & { reasons: CrosstabReasons }) | null };

export const QuotesQuery = Type.Object(
  {
    ...ViewQuery,
    group: Type.Optional(Type.String({ maxLength: 100 })),
    /** Codes (comma-separated) to quote; every code of the codebook by default. */
    codes: Type.Optional(Type.String({ maxLength: 2000 })),
    per: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    redact: Type.Optional(Type.Boolean()),
    lang: Type.Optional(Type.Union([Type.Literal('fi'), Type.Literal('sv')])),
  },
  { additionalProperties: false },
);
export const Quotes = Type.Object({
  meta: ResultsMeta,
  question: Variable,
  group: Type.String(),
  suppressed: Type.Boolean(),
  redacted: Type.Boolean(),
  codes: Type.Array(
    Type.Object({
      code: Type.String(),
      label: LocalizedText,
      /** Why this code has no quotes in the group: its count is hidden there. */
      suppressed: Type.Boolean(),
      quotes: Type.Array(Type.String()),
    }),
  ),
});
export type Quotes = Static<typeof Quotes>;

export const OpenQuery = Type.Object(
  { ...ViewQuery, group: Type.Optional(Type.String({ maxLength: 100 })), search: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);
export const OpenAnswers = Type.Object({ meta: ResultsMeta, question: Variable, group: Type.String(), suppressed: Type.Boolean(), n: Nullable(Type.Number()), answers: Type.Array(Type.String()) });
export type OpenAnswers = Static<typeof OpenAnswers>;

/**
 * The answers every results route may give besides its figures: a refusal, and 503
 * `results_preparing` (with Retry-After and X-Results-Progress) while the survey's index loads.
 */
export const ResultsRefusals = {
  '4xx': ErrorBody,
  503: Type.Object(ErrorBody.properties, {
    description: '`results_preparing`: the survey\'s results index is loading. `Retry-After` says when to ask again, `X-Results-Progress` how far the load has come (percent).',
  }),
};

export { ResultsSurveyParams };
