// What a trend chart shows (one question over the waves of a series), decided once for the
// workspace and the files: the waves along x (a wave left out as not comparable keeps its place but
// has no points), one line per place for one category or one line per category of one place, each
// point's estimate, 95% interval and n, which points are hidden and why, which points are joined
// (never across a hidden point or a left-out wave), and the value axis. Pure: a trend answer
// (GET /api/results/:survey/trend, server/results/trend-schemas.ts) in, plain data out.
import type { Interval } from './model.ts';
import { axisMax, tickStep, ticks } from './scale.ts';

export type TrendHidden = 'small_group' | 'small_cell' | 'complementary' | 'hidden_in_a_wave';

/** The part of a trend answer the chart reads; `L` is its label type, made words by the caller's `text`. */
export interface TrendSource<L> {
  meta: { measure: 'proportion' | 'mean' };
  question: { key: string; title: L };
  comparable: boolean;
  waves: readonly { survey: string; wave: string; included: boolean; reason: string | null }[];
  groups: readonly {
    key: string;
    level: 'county' | 'area' | 'municipality';
    label: L;
    suppressed: boolean;
    suppression: TrendHidden | null;
    lines: readonly {
      value: string;
      label: L;
      points: readonly { survey: string; wave: string; n: number | null; estimate: number | null; ci: Interval | null; suppressed: boolean; suppression: TrendHidden | null }[];
    }[];
  }[];
}

export interface TrendModelPoint {
  /** The wave's index in `waves`. */
  at: number;
  wave: string;
  estimate: number | null;
  interval: Interval | null;
  n: number | null;
  /** Why the point is not drawn (a gap in its line), or null. */
  hidden: TrendHidden | null;
}

export interface TrendSeries {
  /** `<group>` (one category, several places) or `<group>/<category>` (one place, its categories). */
  key: string;
  group: string;
  value: string;
  label: string;
  /** The whole place is hidden (it has no points), or null. */
  hidden: TrendHidden | null;
  /** One per included wave, in the waves' order. */
  points: TrendModelPoint[];
  /** Runs of consecutive drawn points (indices into `points`), each drawn as one polyline. */
  runs: number[][];
}

export interface TrendModel {
  question: { key: string; title: string };
  measure: 'proportion' | 'mean';
  /** Every wave of the series up to the asked one, in order; a left-out wave has `included` false and its reason. */
  waves: { survey: string; wave: string; included: boolean; reason: string | null }[];
  /** `place`: one line per place for `category`; `category`: one line per category of one place. */
  by: 'place' | 'category';
  /** The category every line shows when `by` is `place`. */
  category: { value: string; label: string } | null;
  series: TrendSeries[];
  axis: { min: number; max: number; ticks: number[] };
}

/**
 * The chart of a trend answer. With `category`, one line per place (groups in the answer's order) for
 * that category; without, one line per category of the first group (or of `group`). A place hidden
 * in any wave is a series with no points; a hidden point breaks its line.
 */
export function trendModel<L>(source: TrendSource<L>, text: (label: L) => string, choose: { category?: string; group?: string } = {}): TrendModel {
  const waves = source.waves.map((w) => ({ survey: w.survey, wave: w.wave, included: w.included, reason: w.reason }));
  const index = new Map(waves.map((w, i) => [w.survey, i]));
  const toSeries = (key: string, group: string, value: string, label: string, hidden: TrendHidden | null, raw: TrendSource<L>['groups'][number]['lines'][number]['points']): TrendSeries => {
    const points: TrendModelPoint[] = raw
      .filter((p) => index.has(p.survey) && waves[index.get(p.survey)!]!.included)
      .map((p) => {
        const shown = !p.suppressed && p.estimate !== null;
        return { at: index.get(p.survey)!, wave: p.wave, estimate: shown ? p.estimate : null, interval: shown ? p.ci : null, n: p.n, hidden: shown ? null : (p.suppression ?? 'small_cell') };
      })
      .sort((a, b) => a.at - b.at);
    // Joined only between neighbouring included waves, both points drawn.
    const runs: number[][] = [];
    let run: number[] = [];
    points.forEach((p, i) => {
      const previous = points[i - 1];
      const joined = previous !== undefined && previous.hidden === null && p.hidden === null && p.at === previous.at + 1;
      if (!joined && run.length) {
        runs.push(run);
        run = [];
      }
      if (p.hidden === null) run.push(i);
    });
    if (run.length) runs.push(run);
    return { key, group, value, label, hidden, points: hidden ? [] : points, runs: hidden ? [] : runs };
  };

  let series: TrendSeries[];
  let category: TrendModel['category'] = null;
  if (choose.category !== undefined) {
    const value = choose.category;
    const first = source.groups.flatMap((g) => g.lines).find((l) => l.value === value);
    category = { value, label: first ? text(first.label) : value };
    series = source.groups.map((g) => {
      const line = g.lines.find((l) => l.value === value);
      return toSeries(g.key, g.key, value, text(g.label), g.suppressed ? (g.suppression ?? 'small_group') : null, line?.points ?? []);
    });
  } else {
    const g = source.groups.find((x) => x.key === choose.group) ?? source.groups[0];
    series = g ? g.lines.map((l) => toSeries(`${g.key}/${l.value}`, g.key, l.value, text(l.label), g.suppressed ? (g.suppression ?? 'small_group') : null, l.points)) : [];
  }

  const drawn = series.flatMap((s) => s.points.filter((p) => p.hidden === null));
  const highs = drawn.map((p) => p.interval?.upper ?? p.estimate!);
  const lows = drawn.map((p) => p.interval?.lower ?? p.estimate!);
  let axis: TrendModel['axis'];
  if (source.meta.measure === 'proportion') {
    const max = axisMax(highs);
    axis = { min: 0, max, ticks: ticks(max, max <= 20 ? 4 : 5) };
  } else {
    axis = meanAxis(lows, highs);
  }
  return { question: { key: source.question.key, title: text(source.question.title) || source.question.key }, measure: source.meta.measure, waves, by: choose.category !== undefined ? 'place' : 'category', category, series, axis };
}

/** A mean's axis: from a round value at or below the lowest whisker to one at or above the highest, never below 0 for non-negative data. */
export function meanAxis(lows: readonly number[], highs: readonly number[]): TrendModel['axis'] {
  if (lows.length === 0) return { min: 0, max: 1, ticks: [0, 0.5, 1] };
  let low = Math.min(...lows);
  let high = Math.max(...highs);
  if (high - low < 1e-9) {
    low -= 1;
    high += 1;
  }
  const step = tickStep(high - low, 4);
  let min = Math.floor(low / step) * step;
  if (low >= 0 && min < 0) min = 0;
  const max = Math.ceil(high / step - 1e-9) * step;
  const out: number[] = [];
  for (let v = min; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return { min, max, ticks: out };
}

/** The series that have points to draw. */
export const drawnTrendSeries = (model: TrendModel) => model.series.filter((s) => s.hidden === null && s.points.some((p) => p.hidden === null));
