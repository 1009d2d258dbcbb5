// A question's chart as a standalone SVG: the workspace's bar chart (chart/BarChart.tsx) rendered
// to static markup, one panel per group, with the question, the view's details and notes above
// and the small-group notes and the survey below; or, `grouped`, one chart with one bar per group
// under each answer, as the workspace draws a comparison. The PNG is this SVG rendered by resvg.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { BarChart, type TextLine } from '../../../chart/BarChart.tsx';
import type { ChartModel } from '../../../chart/model.ts';
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';
import { formatters, TEXTS } from './texts.ts';
import { reasonText, type ExportView } from './view.ts';

export const FONT_FAMILY = 'DejaVu Sans';
const WIDTH = 960;

export function chartSvg(view: ExportView & { chart: ChartModel }, layout: 'panels' | 'grouped' = 'panels'): string {
  const t = TEXTS[view.language];
  const f = formatters(view.language);
  const { chart, meta } = view;
  const header: TextLine[] = [
    { text: chart.question.title, size: 20, bold: true },
    ...(chart.question.subtitle ? [{ text: chart.question.subtitle, size: 14, muted: true }] : []),
    ...view.details.map((text, i) => ({ text, size: 13, muted: true, gap: i === 0 ? 6 : 0 })),
    ...[RESULT_KIND_FACETS[chart.question.kind].fileNote === 'multi' ? t.multiNote : null, chart.measure === 'firstPercent' ? t.rankingNote : t.ciNote].filter((x): x is string => x !== null).map((text) => ({ text, size: 13, muted: true })),
  ];
  const footer: TextLine[] = [
    ...(view.suppressionNotes.length ? [`${t.suppressionNote}: ${view.suppressionNotes.join(' · ')}`] : []),
    t.suppressionRule(meta.suppression.minGroupSize, meta.suppression.minCellSize),
    `${t.survey}: ${view.surveyTitle} · Kuulo`,
  ].map((text) => ({ text, size: 12, muted: true }));
  const markup = renderToStaticMarkup(
    createElement(BarChart, {
      model: chart,
      series: chart.series,
      width: WIDTH,
      layout: 'file',
      headings: true,
      header,
      footer,
      title: `${chart.question.title} – ${chart.series.map((s) => s.label).join(', ')}`,
      fontFamily: `${FONT_FAMILY}, Verdana, Arial, sans-serif`,
      background: true,
      grouped: layout === 'grouped',
      texts: {
        value: (bar) => `${f.percent(bar.percent!)}${bar.count === null ? '' : ` (${f.number(bar.count)})`}`,
        hidden: (bar) => `${t.suppressed} (${bar.hidden === null ? '–' : reasonText(bar.hidden, meta, view.language)})`,
        tick: (value) => f.percent(value, 0),
        heading: (s) =>
          s.hidden !== null ? s.label : `${s.label} (n = ${s.n === null ? '–' : f.number(s.n)}${chart.weighted && s.weightedN ? `; ${t.weightedN} ${f.number(s.weightedN)}` : ''})`,
        hiddenSeries: (s) => `${t.suppressed}: ${reasonText(s.hidden, meta, view.language)}`,
      },
    }),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}`;
}
