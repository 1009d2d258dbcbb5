import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { svgToPng } from '../../server/exports/results/render-worker.ts';
import { trendSvg } from '../../server/exports/results/trend-svg.ts';
import type { TrendResult } from '../../server/results/trend-schemas.ts';

/*
 * A trend as an SVG and a PNG file: the same line chart as the workspace's, with the changes in
 * words under it. The answer here has the trend API's shape (server/results/trend-schemas.ts); the
 * route through the real API is trend-chart-route.test.ts.
 */

const point = (survey: string, estimate: number | null, n: number) => ({
  survey,
  wave: survey.slice(-4),
  n,
  effectiveN: n,
  estimate,
  se: estimate === null ? null : 1.5,
  ci: estimate === null ? null : { lower: estimate - 3, upper: estimate + 3 },
  suppressed: estimate === null,
  suppression: estimate === null ? ('small_cell' as const) : null,
});
const change = (from: string, to: string, difference: number | null, p: number | null) => ({
  from,
  to,
  span: 'consecutive' as const,
  difference,
  se: difference === null ? null : 2.1,
  ci: difference === null ? null : { lower: difference - 4.1, upper: difference + 4.1 },
  z: difference === null ? null : difference / 2.1,
  p,
  suppressed: difference === null,
});
const result = {
  meta: { survey: 'k-2025', series: 'k', measure: 'proportion', intervals: 'srs', suppression: { minGroupSize: 10, minCellSize: 5 } },
  question: { key: 'alueet', title: { default: 'Alueet, joilla muutosta tarvitaan', en: 'Areas needing change' } },
  comparable: true,
  reason: null,
  waves: [
    { survey: 'k-2017', wave: '2017', title: 'K 2017', question: null, included: false, reason: "'alueet' was not asked in wave 2017", recoded: {}, responses: 0, synthetic: 0 },
    { survey: 'k-2021', wave: '2021', title: 'K 2021', question: 'alueet', included: true, reason: null, recoded: {}, responses: 812, synthetic: 0 },
    { survey: 'k-2025', wave: '2025', title: 'K 2025', question: 'alueet', included: true, reason: null, recoded: {}, responses: 1363, synthetic: 0 },
  ],
  groups: [
    { key: 'county', level: 'county', label: { default: 'Koko alue', en: 'Whole county' }, parent: null, suppressed: false, suppression: null, lines: [{ value: 'liikunta', label: { default: 'Liikunta', en: 'Sport' }, points: [point('k-2021', 30.4, 812), point('k-2025', 36.6, 1363)], changes: [change('k-2021', 'k-2025', 6.2, 0.0031)] }] },
    { key: '564', level: 'municipality', label: { default: 'Oulu' }, parent: 'Oulun seutu', suppressed: false, suppression: null, lines: [{ value: 'liikunta', label: { default: 'Liikunta', en: 'Sport' }, points: [point('k-2021', null, 40), point('k-2025', 28, 90)], changes: [change('k-2021', 'k-2025', null, null)] }] },
    { key: '072', level: 'municipality', label: { default: 'Hailuoto' }, parent: 'Lakeus', suppressed: true, suppression: 'hidden_in_a_wave', lines: [] },
  ],
} as unknown as TrendResult;

describe('a trend as a file', () => {
  it('is an SVG with the chart, the left-out wave, the change in words and the hidden figures named', () => {
    const svg = trendSvg(result, { language: 'fi', surveyTitle: 'Kysely', category: 'liikunta' });
    expect(() => new XMLParser().parse(svg)).not.toThrow();
    expect(svg).toContain('<title id="trend-title">Alueet, joilla muutosta tarvitaan – Liikunta</title>');
    expect(svg).toContain('Kierros 2017 jätetty pois');
    expect(svg).toContain('Koko alue 2021 → 2025: kasvoi 6,2 %-yks. (95 %: 2,1–10,3), p = 0,003');
    expect(svg).toContain('Oulu 2021 → 2025: ei näytetä (luku piilotettu)');
    expect(svg).toContain('Oulu 2021: luku piilotettu');
    expect(svg).toContain('Hailuoto: piilotettu kaikilta kierroksilta');
    // Three shown points: the county's two and Oulu's 2025.
    expect(svg.match(/class="trend__point"/g)).toHaveLength(3);
    const en = trendSvg(result, { language: 'en', surveyTitle: 'Survey', category: 'liikunta' });
    expect(en).toContain('Whole county 2021 → 2025: rose 6.2 percentage points (95%: 2.1–10.3), p = 0.003');
  });

  it('renders as a PNG twice the SVG’s size', async () => {
    const svg = trendSvg(result, { language: 'sv', surveyTitle: 'Enkät', category: 'liikunta' });
    const png = await svgToPng(svg);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    const declared = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect(width).toBe(2 * Number(declared[1]));
    expect(height).toBe(2 * Number(declared[2]));
  });
});

