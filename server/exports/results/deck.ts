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
import { changeParts, changeText, formatters, localize, TEXTS, type Language } from './texts.ts';
import { axisMax } from '../../../chart/scale.ts';
import type { HiddenReason } from '../../../chart/model.ts';
import type { TrendGroup, TrendPoint, TrendResult } from '../../results/trend-schemas.ts';
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

/** A native bar chart's content: its series (groups, or a place's waves) on one value axis. */
export interface BarChartSpec {
  language: Language;
  /** In the order they read top-down (chartSeries reverses them for writing). */
  groups: ChartSeries[];
  axisMax: number;
  altText: string;
}

/**
 * A native clustered horizontal bar chart of these series of the view's chart model: series are
 * groups, categories the answers, in the model's order, on the model's axis. Returns what
 * error-bars.ts needs to finish it once written.
 */
export function addNativeChart(pptx: Pptx, slide: PptxSlide, view: ExportView, groups: ChartSeries[], place: { x: number; y: number; w: number; h: number }): NativeChart {
  return addBarChart(pptx, slide, { language: view.language, groups, axisMax: view.chart?.axisMax ?? 100, altText: `${view.question.title}: ${groups.map((g) => g.label).join(', ')}` }, place);
}

/** A native clustered horizontal bar chart of any series (the view's groups, or a trend's waves), with n in each series' name. */
export function addBarChart(pptx: Pptx, slide: PptxSlide, spec: BarChartSpec, place: { x: number; y: number; w: number; h: number }): NativeChart {
  const { language, groups } = spec;
  const series = chartSeries(groups);
  const max = spec.axisMax;
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
    altText: spec.altText,
  });
  return { series, axisMax: max, width: place.w };
}

// ---- Trends over the waves (issue 15) ----------------------------------------------------------
// Every figure below is the trend API's (TrendService with the file's user): the exports only lay
// them out. A place hidden in the trend (in any wave) has no chart and no figure, only its note.

/** More bars than this in one of two charts side by side and they crowd: the place gets a slide of its own. */
const BARS_PER_HALF = 12;

/** A trend's answers in the view's order (the chart model's), labelled as the view labels them. */
export function trendCategories(trend: TrendResult, view: ExportView): { value: string; label: string }[] {
  const lines = trend.groups.find((g) => !g.suppressed)?.lines ?? [];
  const order = view.chart?.categories ?? [];
  const rank = (value: string) => {
    const i = order.findIndex((c) => c.value === value);
    return i < 0 ? order.length : i;
  };
  return lines.map((l) => ({ value: l.value, label: order.find((c) => c.value === l.value)?.label ?? localize(l.label, view.language) })).sort((a, b) => rank(a.value) - rank(b.value));
}

/** The waves a trend's points are of (the included waves, oldest first). */
export function trendWaves(trend: TrendResult): { survey: string; wave: string }[] {
  return trend.waves.filter((w) => w.included).map((w) => ({ survey: w.survey, wave: w.wave }));
}

const hiddenReason = (point: TrendPoint | undefined): HiddenReason => (point?.suppression === 'small_cell' || point?.suppression === 'complementary' ? point.suppression : 'small_group');

/** One place's trend as the series of a native chart: a series per wave (oldest first), a bar per answer. */
export function trendSeries(trend: TrendResult, group: TrendGroup, categories: readonly { value: string; label: string }[]): ChartSeries[] {
  return trendWaves(trend).map((w) => {
    const points = categories.map((c) => group.lines.find((l) => l.value === c.value)?.points.find((p) => p.survey === w.survey));
    return {
      key: w.survey,
      level: group.level,
      label: w.wave,
      n: points.find((p) => p?.n !== null && p?.n !== undefined)?.n ?? null,
      weightedN: null,
      hidden: null,
      bars: categories.map((c, i) => {
        const p = points[i];
        const shown = p !== undefined && !p.suppressed && p.estimate !== null;
        return { value: c.value, label: c.label, percent: shown ? p.estimate : null, interval: shown ? p.ci : null, count: null, hidden: shown ? null : hiddenReason(p) };
      }),
    };
  });
}

