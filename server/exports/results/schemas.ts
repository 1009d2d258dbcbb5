// The results exports' contract: a view's query (the results routes' own, so a file is exactly a
// view), the language of the words around the figures, and a batch's plan. The files themselves
// are described by their media types.
import { Type, type Static } from 'typebox';
import { fileAnswer, SurveyKey } from '../../http/schema-parts.ts';
import { ViewQuery } from '../../http/schemas.ts';
import { ResultsRefusals } from '../../results/schemas.ts';
import { LANGUAGES } from './texts.ts';

export const ExportLanguage = Type.Enum(LANGUAGES);
export type ExportLanguage = Static<typeof ExportLanguage>;

export const BatchKind = Type.Union([Type.Literal('deck'), Type.Literal('report')]);
export type BatchKind = Static<typeof BatchKind>;
export const BatchLevel = Type.Union([Type.Literal('municipality'), Type.Literal('area')]);
export type BatchLevel = Static<typeof BatchLevel>;

// The question key and the format in one segment: `muutos_osa_alueet.svg`.
export const ChartParams = Type.Object({ survey: SurveyKey, file: Type.String({ maxLength: 210, pattern: '^[^/]+\\.(svg|png)$' }) });
export const TableParams = Type.Object({ survey: SurveyKey, file: Type.String({ maxLength: 210, pattern: '^[^/]+\\.xlsx$' }) });

const ExportQuery = { ...ViewQuery, lang: Type.Optional(ExportLanguage) };
const Questions = Type.String({ maxLength: 4000, description: 'question keys, comma-separated' });

export const TableQuery = Type.Object(ExportQuery, { additionalProperties: false });
export const ChartLayout = Type.Union([Type.Literal('panels'), Type.Literal('grouped')], {
  description: '`panels` (the default): one panel per group; `grouped`: one chart, one bar per group under each answer',
});
export type ChartLayout = Static<typeof ChartLayout>;
export const ChartQuery = Type.Object({ ...ExportQuery, layout: Type.Optional(ChartLayout) }, { additionalProperties: false });
export const DocumentQuery = Type.Object({ ...ExportQuery, questions: Questions }, { additionalProperties: false });
/** A trend chart's file: the trend route's places and weighting (no filters: a trend takes none), the language, and the category drawn for every place. */
export const TrendChartQuery = Type.Object(
  {
    groupBy: ViewQuery.groupBy,
    compare: ViewQuery.compare,
    weights: ViewQuery.weights,
    se: ViewQuery.se,
    lang: Type.Optional(ExportLanguage),
    category: Type.Optional(Type.String({ maxLength: 200, description: "the category (a choice's value) drawn for every place; without it, every category of the one place (or the mean)" })),
  },
  { additionalProperties: false },
);
export const CrosstabQuery = Type.Object(
  {
    ...ExportQuery,
    rows: Type.String({ maxLength: 200, description: 'the rows question (single choice or rating)' }),
    columns: Type.String({ maxLength: 200, description: 'the columns question' }),
    group: Type.Optional(Type.String({ maxLength: 100, description: '`county` (the default), an area or a municipality code' })),
  },
  { additionalProperties: false },
);
export const BatchQuery = Type.Object({ ...ExportQuery, questions: Questions, per: Type.Optional(BatchLevel) }, { additionalProperties: false });
export const PlanQuery = Type.Object({ ...ExportQuery, questions: Questions, per: Type.Optional(BatchLevel), kind: BatchKind }, { additionalProperties: false });

/** Which groups of a batch get a file, and which are left out and why. */
export const BatchPlan = Type.Object({
  per: BatchLevel,
  kind: BatchKind,
  questions: Type.Array(Type.String()),
  files: Type.Array(Type.Object({ group: Type.String(), label: Type.String(), file: Type.String() })),
  leftOut: Type.Array(Type.Object({ group: Type.String(), label: Type.String(), reason: Type.String() })),
});
export type BatchPlan = Static<typeof BatchPlan>;

// Figures come from the results service, which answers 503 results_preparing while the index loads.
const refusals = ResultsRefusals;
export const ChartFile = { 200: fileAnswer(['image/svg+xml', 'image/png'], 'the chart'), ...refusals };
export const XlsxFile = { 200: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the workbook'), ...refusals };
export const DocumentFile = (type: 'deck' | 'report') =>
  ({
    200: fileAnswer(type === 'deck' ? 'application/vnd.openxmlformats-officedocument.presentationml.presentation' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', `the ${type}`),
    ...refusals,
  }) as const;
export const ZipFile = { 200: fileAnswer('application/zip', 'a file per group, streamed, with jatetty-pois.txt naming the groups left out'), ...refusals };
export const PlanAnswer = { 200: BatchPlan, ...refusals };
