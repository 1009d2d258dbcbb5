// The results API's answers, as the route schemas in server/results/routes.ts describe them. Those
// schemas are module-private there, so the shapes are restated here (types only); if the server
// exports them, these become `Static<typeof …>`.
import type { Static } from 'typebox';
import type { LocalizedText } from '../../../../server/surveys/envelope.ts';

export type Text = Static<typeof LocalizedText>;
export type Level = 'county' | 'area' | 'municipality';
export type Kind = 'single' | 'rating' | 'multi' | 'ranking' | 'number' | 'text';
export type SuppressionReason = 'small_group' | 'small_cell' | 'complementary' | null;
export interface Interval {
  lower: number;
  upper: number;
}

export interface Variable {
  key: string;
  question: string;
  kind: Kind;
  title: Text;
  subtitle: Text | null;
  visibleIf: string | null;
  categories: { value: string; label: Text }[];
}

export interface Category {
  value: string;
  label: Text;
  count: number | null;
  percent: number | null;
  ci: Interval | null;
  suppressed: boolean;
  suppression: SuppressionReason;
  weighted?: { percent: number; ci: Interval } | null;
}

export interface Group {
  key: string;
  level: Level;
  label: Text;
  parent: string | null;
  n: number | null;
  suppressed: boolean;
  suppression: SuppressionReason;
  weightedN?: number | null;
  categories?: Category[];
  rating?: { mean: number | null; median: number | null; cantSay: number; topTwo: { percent: number; ci: Interval } | null } | null;
  numbers?: { n: number; missing: number; mean: number | null; sd: number | null; median: number | null; q1: number | null; q3: number | null; min: number | null; max: number | null } | null;
  ranking?: { value: string; label: Text; ranked: number; meanPosition: number | null; firstPercent: number | null }[] | null;
}

export interface Weighting {
  method: 'raking';
  margins: string[];
  designEffect: number;
  effectiveSampleSize: number;
  trimmed: { lower: number; upper: number };
  converged: boolean;
  maxRelativeError: number;
  excluded: number;
  unrepresented: string[];
}

export interface Meta {
  survey: string;
  responses: number;
  dataAsOf: string | null;
  filters: { key: string; values: string[] }[];
  channels: string[] | null;
  from: string | null;
  to: string | null;
  weighting: Weighting | null;
  suppression: { minGroupSize: number; minCellSize: number };
  synthetic: number;
}

export interface QuestionResult {
  meta: Meta;
  question: Variable;
  groups: Group[];
}

export interface SummaryResult {
  meta: Meta;
  questions: { question: Variable; groups: Group[] }[];
}

export interface Crosstab {
  meta: Meta;
  group: string;
  rows: Variable;
  columns: Variable;
  suppressed: boolean;
  table: {
    rowValues: string[];
    columnValues: string[];
    counts: (number | null)[][];
    rowPercents: (number | null)[][];
    columnPercents: (number | null)[][];
    rowTotals: (number | null)[];
    columnTotals: (number | null)[];
    total: number;
    test: { chiSquare: number; df: number; pValue: number; cramersV: number; smallExpected: { cellsBelow5: number; share: number; minExpected: number; warning: boolean } } | null;
    weightedTest: {
      firstOrder: { chiSquare: number; df: number; pValue: number };
      secondOrder: { f: number; df1: number; df2: number; pValue: number };
      meanDesignEffect: number;
    } | null;
    testWithheld: boolean;
  } | null;
}

export interface OpenAnswers {
  meta: Meta;
  question: Variable;
  group: string;
  suppressed: boolean;
  n: number | null;
  answers: string[];
}

export interface ResultsSurvey {
  id: string;
  version: number;
  title: Text;
  audience: string;
  status: string;
  opens: string | null;
  closes: string | null;
  responses: number;
  latestResponse: string | null;
  municipalityQuestion: string | null;
}

export interface Collection {
  survey: string;
  total: number;
  outsideCounty: number;
  municipalities: { code: string; name: string; area: string; population: number; responses: number; per1000: number | null }[];
  areas: { area: string; population: number; responses: number; per1000: number | null }[];
  channels: Record<string, number>;
  days: { date: string; responses: number }[];
}