/** Why a place is hidden in the trend, in words. */
export function trendHiddenReason(trend: TrendResult, group: TrendGroup, language: Language): string {
  const t = TEXTS[language];
  const min = trend.meta.suppression;
  if (group.suppression === 'hidden_in_a_wave') return t.trend.hiddenInAWave;
  if (group.suppression === 'small_cell') return t.reason.small_cell(min.minCellSize);
  if (group.suppression === 'complementary') return t.reason.complementary();
  return t.reason.small_group(min.minGroupSize);
}

/** The lines said beside a trend: its waves, waves left out and why, recoded answers, synthetic responses, hidden places. */
export function trendNotes(trend: TrendResult, language: Language): string[] {
  const t = TEXTS[language];
  const f = formatters(language);
  const label = (value: string) => localize(trend.question.categories.find((c) => c.value === value)?.label ?? value, language) || value;
  return [
    t.trend.waves(trendWaves(trend).map((w) => w.wave).join(', ')),
    ...trend.waves.filter((w) => !w.included).map((w) => t.trend.leftOut(w.wave, w.reason ?? '')),
    ...trend.waves.filter((w) => w.included && Object.keys(w.recoded).length > 0).map((w) => t.trend.recoded(w.wave, Object.entries(w.recoded).map(([from, to]) => `${from} → ${label(to)}`).join(', '))),
    ...trend.waves.filter((w) => w.included && w.synthetic > 0).map((w) => t.trend.synthetic(w.wave, f.number(w.synthetic))),
    ...trend.groups.filter((g) => g.suppressed).map((g) => t.trend.hiddenPlace(localize(g.label, language), trendHiddenReason(trend, g, language))),
  ];
}

/** A point's estimate as the files write it: a percentage, or a mean to two decimals. */
export function trendFigure(trend: TrendResult, value: number, language: Language): string {
  const f = formatters(language);
  return trend.meta.measure === 'mean' ? f.number(value, 2) : f.percent(value);
}

/** The last change between consecutive waves of a line (the one into this wave). */
export function lastChange(line: TrendGroup['lines'][number]) {
  return line.changes.filter((c) => c.span === 'consecutive').at(-1) ?? null;
}

/** Each answer's change into this wave in words, for one shown place. */
export function changeLines(trend: TrendResult, group: TrendGroup, categories: readonly { value: string; label: string }[], language: Language): string[] {
  return categories.flatMap((c) => {
    const line = group.lines.find((l) => l.value === c.value);
    const change = line && lastChange(line);
    return change ? [`${c.label}: ${changeText(change, trend.meta.measure, language)}`] : [];
  });
}

/** Every figure of a trend, for a slide's notes: each place's points per wave and its changes. */
export function trendFiguresText(trend: TrendResult, view: ExportView): string {
  const language = view.language;
  const t = TEXTS[language];
  const f = formatters(language);
  const categories = trendCategories(trend, view);
  const waveOf = (survey: string) => trend.waves.find((w) => w.survey === survey)?.wave ?? survey;
  const lines: string[] = [`${view.question.title} — ${t.trend.title}`, ''];
  for (const g of trend.groups) {
    const place = localize(g.label, language);
    if (g.suppressed) {
      lines.push(t.trend.hiddenPlace(place, trendHiddenReason(trend, g, language)));
      continue;
    }
    lines.push(place);
    for (const c of categories) {
      const line = g.lines.find((l) => l.value === c.value);
      if (!line) continue;
      lines.push(`  ${c.label}`);
      for (const p of line.points) {
        lines.push(
          p.suppressed || p.estimate === null
            ? `    ${p.wave}: ${t.trend.hiddenPoint}`
            : `    ${p.wave}: ${trendFigure(trend, p.estimate, language)}${p.ci ? ` (${t.trend.interval} ${trendFigure(trend, p.ci.lower, language)}–${trendFigure(trend, p.ci.upper, language)})` : ''}, n = ${f.number(p.n ?? 0)}`,
        );
      }
      for (const ch of line.changes) lines.push(`    ${waveOf(ch.from)} → ${waveOf(ch.to)}: ${changeText(ch, trend.meta.measure, language)}`);
    }
  }
  return lines.join('\n');
}

