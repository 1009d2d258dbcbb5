import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TrendChart, type TrendTexts } from '../../chart/TrendChart.tsx';
import { meanAxis, trendModel, type TrendSource } from '../../chart/trend-model.ts';

/*
 * The trend chart's model decides which points are drawn and joined, what is hidden and the axis;
 * the SVG draws exactly that. Three waves: 2017 left out as not comparable, 2021 and 2025 in.
 */

type Source = TrendSource<string>;
type Point = Source['groups'][number]['lines'][number]['points'][number];
const point = (survey: string, estimate: number | null, extra: Partial<Point> = {}): Point => ({
  survey,
  wave: survey.slice(-4),
  n: 200,
  estimate,
  ci: estimate === null ? null : { lower: estimate - 4, upper: estimate + 5 },
  suppressed: estimate === null,
  suppression: estimate === null ? 'small_cell' : null,
  ...extra,
});
const waves = [
  { survey: 's-2017', wave: '2017', included: false, reason: 'not asked' },
  { survey: 's-2021', wave: '2021', included: true, reason: null },
  { survey: 's-2025', wave: '2025', included: true, reason: null },
];
const group = (key: string, lines: Source['groups'][number]['lines'], hidden: Source['groups'][number]['suppression'] = null): Source['groups'][number] => ({
  key,
  level: key === 'county' ? 'county' : 'municipality',
  label: `place ${key}`,
  suppressed: hidden !== null,
  suppression: hidden,
  lines: hidden ? [] : lines,
});
const source = (groups: Source['groups'], measure: 'proportion' | 'mean' = 'proportion'): Source => ({ meta: { measure }, question: { key: 'q', title: 'Question' }, comparable: true, waves, groups });
const same = (s: string) => s;
const texts: TrendTexts = {
  value: (v) => `${v} %`,
  tick: (v) => `${v}`,
  n: (n) => `n = ${n}`,
  notComparable: 'ei vertailukelpoinen',
  hiddenPoint: (s, p) => `${s.label} ${p.wave}: piilotettu`,
  hiddenSeries: () => 'piilotettu kaikilta vuosilta',
};

describe('trendModel', () => {
  it('draws one line per place for a category, a place hidden in any wave with no points, and the axis past the highest whisker', () => {
    const model = trendModel(
      source([
        group('county', [{ value: 'a', label: 'A', points: [point('s-2021', 30), point('s-2025', 41)] }, { value: 'b', label: 'B', points: [point('s-2021', 10), point('s-2025', 12)] }]),
        group('564', [{ value: 'a', label: 'A', points: [point('s-2021', 50), point('s-2025', 62)] }]),
        group('072', [], 'hidden_in_a_wave'),
      ]),
      same,
      { category: 'a' },
    );
    expect(model.by).toBe('place');
    expect(model.category).toEqual({ value: 'a', label: 'A' });
    expect(model.series.map((s) => [s.key, s.hidden])).toEqual([['county', null], ['564', null], ['072', 'hidden_in_a_wave']]);
    // The left-out 2017 keeps its place on the axis (index 0); the points sit at 1 and 2, joined.
    expect(model.series[0]!.points.map((p) => [p.at, p.estimate])).toEqual([[1, 30], [2, 41]]);
    expect(model.series[0]!.runs).toEqual([[0, 1]]);
    expect(model.series[2]!.points).toEqual([]);
    expect(model.axis).toEqual({ min: 0, max: 70, ticks: [0, 10, 20, 30, 40, 50, 60, 70] });
  });

  it('breaks a line at a hidden point, and never joins points across a left-out wave', () => {
    const fourWaves = [...waves, { survey: 's-2029', wave: '2029', included: true, reason: null }];
    const model = trendModel(
      { ...source([group('county', [{ value: 'a', label: 'A', points: [point('s-2021', 30), point('s-2025', null), point('s-2029', 35)] }])]), waves: fourWaves },
      same,
    );
    const s = model.series[0]!;
    expect(s.points.map((p) => p.hidden)).toEqual([null, 'small_cell', null]);
    expect(s.runs).toEqual([[0], [2]]);
    // One line per category of the one place when no category is chosen.
    expect(model.by).toBe('category');
    expect(s.key).toBe('county/a');

    // Waves 2017 (left out) and 2021: a point of 2017 given by mistake is not drawn at all.
    const stray = trendModel(source([group('county', [{ value: 'a', label: 'A', points: [point('s-2017', 20), point('s-2021', 30), point('s-2025', 32)] }])]), same);
    expect(stray.series[0]!.points.map((p) => p.wave)).toEqual(['2021', '2025']);
  });

  it('gives a mean a round axis around its whiskers, not from zero', () => {
    const model = trendModel(source([group('county', [{ value: 'mean', label: 'Mean', points: [point('s-2021', 3.4, { ci: { lower: 3.3, upper: 3.5 } }), point('s-2025', 3.7, { ci: { lower: 3.6, upper: 3.85 } })] }])], 'mean'), same);
    expect(model.axis.min).toBeLessThanOrEqual(3.3);
    expect(model.axis.max).toBeGreaterThanOrEqual(3.85);
    expect(model.axis.min).toBeGreaterThan(2.5);
    expect(model.axis.ticks[0]).toBe(model.axis.min);
    expect(model.axis.ticks.at(-1)).toBeCloseTo(model.axis.max, 9);
    expect(meanAxis([], [])).toEqual({ min: 0, max: 1, ticks: [0, 0.5, 1] });
  });
});

