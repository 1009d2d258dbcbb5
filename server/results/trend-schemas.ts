// The trend route's contract (GET /api/results/:survey/trend): one question over the waves of the
// survey's series. Beside schemas.ts, which holds the other results routes'.
import { Type, type Static } from 'typebox';
import { Nullable } from '../http/schema-parts.ts';
import { LocalizedText } from '../surveys/envelope.ts';
import { Interval, Level, Variable } from './schemas.ts';

export const TrendQuery = Type.Object(
  {
    /** The question's key in the survey asked for (the latest wave the trend reaches); a matrix row as `question.row`. */
    question: Type.String({ minLength: 1, maxLength: 200 }),
    groupBy: Type.Optional(Type.Union([Type.Literal('county'), Type.Literal('area'), Type.Literal('municipality')])),
    compare: Type.Optional(Type.String({ maxLength: 500 })),
    weights: Type.Optional(Type.Literal('population')),
    se: Type.Optional(Type.Union([Type.Literal('calibrated'), Type.Literal('fixed')])),
  },
  { additionalProperties: false },
);
export type TrendQuery = Static<typeof TrendQuery>;

const TrendHidden = Nullable(Type.Union([Type.Literal('small_group'), Type.Literal('small_cell'), Type.Literal('complementary'), Type.Literal('hidden_in_a_wave')]));

export const TrendWave = Type.Object({
  survey: Type.String(),
  wave: Type.String(),
  title: Type.String(),
  /** The question's key in this wave (another when it was renamed); null when it has none. */
  question: Nullable(Type.String()),
  /** Whether this wave is in the trend: false when the question is not comparable with the later waves'. */
  included: Type.Boolean(),
  /** Why a wave is left out (the wave mapping's note). */
  reason: Nullable(Type.String()),
  /** This wave's answers recoded into the trend's categories (old value → new), only those that change. */
  recoded: Type.Record(Type.String(), Type.String()),
  /** Responses of the wave the user may see, and how many of them are synthetic. */
  responses: Type.Number(),
  synthetic: Type.Number(),
});

export const TrendPoint = Type.Object({
  survey: Type.String(),
  wave: Type.String(),
  /** Unweighted respondents the estimate rests on (a proportion: who answered; a mean: who gave a scale value or a number). */
  n: Nullable(Type.Number()),
  /** n / design effect: n itself unweighted. */
  effectiveN: Nullable(Type.Number()),
  /** A percentage (0–100) of those who answered, or a mean. */
  estimate: Nullable(Type.Number()),
  /** Its design-based standard error (percentage points for a percentage). */
  se: Nullable(Type.Number()),
  /** 95%: Wilson (unweighted percentage), logit (weighted percentage), mean ± t·se (means). */
  ci: Nullable(Interval),
  suppressed: Type.Boolean(),
  suppression: TrendHidden,
});

export const TrendChange = Type.Object({
  from: Type.String({ description: 'the earlier wave (its survey id)' }),
  to: Type.String({ description: 'the later wave (its survey id)' }),
  span: Type.Union([Type.Literal('consecutive'), Type.Literal('firstToLast')]),
  /** later − earlier, in the estimate's units (percentage points for a percentage). */
  difference: Nullable(Type.Number()),
  /** √(se_earlier² + se_later²): independent samples, each wave's own design. */
  se: Nullable(Type.Number()),
  ci: Nullable(Interval),
  /** The Wald test of no change: z = difference / se, two-sided p. */
  z: Nullable(Type.Number()),
  p: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
});

export const TrendLine = Type.Object({
  /** A category of the question (a choice, a checkbox option) or `mean`. */
  value: Type.String(),
  label: LocalizedText,
  points: Type.Array(TrendPoint),
  changes: Type.Array(TrendChange),
});

export const TrendGroup = Type.Object({
  key: Type.String(),
  level: Level,
  label: LocalizedText,
  parent: Nullable(Type.String()),
  /** A place hidden in any wave is hidden in every wave of the trend. */
  suppressed: Type.Boolean(),
  suppression: TrendHidden,
  lines: Type.Array(TrendLine),
});

export const TrendResult = Type.Object({
  meta: Type.Object({
    survey: Type.String(),
    series: Type.String(),
    /** `proportion` per category (single choice, each option of a multiple choice), or `mean` (rating, number). */
    measure: Type.Union([Type.Literal('proportion'), Type.Literal('mean')]),
    /** Which intervals and standard errors: unweighted (`srs`), or the weighted design's (`calibrated`, `fixed-weights`). */
    intervals: Type.Union([Type.Literal('srs'), Type.Literal('calibrated'), Type.Literal('fixed-weights')]),
    suppression: Type.Object({ minGroupSize: Type.Number(), minCellSize: Type.Number() }),
  }),
  question: Variable,
  /** False when fewer than two waves can be compared: no trend is drawn, `reason` says why. */
  comparable: Type.Boolean(),
  reason: Nullable(Type.String()),
  waves: Type.Array(TrendWave),
  groups: Type.Array(TrendGroup),
});
export type TrendResult = Static<typeof TrendResult>;
export type TrendGroup = Static<typeof TrendGroup>;
export type TrendLine = Static<typeof TrendLine>;
export type TrendPoint = Static<typeof TrendPoint>;
export type TrendChange = Static<typeof TrendChange>;
export type TrendWave = Static<typeof TrendWave>;
