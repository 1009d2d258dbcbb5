// The results API's answers are the server's own schemas (server/results/schemas.ts), imported as
// types only: nothing of the server reaches the bundle, and the two cannot drift apart. The short
// names are the ones the workspace's components have always used.
export type {
  CategoryFigure as Category,
  Collection,
  Crosstab,
  GroupFigures as Group,
  Interval,
  Level,
  OpenAnswers,
  QuestionResult,
  ResultsMeta as Meta,
  ResultsSurvey,
  ResultsSurveys,
  SummaryResult,
  SuppressionReason,
  Variable,
  Variables,
  VariableKind as Kind,
  Weighting,
} from '../../../../server/results/schemas.ts';
export type { LocalizedText as Text } from '../../../../server/surveys/envelope.ts';
