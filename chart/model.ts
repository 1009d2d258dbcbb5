// What a question's bar chart shows, decided once for every place that draws it: the workspace's
// panels, the SVG and PNG files, and the native PowerPoint and Word charts. The order of the
// answers, their labels, the percentages and 95% intervals (weighted when the view is), n, which
// groups and cells are hidden and why, and the value axis's end. Pure: a results answer in, plain
// data out, so the browser bundle and the server build share it.
import { isChartableKind, RESULT_KINDS, type ResultKind } from '../server/questions/result-kinds.ts';
import { axisMax, ticks } from './scale.ts';

export interface Interval {
  lower: number;
  upper: number;
}

export type HiddenReason = 'small_group' | 'small_cell' | 'complementary';
export type ChartKind = Extract<ResultKind, 'single' | 'rating' | 'multi' | 'ranking'>;

/**
 * The part of a results answer (`GET /api/results/:survey/questions/:key`) a chart reads; `L` is its
 * label type (a text per language), turned into words by the caller's `text` function.
 */
export interface ChartSource<L> {
  meta: { weighting: unknown };
  question: { key: string; kind: string; title: L; subtitle: L | null };
  groups: readonly {
    key: string;
    level: 'county' | 'area' | 'municipality';
    label: L;
    n: number | null;
    weightedN?: number | null;
    suppressed: boolean;
    suppression: HiddenReason | null;
    categories?: readonly {
      value: string;
      label: L;
      count: number | null;
      percent: number | null;
      ci: Interval | null;
      suppressed: boolean;
      suppression: HiddenReason | null;
      weighted?: { percent: number; ci: Interval } | null;
    }[];
    ranking?: readonly { value: string; label: L; firstPercent: number | null }[] | null;
  }[];
}

export interface ChartBar {
  value: string;
  label: string;
  /** The percent the bar shows (weighted in a weighted view); null when hidden. */
  percent: number | null;
  /** Its 95% interval; null when hidden or when the figure has none (a ranking's first places). */
  interval: Interval | null;
  /** Respondents who chose it (unweighted); null when hidden or not a count (ranking). */
  count: number | null;
  /** Why it is hidden, or null when shown. */
  hidden: HiddenReason | null;
}

export interface ChartSeries {
  /** The group's key: `county`, an area's name or a municipality's code. */
  key: string;
  level: 'county' | 'area' | 'municipality';
  label: string;
  n: number | null;
  weightedN: number | null;
  /** Why the whole group is hidden (then it has no bars), or null. */
  hidden: HiddenReason | null;
  /** In the chart's order, one per category. */
  bars: ChartBar[];
}

export interface ChartModel {
  question: { key: string; kind: ChartKind; title: string; subtitle: string | null };
  /** What a bar's length is: a percent of those who answered, or (ranking) of those who put it first. */
  measure: 'percent' | 'firstPercent';
  weighted: boolean;
  /** The answers in the order every series draws them. */
  categories: { value: string; label: string }[];
  /** One per group, in the answer's order; hidden groups included, with no bars. */
  series: ChartSeries[];
  /** The value axis runs from 0 to this (the same for every series, so they compare). */
  axisMax: number;
  ticks: number[];
}

/** Whether a results kind is drawn as bars, as the kinds' registry says (numbers are a table, open answers are quotes). */
export function isCharted(kind: string): kind is ChartKind {
  return (RESULT_KINDS as readonly string[]).includes(kind) && isChartableKind(kind as ResultKind);
}

/**
 * The chart of one results answer. Multiple-choice answers are ordered by the county's percentages
 * (the first shown group's when the county is hidden or absent), largest first, and every group
 * keeps that order so that panels and the grouped chart's bars line up; other kinds keep the survey's order (a ranking's as the API
 * gives it). `text` turns a label into the words of the chosen language.
 */