/** The place a file's summary of changes is about: its first shown place that is not the county when there is one, else the county. */
export function summaryPlace(trends: readonly TrendResult[]): string | null {
  const keys = [...new Set(trends.flatMap((t) => t.groups.map((g) => g.key)))];
  const shown = (key: string) => trends.some((t) => t.groups.some((g) => g.key === key && !g.suppressed));
  return keys.find((k) => k !== 'county' && shown(k)) ?? (keys.includes('county') ? 'county' : (keys[0] ?? null));
}

export interface SummaryRow {
  question: string;
  category: string;
  /** The last wave's and this wave's figures as written, or the hidden note. */
  previous: string;
  current: string;
  change: string;
  significant: boolean;
  /** The change's p as written, for the notes. */
  p: string;
}

/**
 * The "change since the last wave" table: per question with a trend and answer, the place's figure
 * in the wave before and in this one, the change with its 95% interval, and whether p < 0.05.
 */
export function summaryRows(items: readonly { view: ExportView; trend: TrendResult | null }[], place: string, language: Language): { label: string; previousWaves: string[]; currentWave: string; rows: SummaryRow[] } {
  const t = TEXTS[language];
  const rows: SummaryRow[] = [];
  let label = '';
  const previousWaves = new Set<string>();
  let currentWave = '';
  for (const { view, trend } of items) {
    if (!trend) continue;
    const group = trend.groups.find((g) => g.key === place);
    if (!group) continue;
    label ||= localize(group.label, language);
    const waves = trendWaves(trend);
    currentWave = waves.at(-1)?.wave ?? currentWave;
    if (waves.length >= 2) previousWaves.add(waves.at(-2)!.wave);
    if (group.suppressed) {
      const hidden = `${t.suppressed} (${trendHiddenReason(trend, group, language)})`;
      rows.push({ question: view.question.title, category: '', previous: hidden, current: hidden, change: hidden, significant: false, p: '' });
      continue;
    }
    for (const c of trendCategories(trend, view)) {
      const line = group.lines.find((l) => l.value === c.value);
      const change = line && lastChange(line);
      if (!line || !change) continue;
      const figure = (survey: string) => {
        const p = line.points.find((x) => x.survey === survey);
        return !p || p.suppressed || p.estimate === null ? t.trend.hiddenPoint : trendFigure(trend, p.estimate, language);
      };
      const parts = changeParts(change, trend.meta.measure, language);
      rows.push({
        question: view.question.title,
        category: c.label,
        previous: figure(change.from),
        current: figure(change.to),
        change: parts ? `${parts.signed}${trend.meta.measure === 'mean' ? '' : ` ${t.trend.pointsShort}`} (${parts.interval})` : t.trend.hiddenChange,
        significant: parts?.significant ?? false,
        p: parts?.p ?? '',
      });
    }
  }
  return { label, previousWaves: [...previousWaves], currentWave, rows };
}

