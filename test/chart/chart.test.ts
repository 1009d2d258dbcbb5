import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { BarChart, wrap, type ChartTexts } from '../../chart/BarChart.tsx';
import { chartModel, shownSeries, type ChartSource } from '../../chart/model.ts';
import { axisMax, niceMax, ticks } from '../../chart/scale.ts';

/*
 * The chart model decides, once for the workspace, the SVG/PNG files and the Office charts, what a
 * question's bars are; the one SVG component draws it. Both are pure: plain data in, plain data or
 * markup out.
 */

type Source = ChartSource<string>;
type Group = Source['groups'][number];
type Category = NonNullable<Group['categories']>[number];

const cat = (value: string, percent: number | null, extra: Partial<Category> = {}): Category => ({
  value,
  label: `label ${value}`,
  count: percent === null ? null : percent,
  percent,
  ci: percent === null ? null : { lower: percent - 2, upper: percent + 3 },
  suppressed: percent === null,
  suppression: percent === null ? 'small_cell' : null,
  ...extra,
});
const group = (key: string, categories: Category[] | null, extra: Partial<Group> = {}): Group => ({
  key,
  level: key === 'county' ? 'county' : 'municipality',
  label: `group ${key}`,
  n: categories ? 100 : null,
  suppressed: categories === null,
  suppression: categories === null ? 'small_group' : null,
  categories: categories ?? [],
  ...extra,
});
const source = (kind: string, groups: Group[], weighting: unknown = null): Source => ({ meta: { weighting }, question: { key: 'q', kind, title: 'Question', subtitle: null }, groups });
const same = (s: string) => s;

