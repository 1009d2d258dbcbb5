import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart } from '../../chart/BarChart.tsx';
import { chartModel, crosstabChartModel } from '../../chart/model.ts';

const category = (value: string, percent: number) => ({ value, label: value.toUpperCase(), count: percent, percent, ci: { lower: percent - 2, upper: percent + 2 }, suppressed: false, suppression: null });
const group = (key: string, level: 'county' | 'municipality', shares: [string, number][]) => ({ key, level, label: key, n: 100, suppressed: false, suppression: null, categories: shares.map(([v, p]) => category(v, p)) });
const texts = { value: (b: { percent: number | null }) => `${b.percent} %`, hidden: () => 'piilotettu', tick: (v: number) => `${v}`, hiddenSeries: () => 'piilotettu' };

describe('a comparison’s chart', () => {
  it('orders every group by the county’s shares, wherever the county is in the list', () => {
    const model = chartModel(
      { meta: { weighting: null }, question: { key: 'q', kind: 'multi', title: 'Q', subtitle: null }, groups: [group('Oulu', 'municipality', [['a', 50], ['b', 10], ['c', 30]]), group('county', 'county', [['a', 20], ['b', 40], ['c', 30]])] },
      (l: string) => l,
    );
    expect(model.categories.map((c) => c.value)).toEqual(['b', 'c', 'a']);
    for (const s of model.series) expect(s.bars.map((b) => b.value)).toEqual(['b', 'c', 'a']);
  });

  it('draws one bar per group under each answer, in each group’s colour, with a key', () => {
    const model = chartModel(
      { meta: { weighting: null }, question: { key: 'q', kind: 'single', title: 'Q', subtitle: null }, groups: [group('county', 'county', [['a', 20], ['b', 80]]), group('Oulu', 'municipality', [['a', 30], ['b', 70]]), { ...group('Ii', 'municipality', []), suppressed: true, suppression: 'small_group' as const, n: null }] },
      (l: string) => l,
    );
    const svg = renderToStaticMarkup(createElement(BarChart, { model, series: model.series, width: 600, layout: 'screen', texts, grouped: true }));
    expect(svg.match(/chart__bar--grouped/g)).toHaveLength(4);
    expect(svg.match(/data-series="Oulu"/g)).toHaveLength(2);
    expect(svg).toContain('Ii: piilotettu');
    const labels = [...svg.matchAll(/class="chart__label">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['A', 'B']);
    // Two colours, one per shown group, set so that no style sheet can repaint them alike.
    expect(new Set([...svg.matchAll(/style="fill:(#[0-9A-F]{6})"/gi)].map((m) => m[1])).size).toBe(2);
  });
});

describe('a cross-tabulation’s chart', () => {
  it('shows the shares within each group of the explanatory variable, hidden cells as hidden bars', () => {
    const table = { rowValues: ['yes', 'no'], columnValues: ['young', 'old'], counts: [[30, null], [70, 40]], rowPercents: [[60, null], [64, 36]], columnPercents: [[30, null], [70, 80]], rowTotals: [50, 110], columnTotals: [100, 50] };
    const model = crosstabChartModel(table, 'column', { title: 'T', row: (v) => v, column: (v) => v });
    expect(model.series.map((s) => [s.label, s.n])).toEqual([['young', 100], ['old', 50]]);
    expect(model.series[0]!.bars.map((b) => b.percent)).toEqual([30, 70]);
    expect(model.series[1]!.bars.map((b) => b.hidden)).toEqual(['small_cell', null]);
    const byRow = crosstabChartModel(table, 'row', { title: 'T', row: (v) => v, column: (v) => v });
    expect(byRow.series.map((s) => s.key)).toEqual(['yes', 'no']);
    expect(byRow.series[1]!.bars.map((b) => b.percent)).toEqual([64, 36]);
  });
});
