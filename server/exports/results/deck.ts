// A PowerPoint deck of chosen questions: a title slide, then a slide per question with a native
// bar chart (its numbers in the chart's XML and in the workbook PowerPoint opens to edit it, its
// 95% intervals as error bars), titled, with n, groups, filters, weighting, the data's date and a note on hidden groups. The
// figures, intervals included, are in the slide's notes too, for the presenter.
import JSZip from 'jszip';
import { PptxGenJS, type Pptx, type PptxSlide } from './pptx.ts';
import { COLOURS, SERIES } from '../../../chart/colours.ts';
import { shownSeries, type ChartSeries } from '../../../chart/model.ts';
import { finishCharts, type NativeChart } from './error-bars.ts';
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';
import type { ExportDocument } from './document.ts';
import { formatters, TEXTS } from './texts.ts';
import type { ExportView } from './view.ts';

/** More series than this in one chart cannot be told apart; a wider view gets more slides. */
export const SERIES_PER_CHART = 6;
/**
 * More bars than this on one slide's chart and PowerPoint and LibreOffice overlap their labels
 * (three groups of fifteen answers drew 45 bars into 5 inches); a crowded view is split.
 */
export const BARS_PER_CHART = 24;
const FONT = 'Arial';
const hex = (c: string) => c.replace('#', '').toUpperCase();

/**
 * The chart model's series in chunks that each make one readable chart (hidden groups have no
 * series): as many groups as fit `BARS_PER_CHART` with all the answers (split by group), and when
 * even one group's answers are too many, each group's answers in parts (split by answer). Every
 * chunk keeps the model's order and axis, so the slides compare.
 */
export function chartChunks(view: ExportView): ChartSeries[][] {
  const shown = view.chart ? shownSeries(view.chart) : [];
  const answers = Math.max(1, ...shown.map((s) => s.bars.length));
  const chunks: ChartSeries[][] = [];
  if (answers > BARS_PER_CHART) {
    const parts = Math.ceil(answers / BARS_PER_CHART);
    const size = Math.ceil(answers / parts);
    for (const s of shown) for (let from = 0; from < answers; from += size) chunks.push([{ ...s, bars: s.bars.slice(from, from + size) }]);
    return chunks;
  }
  const perChart = Math.max(1, Math.min(SERIES_PER_CHART, Math.floor(BARS_PER_CHART / answers)));
  // Evenly: five groups of which four fit a slide go three and two, not four and one.
  const count = Math.ceil(shown.length / perChart);
  const size = Math.ceil(shown.length / Math.max(1, count));
  for (let i = 0; i < shown.length; i += size) chunks.push(shown.slice(i, i + size));
  return chunks;
}

/**
 * The series of a native chart as written: groups and answers both reversed. A horizontal bar
 * chart draws its first category and first series at the bottom, and lists a vertical legend
 * bottom-up likewise (LibreOffice in every legend position), so reversed data on the default axis
 * orientation reads top-down in the view's order, bars and legend alike. (Flipping the category
 * axis instead turns the bars but not the legend.)
 */
export function chartSeries(groups: readonly ChartSeries[]): ChartSeries[] {
  return [...groups].reverse().map((g) => ({ ...g, bars: [...g.bars].reverse() }));
}

/**
 * A native clustered horizontal bar chart of these series of the view's chart model: series are
 * groups, categories the answers, in the model's order, on the model's axis. Returns what
 * error-bars.ts needs to finish it once written.
 */
export function addNativeChart(pptx: Pptx, slide: PptxSlide, view: ExportView, groups: ChartSeries[], place: { x: number; y: number; w: number; h: number }): NativeChart {
  const language = view.language;
  const series = chartSeries(groups);
  const max = view.chart?.axisMax ?? 100;
  const data = series.map((g) => ({ name: `${g.label} (n = ${formatters(language).number(g.n ?? 0)})`, labels: g.bars.map((b) => b.label), values: g.bars.map((b) => b.percent) as number[] }));
  const percentFormat = language === 'en' ? '0"%"' : '0" %"';
  slide.addChart(pptx.ChartType.bar, data, {
    ...place,
    barDir: 'bar',
    barGrouping: 'clustered',
    barGapWidthPct: 60,
    valAxisMinVal: 0,
    valAxisMaxVal: max,
    valAxisLabelFormatCode: percentFormat,
    valAxisLabelFontSize: 10,
    valAxisLabelColor: hex(COLOURS.muted),
    valGridLine: { color: hex(COLOURS.line), size: 0.75 },
    catAxisLabelFontSize: 11,
    catAxisLabelColor: hex(COLOURS.text),
    catAxisLabelFontFace: FONT,
    showValue: true,
    dataLabelFormatCode: percentFormat,
    dataLabelFontSize: 9,
    dataLabelColor: hex(COLOURS.text),
    chartColors: SERIES.slice(0, groups.length).reverse(),
    showLegend: groups.length > 1,
    // At the right, a top-down list beside the bars (PowerPoint lists a bottom or top legend left to right in series order).
    legendPos: 'r',
    legendFontSize: 10,
    altText: `${view.question.title}: ${groups.map((g) => g.label).join(', ')}`,
  });
  return { series, axisMax: max, width: place.w };
}