describe('chartModel', () => {
  it('orders multiple-choice answers by the first shown group, largest first and hidden last, and every group keeps that order', () => {
    const model = chartModel(
      source('multi', [
        group('072', null),
        group('county', [cat('a', 10), cat('b', 30), cat('c', null, { suppression: 'complementary' }), cat('d', 20)]),
        group('564', [cat('a', 40), cat('b', 5), cat('c', 12), cat('d', null)]),
      ]),
      same,
    );
    expect(model.categories.map((c) => c.value)).toEqual(['b', 'd', 'a', 'c']);
    expect(model.series.map((s) => s.bars.map((b) => b.value))).toEqual([[], ['b', 'd', 'a', 'c'], ['b', 'd', 'a', 'c']]);
    expect(model.series[0]).toMatchObject({ key: '072', hidden: 'small_group', n: null, bars: [] });
    expect(model.series[1]!.bars[3]).toEqual({ value: 'c', label: 'label c', percent: null, interval: null, count: null, hidden: 'complementary' });
    expect(model.series[2]!.bars[1]).toMatchObject({ value: 'd', percent: null, hidden: 'small_cell' });
    expect(shownSeries(model).map((s) => s.key)).toEqual(['county', '564']);
    // The axis reaches past the largest whisker (40 + 3) to the next ten.
    expect(model.axisMax).toBe(50);
    expect(model.ticks).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("keeps a single choice's survey order and draws weighted figures when the view is weighted", () => {
    const weightedCat = (value: string, percent: number, weighted: number) => cat(value, percent, { weighted: { percent: weighted, ci: { lower: weighted - 4, upper: weighted + 4 } } });
    const model = chartModel(source('single', [group('county', [weightedCat('1', 60, 55), weightedCat('2', 40, 45)])], { method: 'raking' }), (l) => l.toUpperCase());
    expect(model.weighted).toBe(true);
    expect(model.series[0]!.bars).toEqual([
      { value: '1', label: 'LABEL 1', percent: 55, interval: { lower: 51, upper: 59 }, count: 60, hidden: null },
      { value: '2', label: 'LABEL 2', percent: 45, interval: { lower: 41, upper: 49 }, count: 40, hidden: null },
    ]);
    expect(model.question.title).toBe('QUESTION');
    expect(model.axisMax).toBe(60);
  });

  it('draws a ranking as the share put first, without intervals, a hidden share as a small cell', () => {
    const ranking = [
      { value: 'x', label: 'X', firstPercent: 8 },
      { value: 'y', label: 'Y', firstPercent: null },
    ];
    const model = chartModel(source('ranking', [group('county', null, { suppressed: false, suppression: null, n: 50, categories: undefined, ranking })]), same);
    expect(model.measure).toBe('firstPercent');
    expect(model.series[0]!.bars).toEqual([
      { value: 'x', label: 'X', percent: 8, interval: null, count: null, hidden: null },
      { value: 'y', label: 'Y', percent: null, interval: null, count: null, hidden: 'small_cell' },
    ]);
    expect(model.axisMax).toBe(10);
  });

  it('refuses a question without bars', () => {
    expect(() => chartModel(source('number', [group('county', [])]), same)).toThrow(/number question has no bar chart/);
  });
});

describe('the value axis', () => {
  it('ends on a ten and steps by round numbers (as d3-array tickStep)', () => {
    expect(axisMax([3, 9.9])).toBe(10);
    expect(axisMax([43.2])).toBe(50);
    expect(axisMax([101])).toBe(100);
    expect(ticks(40, 5)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(20, 4)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(10, 4)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceMax(137, 4)).toBe(150);
    expect(niceMax(3, 4)).toBe(3);
  });
});

describe('BarChart', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['text', 'rect', 'line', 'g'].includes(name) });
  const model = chartModel(source('multi', [group('county', [cat('a', 20), cat('b', null)]), group('072', null)]), same);
  const texts: ChartTexts = {
    value: (bar) => `${bar.percent} % (${bar.count})`,
    hidden: (bar) => `hidden (${bar.hidden})`,
    tick: (v) => `${v} %`,
    heading: (s) => `${s.label} (n = ${s.n ?? '–'})`,
    hiddenSeries: (s) => `hidden: ${s.hidden}`,
  };
  const render = (props: Partial<Parameters<typeof BarChart>[0]> = {}) =>
    renderToStaticMarkup(createElement(BarChart, { model, series: model.series, width: 960, layout: 'file', texts, headings: true, title: 'T', ...props }));

  it('is the same markup for the same props', () => {
    expect(render()).toBe(render());
  });

  it('draws each shown bar to scale with its whisker and figure, a hidden bar as a dashed box with its reason, and texts in reading order', () => {
    const svg = xml.parse(render({ header: [{ text: 'Question', size: 20, bold: true }], footer: [{ text: 'Survey · Kuulo', size: 12, muted: true }] })).svg;
    expect(svg['@width']).toBe('960');
    expect(svg.title).toBe('T');
    const words = svg.text.map((t: string | { '#text': string }) => String(typeof t === 'object' ? t['#text'] : t));
    expect(words).toEqual(['Question', 'group county (n = 100)', 'label a', '20 % (20)', 'label b', 'hidden (small_cell)', '0 %', '5 %', '10 %', '15 %', '20 %', '25 %', '30 %', 'group 072 (n = –)', 'hidden: small_group', 'Survey · Kuulo']);
    // The file layout: 24 px each side, 200 px for the figures; axis 0–30 (20 + 3 rounded up) in steps of 5 (30 / 5 = 6, rounded to 5).
    expect(model.axisMax).toBe(30);
    const inner = 960 - 24 - 224;
    const bars = svg.rect.filter((r: Record<string, string>) => r['@class'] === 'chart__bar');
    expect(bars).toHaveLength(1);
    expect(Number(bars[0]['@width'])).toBeCloseTo((20 / 30) * inner, 6);
    const hidden = svg.rect.filter((r: Record<string, string>) => r['@class'] === 'chart__hidden');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]['@stroke-dasharray']).toBe('3 2');
    const whisker = svg.g.find((g: Record<string, string>) => g['@class'] === 'chart__whisker');
    expect(Number(whisker.line[0]['@x1'])).toBeCloseTo(24 + (18 / 30) * inner, 6);
    expect(Number(whisker.line[0]['@x2'])).toBeCloseTo(24 + (23 / 30) * inner, 6);
    // The figure sits past the whisker's end.
    const figure = svg.text.find((t: { '#text'?: string }) => t['#text'] === '20 % (20)');
    expect(Number(figure['@x'])).toBeGreaterThan(24 + (23 / 30) * inner);
  });

  it("in the workspace draws one panel's bars with an accessible name and no headings", () => {
    const svg = xml.parse(renderToStaticMarkup(createElement(BarChart, { model, series: [model.series[0]!], width: 400, layout: 'screen', texts, label: 'Chart: county' }))).svg;
    expect(svg['@role']).toBe('img');
    expect(svg['@aria-label']).toBe('Chart: county');
    expect(svg['@font-family']).toBeUndefined();
    const words = svg.text.map((t: string | { '#text': string }) => String(typeof t === 'object' ? t['#text'] : t));
    expect(words).toEqual(['label a', '20 % (20)', 'label b', 'hidden (small_cell)', '0 %', '5 %', '10 %', '15 %', '20 %', '25 %', '30 %']);
    // Two rows of 38 px, 4 px above, 34 px for the axis.
    expect(svg['@height']).toBe(String(4 + 2 * 38 + 34));
  });
});

describe('wrap', () => {
  it('breaks between words at the width the measure gives', () => {
    expect(wrap('aaa bbb ccc', 7, 1, (text) => text.length)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('one', 1, 10)).toEqual(['one']);
    expect(wrap('', 100, 10)).toEqual(['']);
  });
});