/** The summary table's column headings. */
export function summaryHeadings(summary: { previousWaves: string[]; currentWave: string }, language: Language): string[] {
  const t = TEXTS[language];
  const previous = summary.previousWaves.length === 1 ? `${t.trend.previous} (${summary.previousWaves[0]})` : t.trend.previous;
  return [t.question, t.category, previous, `${t.trend.current} (${summary.currentWave})`, `${t.trend.change} (${t.trend.interval})`, 'p < 0,05'.replace(',', language === 'en' ? '.' : ',')];
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
  /** Each slide's charts by its number, finished (error bars, labels) after writing. */
  const charts = new Map<number, NativeChart | NativeChart[]>();
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
    [...document.details, ...(document.trendNote ? [document.trendNote] : []), `${t.generated}: ${f.date(document.generatedAt.toISOString())}`].map((line) => ({ text: line, options: { breakLine: true } })),
    { x: 0.7, y: 3.8, w: 11.9, h: 2.2, fontSize: 14, color: hex(COLOURS.muted), fontFace: FONT, valign: 'top' },
  );
  title.addText(t.suppressionRule(document.suppression.minGroupSize, document.suppression.minCellSize), { x: 0.7, y: 6.2, w: 11.9, h: 0.6, fontSize: 11, color: hex(COLOURS.muted), fontFace: FONT });

  /** The questions that got a trend slide, for the summary at the end. */
  const trended: { view: ExportView; trend: TrendResult }[] = [];
  const box = { fontSize: 12, color: hex(COLOURS.text), fontFace: FONT, valign: 'top', fit: 'shrink', fill: { color: 'F3F6F8' }, margin: 8 } as const;
  const paragraphs = (lines: readonly { text: string; bold?: boolean }[]) => lines.map((l) => ({ text: l.text, options: { breakLine: true, paraSpaceAfter: 4, bold: l.bold } }));

  /**
   * A question's trend: a native clustered bar chart per shown place (series the waves, oldest
   * first; the answers in the view's order; 95% intervals as error bars), two places to a slide
   * when their bars fit, each with its changes into this wave in words. A hidden place has only its
   * note. A mean (rating, number) has no chart: its slide gives the means per wave and the change
   * in words (a one-bar chart of a mean on a percent axis would mislead more than it shows).
   */
  const trendSlides = (trend: TrendResult, view: ExportView) => {
    const language = document.language;
    const categories = trendCategories(trend, view);
    const waves = trendWaves(trend);
    const shown = trend.groups.filter((g) => !g.suppressed);
    const notes = [trendFiguresText(trend, view), '', ...trendNotes(trend, language), '', t.suppressionRule(trend.meta.suppression.minGroupSize, trend.meta.suppression.minCellSize)].join('\n');
    const context = [...trendNotes(trend, language), ...(trend.meta.measure === 'mean' ? [t.trend.meanNote] : [t.ciNote])];
    const trendHeading = (slide: PptxSlide, suffix: string) => {
      slide.addText(`${view.question.title} — ${t.trend.title}${suffix}`, { x: 0.5, y: 0.3, w: 12.3, h: 0.8, fontSize: 24, bold: true, color: hex(COLOURS.brand), fontFace: FONT, valign: 'top', fit: 'shrink' });
      slide.addText(context.map((line) => ({ text: line, options: { breakLine: true } })), { x: 0.5, y: 1.1, w: 12.3, h: 0.8, fontSize: 11, color: hex(COLOURS.muted), fontFace: FONT, valign: 'top', fit: 'shrink' });
    };
    const changeBox = (g: TrendGroup, cats: readonly { value: string; label: string }[]) => [
      { text: t.trend.changeHeading(localize(g.label, language), waves.at(-2)?.wave ?? '', waves.at(-1)?.wave ?? ''), bold: true },
      ...changeLines(trend, g, cats, language).map((text) => ({ text })),
    ];
    if (trend.meta.measure === 'mean' || shown.length === 0) {
      const slide = addSlide();
      trendHeading(slide, '');
      const lines = shown.flatMap((g) => {
        const line = g.lines[0];
        const points = (line?.points ?? []).map((p) => ({ text: `${p.wave}: ${p.suppressed || p.estimate === null ? t.trend.hiddenPoint : `${trendFigure(trend, p.estimate, language)}${p.ci ? ` (${t.trend.interval} ${trendFigure(trend, p.ci.lower, language)}–${trendFigure(trend, p.ci.upper, language)})` : ''}, n = ${f.number(p.n ?? 0)}`}` }));
        return [...changeBox(g, categories), ...points];
      });
      slide.addText(paragraphs(lines.length ? lines : [{ text: t.noOpenAnswers }]), { ...box, x: 0.5, y: 2.0, w: 12.3, h: 4.9, fontSize: 14 });
      slide.addNotes(notes);
      footer(slide);
      return;
    }
    // The answers in parts when even one place's waves make too many bars for one chart.
    const parts = Math.ceil((categories.length * waves.length) / BARS_PER_CHART);
    const size = Math.ceil(categories.length / parts);
    const panels: { group: TrendGroup; cats: { value: string; label: string }[]; part: number }[] = [];
    for (const g of shown) for (let from = 0, part = 1; from < categories.length; from += size, part++) panels.push({ group: g, cats: categories.slice(from, from + size), part });
    const axis = axisMax(shown.flatMap((g) => g.lines.flatMap((l) => l.points.map((p) => (p.suppressed ? 0 : (p.ci?.upper ?? p.estimate ?? 0))))));
    const pairs = size * waves.length <= BARS_PER_HALF && panels.length > 1;
    const perSlide = pairs ? 2 : 1;
    const slideCount = Math.ceil(panels.length / perSlide);
    for (let i = 0; i < panels.length; i += perSlide) {
      const onSlide = panels.slice(i, i + perSlide);
      const slide = addSlide();
      const what = onSlide.map((p) => `${localize(p.group.label, language)}${parts > 1 ? ` ${p.part}/${parts}` : ''}`).join(', ');
      trendHeading(slide, slideCount > 1 ? ` ${t.partOf(i / perSlide + 1, slideCount, what)}` : '');
      const native: NativeChart[] = [];
      onSlide.forEach((p, j) => {
        const groups = trendSeries(trend, p.group, p.cats);
        const spec = { language, groups, axisMax: axis, altText: `${view.question.title}: ${localize(p.group.label, language)}, ${waves.map((w) => w.wave).join(', ')}` };
        if (pairs) {
          native.push(addBarChart(pptx, slide, spec, { x: 0.4 + j * 6.35, y: 1.95, w: 6.2, h: 3.35 }));
          slide.addText(paragraphs(changeBox(p.group, p.cats)), { ...box, fontSize: 11, x: 0.5 + j * 6.35, y: 5.35, w: 6.0, h: 1.6 });
        } else {
          native.push(addBarChart(pptx, slide, spec, { x: 0.4, y: 1.95, w: 8.9, h: 5.0 }));
          slide.addText(paragraphs(changeBox(p.group, p.cats)), { ...box, x: 9.5, y: 2.0, w: 3.4, h: 4.9 });
        }
      });
      charts.set(slides, native);
      slide.addNotes(notes);
      footer(slide);
    }
  };

  /** The change since the last wave, for the file's place, as a table (in parts when long). */
  const summarySlides = () => {
    const place = summaryPlace(trended.map((x) => x.trend));
    if (place === null) return;
    const summary = summaryRows(trended, place, document.language);
    const head = summaryHeadings(summary, document.language);
    const cell = (text: string, options: { bold?: boolean; right?: boolean; fill?: string } = {}) => ({ text, options: { bold: options.bold, align: options.right ? 'right' : 'left', fill: options.fill ? { color: options.fill } : undefined } as const });
    // Ten rows a slide: a long question title wraps to two lines and the table must stay above the footer.
    const ROWS = 10;
    const parts = Math.max(1, Math.ceil(summary.rows.length / ROWS));
    for (let part = 0; part < parts; part++) {
      const rows = summary.rows.slice(part * ROWS, (part + 1) * ROWS);
      const slide = addSlide();
      slide.addText(`${t.trend.summaryTitle}: ${summary.label}${parts > 1 ? ` ${t.continued(part + 1, parts)}` : ''}`, { x: 0.5, y: 0.3, w: 12.3, h: 0.8, fontSize: 24, bold: true, color: hex(COLOURS.brand), fontFace: FONT, valign: 'top', fit: 'shrink' });
      slide.addTable(
        [
          head.map((h, i) => cell(h, { bold: true, right: i >= 2, fill: 'E8EEF2' })),
          ...rows.map((r, i) => [cell(i > 0 && rows[i - 1]!.question === r.question ? '' : r.question, { bold: true }), cell(r.category), cell(r.previous, { right: true }), cell(r.current, { right: true }), cell(r.change, { right: true }), cell(r.significant ? '*' : '', { right: true })]),
        ],
        { x: 0.5, y: 1.2, w: 12.3, colW: [3.3, 2.6, 1.5, 1.5, 2.6, 0.8], fontSize: 11, fontFace: FONT, color: hex(COLOURS.text), border: { type: 'solid', pt: 0.5, color: 'C9D1D9' }, valign: 'middle', margin: 0.05 },
      );
      slide.addText(t.trend.significant, { x: 0.5, y: 6.6, w: 12.3, h: 0.4, fontSize: 10, color: hex(COLOURS.muted), fontFace: FONT });
      slide.addNotes([`${t.trend.summaryTitle}: ${summary.label}`, '', ...rows.map((r) => `${r.question}${r.category ? ` / ${r.category}` : ''}: ${r.previous} → ${r.current}, ${r.change}${r.p ? `, ${r.p}` : ''}`)].join('\n'));
      footer(slide);
    }
  };

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
    if (item.trend) {
      trendSlides(item.trend, view);
      trended.push({ view, trend: item.trend });
    }
  }
  if (trended.length > 0) summarySlides();
  const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  await finishCharts(zip, charts);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