export function chartModel<L>(result: ChartSource<L>, text: (label: L) => string): ChartModel {
  const kind = result.question.kind;
  if (!isCharted(kind)) throw new Error(`a ${kind} question has no bar chart`);
  const weighted = result.meta.weighting !== null && result.meta.weighting !== undefined;
  const series: ChartSeries[] = result.groups.map((g) => ({
    key: g.key,
    level: g.level,
    label: text(g.label),
    n: g.n,
    weightedN: g.weightedN ?? null,
    hidden: g.suppressed ? (g.suppression ?? 'small_group') : null,
    bars: g.suppressed ? [] : barsOf(g, kind, weighted, text),
  }));
  // The county's order when it is shown, so that a comparison's panels and its grouped chart list
  // the answers alike whichever places are compared; else the first shown group's.
  const shown = series.filter((s) => s.hidden === null && s.bars.length > 0);
  const first = shown.find((s) => s.level === 'county') ?? shown[0];
  const categories = (first?.bars ?? []).map((b) => ({ value: b.value, label: b.label }));
  if (kind === 'multi' && first) {
    const share = new Map(first.bars.map((b) => [b.value, b.percent ?? -1]));
    // A stable sort: equal shares keep the survey's order.
    categories.sort((a, b) => share.get(b.value)! - share.get(a.value)!);
  }
  const rank = new Map(categories.map((c, i) => [c.value, i]));
  const position = (value: string) => rank.get(value) ?? categories.length;
  for (const s of series) s.bars.sort((a, b) => position(a.value) - position(b.value));
  const max = axisMax(series.flatMap((s) => s.bars.map((b) => b.interval?.upper ?? b.percent ?? 0)));
  return {
    question: { key: result.question.key, kind, title: text(result.question.title) || result.question.key, subtitle: result.question.subtitle === null ? null : text(result.question.subtitle) || null },
    measure: kind === 'ranking' ? 'firstPercent' : 'percent',
    weighted,
    categories,
    series,
    axisMax: max,
    ticks: ticks(max, max <= 20 ? 4 : 5),
  };
}

function barsOf<L>(group: ChartSource<L>['groups'][number], kind: ChartKind, weighted: boolean, text: (label: L) => string): ChartBar[] {
  if (kind === 'ranking') {
    // A first-place share hidden by the service is a small cell: fewer put it first than the threshold.
    return (group.ranking ?? []).map((r) => ({ value: r.value, label: text(r.label), percent: r.firstPercent, interval: null, count: null, hidden: r.firstPercent === null ? 'small_cell' : null }));
  }
  return (group.categories ?? []).map((c) => {
    if (c.suppressed) return { value: c.value, label: text(c.label), percent: null, interval: null, count: null, hidden: c.suppression ?? 'small_cell' };
    const shown = weighted && c.weighted ? c.weighted : c.percent === null ? null : { percent: c.percent, ci: c.ci };
    return { value: c.value, label: text(c.label), percent: shown?.percent ?? null, interval: shown?.ci ?? null, count: c.count, hidden: null };
  });
}

/** The series that have bars to draw (hidden groups have none). */
export function shownSeries(model: ChartModel): ChartSeries[] {
  return model.series.filter((s) => s.hidden === null && s.bars.length > 0);
}

/** The part of a cross-tabulation (`GET /api/results/:survey/crosstab`) its chart reads. */
export interface CrosstabSource {
  rowValues: readonly string[];
  columnValues: readonly string[];
  counts: readonly (readonly (number | null)[])[];
  rowPercents: readonly (readonly (number | null)[])[];
  columnPercents: readonly (readonly (number | null)[])[];
  rowTotals: readonly (number | null)[];
  columnTotals: readonly (number | null)[];
}

/**
 * A cross-tabulation as a grouped chart: one series per group of the explanatory variable, one bar
 * per answer of the outcome, each the share within its group (the table's percentages within that
 * variable). `within` says which of the table's sides is the explanatory one: `column` (the
 * outcome in the rows, the default) or `row`. A hidden cell is a hidden bar.
 */
export function crosstabChartModel(
  table: CrosstabSource,
  within: 'row' | 'column',
  labels: { title: string; row(value: string): string; column(value: string): string },
): ChartModel {
  const byColumn = within === 'column';
  const groups = byColumn ? table.columnValues : table.rowValues;
  const answers = byColumn ? table.rowValues : table.columnValues;
  const at = (g: number, a: number) => (byColumn ? { r: a, c: g } : { r: g, c: a });
  const series: ChartSeries[] = groups.map((group, g) => ({
    key: group,
    level: 'municipality',
    label: byColumn ? labels.column(group) : labels.row(group),
    n: (byColumn ? table.columnTotals : table.rowTotals)[g] ?? null,
    weightedN: null,
    hidden: null,
    bars: answers.map((answer, a) => {
      const { r, c } = at(g, a);
      const percent = (byColumn ? table.columnPercents : table.rowPercents)[r]?.[c] ?? null;
      const count = table.counts[r]?.[c] ?? null;
      return { value: answer, label: byColumn ? labels.row(answer) : labels.column(answer), percent: count === null ? null : percent, interval: null, count, hidden: count === null ? 'small_cell' : null };
    }),
  }));
  const max = axisMax(series.flatMap((s) => s.bars.map((b) => b.percent ?? 0)));
  return {
    question: { key: 'crosstab', kind: 'single', title: labels.title, subtitle: null },
    measure: 'percent',
    weighted: false,
    categories: answers.map((a) => ({ value: a, label: byColumn ? labels.row(a) : labels.column(a) })),
    series,
    axisMax: max,
    ticks: ticks(max, max <= 20 ? 4 : 5),
  };
}
