// A trend (server/results/trend.ts) as a standalone SVG file: the workspace's line chart
// (chart/TrendChart.tsx) rendered to static markup with the question, the category or place, the
// waves left out and why, the interval note above, and the changes in words, the suppression rule
// and the survey below. The PNG is this SVG rendered by resvg (chart-png.ts).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { TextLine } from '../../../chart/BarChart.tsx';
import { TrendChart } from '../../../chart/TrendChart.tsx';
import { trendModel } from '../../../chart/trend-model.ts';
import type { LocalizedText } from '../../surveys/envelope.ts';
import type { TrendChange, TrendResult } from '../../results/trend-schemas.ts';
import { FONT_FAMILY } from './chart-svg.ts';
import { formatters, localize, TEXTS, type Language } from './texts.ts';

const WIDTH = 960;

const WORDS = {
  fi: {
    leftOut: (wave: string, reason: string) => `Kierros ${wave} jätetty pois: ${reason}`,
    notComparable: 'ei vertailukelpoinen',
    hiddenPoint: (place: string, wave: string) => `${place} ${wave}: luku piilotettu`,
    hiddenSeries: 'piilotettu kaikilta kierroksilta',
    change: (place: string, from: string, to: string, words: string) => `${place} ${from} → ${to}: ${words}`,
    up: 'kasvoi', down: 'laski', same: 'pysyi ennallaan', points: '%-yks.',
    hiddenChange: 'ei näytetä (luku piilotettu)',
  },
  sv: {
    leftOut: (wave: string, reason: string) => `Omgång ${wave} ingår inte: ${reason}`,
    notComparable: 'inte jämförbar',
    hiddenPoint: (place: string, wave: string) => `${place} ${wave}: siffran dold`,
    hiddenSeries: 'dold i alla omgångar',
    change: (place: string, from: string, to: string, words: string) => `${place} ${from} → ${to}: ${words}`,
    up: 'ökade', down: 'minskade', same: 'oförändrad', points: 'procentenheter',
    hiddenChange: 'visas inte (siffran dold)',
  },
  en: {
    leftOut: (wave: string, reason: string) => `Round ${wave} left out: ${reason}`,
    notComparable: 'not comparable',
    hiddenPoint: (place: string, wave: string) => `${place} ${wave}: figure hidden`,
    hiddenSeries: 'hidden in every round',
    change: (place: string, from: string, to: string, words: string) => `${place} ${from} → ${to}: ${words}`,
    up: 'rose', down: 'fell', same: 'unchanged', points: 'percentage points',
    hiddenChange: 'not shown (a figure is hidden)',
  },
} as const;


/**
 * The trend of one category for every place of the answer (`category`), or, with one place and no
 * category, every category of it. A trend that cannot be compared is refused by the caller.
 */
export interface TrendChartOptions {
  language: Language;
  surveyTitle: string;
  category?: string;
}

export function trendSvg(result: TrendResult, options: TrendChartOptions): string {
  const { language } = options;
  const t = TEXTS[language];
  const w = WORDS[language];
  const f = formatters(language);
  const text = (label: LocalizedText) => localize(label, language);
  const model = trendModel(result, text, options.category !== undefined ? { category: options.category } : { group: result.groups[0]?.key });
  const mean = model.measure === 'mean';
  const figure = (v: number) => (mean ? f.number(v, 2) : f.percent(v));
  const waveOf = (survey: string) => result.waves.find((x) => x.survey === survey)?.wave ?? survey;
  const what = model.by === 'place' ? (model.category?.label ?? '') : text(result.groups[0]?.label ?? { default: '' });
  const changeWords = (c: TrendChange) => {
    if (c.suppressed || c.difference === null || c.ci === null || c.p === null) return w.hiddenChange;
    const digits = mean ? 2 : 1;
    const direction = Math.abs(c.difference) < 0.5 * 10 ** -digits ? w.same : c.difference > 0 ? w.up : w.down;
    const p = c.p < 0.001 ? `p < ${f.number(0.001, 3)}` : `p = ${f.number(c.p, 3)}`;
    return `${direction} ${f.number(Math.abs(c.difference), digits)}${mean ? '' : ` ${w.points}`} (${language === 'en' ? '95%' : '95 %'}: ${f.number(c.ci.lower, digits)}–${f.number(c.ci.upper, digits)}), ${p}`;
  };
  const changes = model.series.flatMap((s) => {
    const line = result.groups.find((g) => g.key === s.group)?.lines.find((l) => l.value === s.value);
    return (line?.changes ?? []).map((c) => w.change(s.label, waveOf(c.from), waveOf(c.to), changeWords(c)));
  });
  const header: TextLine[] = [
    { text: text(result.question.title) || result.question.key, size: 20, bold: true },
    { text: what, size: 15, muted: true, gap: 4 },
    ...result.waves.filter((x) => !x.included).map((x) => ({ text: w.leftOut(x.wave, x.reason ?? w.notComparable), size: 13, muted: true })),
    { text: t.ciNote, size: 13, muted: true },
  ];
  const footer: TextLine[] = [
    ...changes.map((c, i) => ({ text: c, size: 13, gap: i === 0 ? 8 : 0 })),
    ...[t.suppressionRule(result.meta.suppression.minGroupSize, result.meta.suppression.minCellSize), `${t.survey}: ${options.surveyTitle} · Kuulo`].map((x, i) => ({ text: x, size: 12, muted: true, gap: i === 0 ? 8 : 0 })),
  ];
  const markup = renderToStaticMarkup(
    createElement(TrendChart, {
      model,
      width: WIDTH,
      layout: 'file',
      header,
      footer,
      title: `${model.question.title} – ${what}`,
      desc: `${result.waves.filter((x) => x.included).map((x) => x.wave).join(', ')}: ${model.series.map((s) => s.label).join(', ')}`,
      fontFamily: `${FONT_FAMILY}, Verdana, Arial, sans-serif`,
      background: true,
      texts: {
        value: figure,
        tick: (v) => (mean ? f.number(v, 1) : f.percent(v, 0)),
        n: (n) => `n = ${f.number(n)}`,
        notComparable: w.notComparable,
        hiddenPoint: (s, p) => w.hiddenPoint(s.label, p.wave),
        hiddenSeries: () => w.hiddenSeries,
      },
    }),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}`;
}
