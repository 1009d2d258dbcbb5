// The 95% intervals of a native chart, as custom error bars. pptxgenjs writes no error bars, so
// each chart part it wrote gets a `c:errBars` per series afterwards: plus = upper − percent,
// minus = percent − lower, as literal numbers (the embedded workbook keeps the percentages only).
// A hidden cell, or a bar without an interval (a ranking's first places), has no point, so no
// whisker. ECMA-376 Part 1, 21.2.2.55 (errBars) and CT_BarSer, where errBars follows dLbls and
// trendline and precedes cat and val. A horizontal bar chart writes no errDir: its error bars
// always run along the value axis (Excel and XlsxWriter leave it out for barDir="bar" too).
//
// A whisker would cross a percentage written just past its bar, so the percentages go inside the
// bars at their base, in white; a bar too short to hold one has it past its end, in the text
// colour, behind spaces that push it past the whisker's end (when that is near; a long whisker
// is crossed rather than the percentage set apart from its bar).
import type JSZip from 'jszip';
import { COLOURS } from '../../../chart/colours.ts';
import type { ChartBar, ChartSeries } from '../../../chart/model.ts';

const hex = (c: string) => c.replace('#', '').toUpperCase();

function literal(bars: readonly ChartBar[], side: 'plus' | 'minus'): string {
  const points = bars
    .map((b, i) => {
      if (b.percent === null || b.interval === null) return '';
      const length = side === 'plus' ? b.interval.upper - b.percent : b.percent - b.interval.lower;
      return `<c:pt idx="${i}"><c:v>${Math.max(0, length)}</c:v></c:pt>`;
    })
    .join('');
  return `<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="${bars.length}"/>${points}</c:numLit>`;
}

/** One series' error bars, or nothing when none of its bars has an interval. */
export function errorBarsXml(bars: readonly ChartBar[]): string {
  if (!bars.some((b) => b.percent !== null && b.interval !== null)) return '';
  return (
    '<c:errBars><c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/>' +
    `<c:plus>${literal(bars, 'plus')}</c:plus>` +
    `<c:minus>${literal(bars, 'minus')}</c:minus>` +
    `<c:spPr><a:ln w="12700" cap="flat"><a:solidFill><a:srgbClr val="${hex(COLOURS.text)}"/></a:solidFill><a:round/></a:ln></c:spPr>` +
    '</c:errBars>'
  );
}

/** A native chart as written: its series (of the chart model) in the order of the chart's `c:ser`, and its value axis's end. */
export interface NativeChart {
  series: ChartSeries[];
  axisMax: number;
  /** The chart's width in inches. */
  width: number;
}

/** Bars shorter than this share of the axis have their percentage past their end. */
const SHORT_BAR = 0.15;
/** A space at 9 pt in inches, and at most the plot's share of the chart's width (the rest is labels). */
const SPACE = 0.035;
const PLOT_SHARE = 0.75;
const MAX_SPACES = 12;

/** Spaces that put a percentage past its bar's whisker: an overestimate of the whisker's length. */
function padding(bar: ChartBar, chart: NativeChart): string {
  const whisker = bar.interval && bar.percent !== null ? ((bar.interval.upper - bar.percent) / chart.axisMax) * chart.width * PLOT_SHARE : 0;
  const spaces = 1 + Math.ceil(whisker / SPACE);
  return ' '.repeat(spaces <= MAX_SPACES ? spaces : 1);
}

/** One series' labels: inside the bars at their base in white, a short bar's past its end (`c:dLbl` per point). */
function placeLabels(labels: string, bars: readonly ChartBar[], chart: NativeChart): string {
  const format = /<c:numFmt formatCode="([^"]*)"/.exec(labels)?.[1];
  if (!format || !labels.includes('</c:txPr><c:showLegendKey')) throw new Error('data labels are not as pptxgenjs writes them');
  const outside = bars
    .map((b, i) =>
      b.percent === null || b.percent >= SHORT_BAR * chart.axisMax
        ? ''
        : `<c:dLbl><c:idx val="${i}"/><c:numFmt formatCode="&quot;${padding(b, chart)}&quot;${format}" sourceLinked="0"/>` +
          `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:solidFill><a:srgbClr val="${hex(COLOURS.text)}"/></a:solidFill><a:latin typeface="Arial"/></a:defRPr></a:pPr><a:endParaRPr lang="fi-FI"/></a:p></c:txPr>` +
          '<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>',
    )
    .join('');
  return labels
    .replace(/(<c:txPr>.*?<a:srgbClr val=")[0-9A-F]{6}(")/s, '$1FFFFFF$2')
    .replace('</c:txPr><c:showLegendKey', '</c:txPr><c:dLblPos val="inBase"/><c:showLegendKey')
    .replace('<c:dLbls>', `<c:dLbls>${outside}`);
}

/** A bar chart part that pptxgenjs wrote, with each series' error bars and its labels placed clear of them. */
export function finishChart(chartXml: string, chart: NativeChart): string {
  const parts = chartXml.split('<c:ser>');
  if (parts.length - 1 !== chart.series.length) throw new Error(`chart has ${parts.length - 1} series, expected ${chart.series.length}`);
  return parts
    .map((part, i) => {
      if (i === 0) return part;
      const bars = chart.series[i - 1]!.bars;
      const labels = /<c:dLbls>.*?<\/c:dLbls>/s.exec(part);
      const at = part.indexOf('<c:cat>');
      if (!labels || at < 0 || part.lastIndexOf('</c:ser>') < at || part.includes('<c:errBars>')) throw new Error(`series ${i} of the chart is not as pptxgenjs writes it`);
      const placed = part.slice(0, labels.index) + placeLabels(labels[0], bars, chart) + part.slice(labels.index + labels[0].length, at);
      return placed + errorBarsXml(bars) + part.slice(at);
    })
    .join('<c:ser>');
}

/** The chart parts a slide of a pptxgenjs package draws (`ppt/charts/chartN.xml`), in the order they were added. */
export async function slideCharts(zip: JSZip, slide: number): Promise<string[]> {
  const rels = await zip.file(`ppt/slides/_rels/slide${slide}.xml.rels`)?.async('string');
  const targets = rels ? [...rels.matchAll(/Target="(?:\.\.|\/ppt)\/charts\/chart(\d+)\.xml"/g)].map((m) => Number(m[1])) : [];
  return targets.sort((a, b) => a - b).map((n) => `ppt/charts/chart${n}.xml`);
}

/** The chart part a slide of a pptxgenjs package draws (`ppt/charts/chartN.xml`), or null. */
export async function slideChart(zip: JSZip, slide: number): Promise<string | null> {
  return (await slideCharts(zip, slide))[0] ?? null;
}

/** Finishes the charts of each listed slide (one chart, or several in the order they were added), in place. */
export async function finishCharts(zip: JSZip, charts: ReadonlyMap<number, NativeChart | readonly NativeChart[]>): Promise<void> {
  for (const [slide, listed] of charts) {
    const native = Array.isArray(listed) ? (listed as readonly NativeChart[]) : [listed as NativeChart];
    const paths = await slideCharts(zip, slide);
    if (paths.length !== native.length) throw new Error(`slide ${slide} has ${paths.length} chart(s), expected ${native.length}`);
    for (const [i, path] of paths.entries()) zip.file(path, finishChart(await zip.file(path)!.async('string'), native[i]!));
  }
}