describe('TrendChart', () => {
  it('draws each shown point with its whisker, lines only between joined points, notes for gaps and left-out waves, and a title and description', () => {
    const model = trendModel(
      source([
        group('county', [{ value: 'a', label: 'A', points: [point('s-2021', 30), point('s-2025', 41)] }]),
        group('564', [{ value: 'a', label: 'A', points: [point('s-2021', null), point('s-2025', 62)] }]),
        group('072', [], 'hidden_in_a_wave'),
      ]),
      same,
      { category: 'a' },
    );
    const svg = renderToStaticMarkup(createElement(TrendChart, { model, width: 640, layout: 'screen', texts, title: 'Trend of A', desc: 'Two waves' }));
    expect(svg).toContain('<title id="trend-title">Trend of A</title>');
    expect(svg).toContain('<desc id="trend-desc">Two waves</desc>');
    expect(svg.match(/class="trend__point"/g)).toHaveLength(3);
    expect(svg.match(/class="trend__whisker"/g)).toHaveLength(3);
    // The county's two points are one line; 564's lone 2025 point has none.
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain('place 564 2021: piilotettu');
    expect(svg).toContain('place 072: piilotettu kaikilta vuosilta');
    expect(svg).toContain('ei vertailukelpoinen');
    expect(svg).not.toContain('trend__value');
    // Two colours, one per shown place.
    expect(new Set([...svg.matchAll(/style="fill:(#[0-9A-F]{6})"/gi)].map((m) => m[1])).size).toBe(2);
    // A whisker runs from the interval's upper to its lower end: 41 + 5 is above 41 − 4 (smaller y).
    const whisker = /data-series="county" data-wave="2025"><line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="([\d.]+)"/.exec(svg)!;
    expect(Number(whisker[1])).toBeLessThan(Number(whisker[2]));
  });

  it('writes each point’s n under its wave when the chart has one line', () => {
    const model = trendModel(source([group('county', [{ value: 'a', label: 'A', points: [point('s-2021', 30, { n: 812 }), point('s-2025', 41, { n: 1363 })] }])]), same, { category: 'a' });
    const svg = renderToStaticMarkup(createElement(TrendChart, { model, width: 640, layout: 'file', texts, title: 'T', desc: 'D', background: true }));
    expect([...svg.matchAll(/class="trend__n">([^<]*)</g)].map((m) => m[1])).toEqual(['n = 812', 'n = 1363']);
    // A single line's figures beside its points; several lines leave them to the table (they would overlap).
    expect([...svg.matchAll(/class="trend__value">([^<]*)</g)].map((m) => m[1])).toEqual(['30 %', '41 %']);
  });
});
