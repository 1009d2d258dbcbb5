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
 * The chart of one results answer. Multiple-choice answers are ordered by the first shown group's
 * percentages, largest first (hidden ones last), and every group keeps that order so that panels
 * and a clustered chart's bars line up; other kinds keep the survey's order (a ranking's as the API
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
  const first = series.find((s) => s.hidden === null && s.bars.length > 0);
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