/** The groups the view hides, by name, and how many figures of its shown groups. */
function hiddenCounts(view: ExportView): { groups: string[]; figures: number } {
  return { groups: view.groups.filter((g) => g.suppressed).map((g) => g.label), figures: view.groups.reduce((sum, g) => sum + (g.suppressed ? 0 : g.bars.filter((b) => b.suppressed).length), 0) };
}

function figuresText(view: ExportView): string {
  const t = TEXTS[view.language];
  const f = formatters(view.language);
  const lines: string[] = [view.question.title, ''];
  for (const g of view.groups) {
    if (g.suppressed) {
      lines.push(`${g.label}: ${t.suppressed} (${g.reason})`);
      continue;
    }
    lines.push(`${g.label}, n = ${f.number(g.n ?? 0)}`);
    for (const b of g.bars) {
      if (b.percent === null) lines.push(`  ${b.label}: ${t.suppressed} (${b.reason})`);
      else lines.push(`  ${b.label}: ${f.percent(b.percent)}${b.ci ? ` (${f.percent(b.ci.lower)}–${f.percent(b.ci.upper)})` : ''}${b.count === null ? '' : `, ${t.count.toLowerCase()} ${f.number(b.count)}`}`);
    }
  }
  return lines.join('\n');
}

export async function deckPptx(document: ExportDocument): Promise<Buffer> {
  const t = TEXTS[document.language];
  const f = formatters(document.language);
  const pptx = new PptxGenJS();
  /** Each chart by its slide's number, finished (error bars, labels) after writing. */
  const charts = new Map<number, NativeChart>();
  let slides = 0;
  const addSlide = () => {
    slides++;
    return pptx.addSlide();
  };
  pptx.layout = 'LAYOUT_WIDE';
  pptx.author = 'Kuulo';
  pptx.company = document.surveyTitle;
  pptx.title = `${document.surveyTitle} – ${document.scope}`;
  const footer = (slide: PptxSlide) =>
    slide.addText(`${document.surveyTitle} · ${document.scope} · Kuulo`, { x: 0.5, y: 7.05, w: 10, h: 0.3, fontSize: 9, color: hex(COLOURS.muted), fontFace: FONT });

  const title = addSlide();
  title.background = { color: 'FFFFFF' };
  title.addShape(pptx.ShapeType.rect, { x: 0, y: 0, w: 13.33, h: 0.25, fill: { color: hex(COLOURS.brand) }, line: { color: hex(COLOURS.brand) } });
  title.addText(document.surveyTitle, { x: 0.7, y: 1.6, w: 11.9, h: 1.2, fontSize: 36, bold: true, color: hex(COLOURS.brand), fontFace: FONT });
  title.addText(document.scope, { x: 0.7, y: 2.9, w: 11.9, h: 0.6, fontSize: 22, color: hex(COLOURS.text), fontFace: FONT });
  title.addText(
    [...document.details, `${t.generated}: ${f.date(document.generatedAt.toISOString())}`].map((line) => ({ text: line, options: { breakLine: true } })),
    { x: 0.7, y: 3.8, w: 11.9, h: 2.2, fontSize: 14, color: hex(COLOURS.muted), fontFace: FONT, valign: 'top' },
  );
  title.addText(t.suppressionRule(document.suppression.minGroupSize, document.suppression.minCellSize), { x: 0.7, y: 6.2, w: 11.9, h: 0.6, fontSize: 11, color: hex(COLOURS.muted), fontFace: FONT });

  for (const item of document.items) {
    const view = item.view;
    const heading = (slide: PptxSlide, suffix: string) => {
      slide.addText(`${view.question.title}${suffix}`, { x: 0.5, y: 0.3, w: 12.3, h: 0.8, fontSize: 24, bold: true, color: hex(COLOURS.brand), fontFace: FONT, valign: 'top', fit: 'shrink' });
      slide.addText(view.details.map((line) => ({ text: line, options: { breakLine: true } })), { x: 0.5, y: 1.1, w: 12.3, h: 0.8, fontSize: 11, color: hex(COLOURS.muted), fontFace: FONT, valign: 'top', fit: 'shrink' });
    };
    if (RESULT_KIND_FACETS[view.question.kind].fileFigures === 'quotes') {
      const slide = addSlide();
      heading(slide, '');
      const quotes = item.quotes.flatMap((q) => q.answers.slice(0, 3).map((a) => ({ text: `”${a}” (${q.group})`, options: { bullet: true, breakLine: true } })));
      slide.addText(quotes.length ? quotes : [{ text: t.noOpenAnswers, options: {} }], { x: 0.5, y: 2.0, w: 12.3, h: 4.4, fontSize: 16, color: hex(COLOURS.text), fontFace: FONT, valign: 'top', fit: 'shrink' });
      slide.addText(`${t.openNote} ${view.suppressionNotes.join(' · ')}`, { x: 0.5, y: 6.45, w: 12.3, h: 0.5, fontSize: 10, color: hex(COLOURS.muted), fontFace: FONT });
      footer(slide);
      continue;
    }
    const chunks = chartChunks(view);
    if (chunks.length === 0) chunks.push([]);
    const facets = RESULT_KIND_FACETS[view.question.kind];
    // The side box stays short: what the bars are, and how many figures are hidden; the reasons,
    // group by group, and the rule are the notes page's, for the presenter.
    const hidden = hiddenCounts(view);
    const rule = t.suppressionRule(view.meta.suppression.minGroupSize, view.meta.suppression.minCellSize);
    const notes = [figuresText(view), '', ...(view.suppressionNotes.length ? [`${t.notesHidden}:`, ...view.suppressionNotes, ''] : []), rule].join('\n');
    chunks.forEach((groups, i) => {
      const slide = addSlide();
      const part = chunks.length > 1 ? ` ${t.partOf(i + 1, chunks.length, groups.map((g) => g.label).join(', '))}` : '';
      heading(slide, part);
      if (groups.length > 0) charts.set(slides, addNativeChart(pptx, slide, view, groups, { x: 0.4, y: 1.95, w: 8.9, h: 5.0 }));
      const side: string[] = [];
      if (facets.fileNote === 'multi') side.push(t.multiNote);
      if (facets.fileNote === 'ranking') side.push(t.rankingNote);
      side.push(hidden.groups.length + hidden.figures > 0 ? t.hiddenShort(hidden.groups, hidden.figures) : rule);
      slide.addText(side.map((line) => ({ text: line, options: { breakLine: true, paraSpaceAfter: 6 } })), {
        x: 9.5, y: 2.0, w: 3.4, h: 4.9, fontSize: 12, color: hex(COLOURS.text), fontFace: FONT, valign: 'top', fit: 'shrink',
        fill: { color: 'F3F6F8' }, margin: 8,
      });
      slide.addNotes(notes);
      footer(slide);
    });
    if (item.themes.length > 0) {
      // The themes slide: each top theme with its share, and two or three short answers under it.
      const slide = addSlide();
      heading(slide, ` — ${t.themesTitle}`);
      const lines = item.themes.flatMap((theme) => [
        { text: `${theme.label}${theme.percent === null ? '' : ` (${f.percent(theme.percent)})`}`, options: { bold: true, breakLine: true, paraSpaceBefore: 6 } },
        ...theme.quotes.map((q) => ({ text: `”${q}”`, options: { bullet: true, italic: true, breakLine: true, fontSize: 13 } })),
      ]);
      slide.addText(lines, { x: 0.5, y: 2.0, w: 12.3, h: 4.4, fontSize: 15, color: hex(COLOURS.text), fontFace: FONT, valign: 'top', fit: 'shrink' });
      slide.addText(t.themesNote, { x: 0.5, y: 6.45, w: 12.3, h: 0.5, fontSize: 10, color: hex(COLOURS.muted), fontFace: FONT });
      footer(slide);
    }
  }
  const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  await finishCharts(zip, charts);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
