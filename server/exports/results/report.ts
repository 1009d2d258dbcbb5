// A Word report of chosen questions: per question its native chart, a table of the figures and a
// note on hidden groups; a selection of open answers from groups that are not hidden; method notes.
//
// The docx library writes no charts, so the charts are made by pptxgenjs (the same code as the
// deck's) and moved into the Word package: each `c:chartSpace` part with its embedded workbook
// becomes `word/charts/chartN.xml`, related from the document and drawn inline where a
// placeholder paragraph stood. Word and LibreOffice then open them as editable charts.
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import JSZip from 'jszip';
import { PptxGenJS } from './pptx.ts';
import { COLOURS } from '../../../chart/colours.ts';
import { addBarChart, changeLines, chartChunks, summaryHeadings, summaryPlace, summaryRows, trendCategories, trendFigure, trendHiddenReason, trendNotes, trendSeries, trendWaves, type BarChartSpec } from './deck.ts';
import { axisMax } from '../../../chart/scale.ts';
import type { TrendResult } from '../../results/trend-schemas.ts';
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';
import { finishChart, slideChart } from './error-bars.ts';
import type { ExportDocument } from './document.ts';
import { changeParts, formatters, localize, TEXTS, type Language } from './texts.ts';
import type { ExportView } from './view.ts';

const hex = (c: string) => c.replace('#', '').toUpperCase();
const placeholder = (i: number) => `[[kuulo-chart-${i}]]`;
/** The text width of an A4 page with 2.5 cm margins, in EMU (360,000 a centimetre). */
const CHART_WIDTH = 16 * 360_000;

interface PlannedChart {
  spec: BarChartSpec;
  /** The chart's name in the document (its alt text). */
  title: string;
  heightCm: number;
}

function muted(text: string, size = 18): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, color: hex(COLOURS.muted), size })], spacing: { after: 60 } });
}

function figuresTable(view: ExportView): Table {
  const t = TEXTS[view.language];
  const f = formatters(view.language);
  const cell = (text: string, options: { bold?: boolean; right?: boolean; shade?: boolean; span?: number } = {}) =>
    new TableCell({
      children: [new Paragraph({ alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: options.bold, size: 18 })] })],
      columnSpan: options.span,
      shading: options.shade ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF2' } : undefined,
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
    });
  const ranking = RESULT_KIND_FACETS[view.question.kind].fileFigures === 'ranking';
  const head = [t.group, t.category, ranking ? t.firstPercent : t.percent, ranking ? '' : t.ci, ranking ? '' : t.count];
  const rows = [new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, { bold: true, right: i >= 2, shade: true })) })];
  for (const g of view.groups) {
    const name = g.suppressed ? g.label : `${g.label} (n = ${f.number(g.n ?? 0)})`;
    if (g.suppressed) {
      rows.push(new TableRow({ children: [cell(name, { bold: true }), cell(`${t.suppressed}: ${g.reason}`, { span: 4 })] }));
      continue;
    }
    g.bars.forEach((b, i) => {
      const first = cell(i === 0 ? name : '', { bold: i === 0 });
      if (b.percent === null) rows.push(new TableRow({ children: [first, cell(b.label), cell(`${t.suppressed}: ${b.reason}`, { span: 3 })] }));
      else
        rows.push(
          new TableRow({
            children: [first, cell(b.label), cell(f.percent(b.percent), { right: true }), cell(b.ci ? `${f.percent(b.ci.lower)}–${f.percent(b.ci.upper)}` : '', { right: true }), cell(b.count === null ? '' : f.number(b.count), { right: true })],
          }),
        );
    });
  }
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'C9D1D9' };
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border } });
}

function numbersTable(view: ExportView): Paragraph[] {
  const t = TEXTS[view.language];
  const f = formatters(view.language);
  return view.groups.map((g) =>
    g.suppressed || !g.numbers
      ? muted(`${g.label}: ${t.suppressed}${g.reason ? ` (${g.reason})` : ''}`)
      : new Paragraph({
          children: [
            new TextRun({ text: `${g.label} (n = ${f.number(g.n ?? 0)}): `, bold: true }),
            new TextRun((['mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'] as const).map((k) => `${k} ${g.numbers![k] === null ? t.suppressed : f.number(g.numbers![k]!, 2)}`).join(', ')),
          ],
        }),
  );
}

const border = { style: BorderStyle.SINGLE, size: 4, color: 'C9D1D9' };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

function tableCell(text: string, options: { bold?: boolean; right?: boolean; shade?: boolean; span?: number } = {}): TableCell {
  return new TableCell({
    children: [new Paragraph({ alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: options.bold, size: 18 })] })],
    columnSpan: options.span,
    shading: options.shade ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF2' } : undefined,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
  });
}

/**
 * A question's trend over the waves (issue 15), every figure the trend API's: what the trend holds
 * (waves, left-out waves, recodings, hidden places), a native clustered bar chart per shown place
 * (series the waves, oldest first; 95% intervals as error bars) as the report's other charts, then a
 * table of each wave's point (%, 95% interval, n) and one of the changes with interval and p. A
 * mean (rating, number) has no chart, only the tables. A hidden place has its note and no figure.
 */
function trendSection(trend: TrendResult, view: ExportView, planned: PlannedChart[]): (Paragraph | Table)[] {
  const language = view.language;
  const t = TEXTS[language];
  const f = formatters(language);
  const categories = trendCategories(trend, view);
  const waves = trendWaves(trend);
  const waveOf = (survey: string) => trend.waves.find((w) => w.survey === survey)?.wave ?? survey;
  const shown = trend.groups.filter((g) => !g.suppressed);
  const out: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_3, text: `${view.question.title} — ${t.trend.title}` }), ...trendNotes(trend, language).map((line) => muted(line))];
  if (trend.meta.measure === 'proportion') {
    const axis = axisMax(shown.flatMap((g) => g.lines.flatMap((l) => l.points.map((p) => (p.suppressed ? 0 : (p.ci?.upper ?? p.estimate ?? 0))))));
    for (const g of shown) {
      const place = localize(g.label, language);
      out.push(new Paragraph({ children: [new TextRun({ text: place, bold: true })], spacing: { before: 120 } }));
      // One chart per place with every answer: the report's page is long, not wide.
      planned.push({ spec: { language, groups: trendSeries(trend, g, categories), axisMax: axis, altText: `${view.question.title}: ${place}, ${waves.map((w) => w.wave).join(', ')}` }, title: `${view.question.title} – ${place}`, heightCm: Math.min(22, 2.5 + categories.length * (0.45 + 0.22 * waves.length)) });
      out.push(new Paragraph({ children: [new TextRun(placeholder(planned.length))] }));
      for (const line of changeLines(trend, g, categories, language)) out.push(muted(`${t.trend.changeHeading(place, waves.at(-2)?.wave ?? '', waves.at(-1)?.wave ?? '')}, ${line}`));
    }
    out.push(muted(t.ciNote));
  } else out.push(muted(t.trend.meanNote));
  const head = [t.group, t.category, t.trend.wave, trend.meta.measure === 'mean' ? t.trend.mean : t.percent, t.ci, t.n];
  const rows = [new TableRow({ tableHeader: true, children: head.map((h, i) => tableCell(h, { bold: true, right: i >= 3, shade: true })) })];
  const changeHead = [t.group, t.category, t.trend.wave, t.trend.change, t.ci, 'p'];
  const changeRows = [new TableRow({ tableHeader: true, children: changeHead.map((h, i) => tableCell(h, { bold: true, right: i >= 3, shade: true })) })];
  for (const g of trend.groups) {
    const place = localize(g.label, language);
    if (g.suppressed) {
      const hidden = `${t.suppressed}: ${trendHiddenReason(trend, g, language)}`;
      rows.push(new TableRow({ children: [tableCell(place, { bold: true }), tableCell(hidden, { span: 5 })] }));
      changeRows.push(new TableRow({ children: [tableCell(place, { bold: true }), tableCell(hidden, { span: 5 })] }));
      continue;
    }
    let firstRow = true;
    let firstChange = true;
    for (const c of categories) {
      const line = g.lines.find((l) => l.value === c.value);
      if (!line) continue;
      line.points.forEach((p, i) => {
        const lead = [tableCell(firstRow ? place : '', { bold: firstRow }), tableCell(i === 0 ? c.label : '')];
        firstRow = false;
        if (p.suppressed || p.estimate === null) rows.push(new TableRow({ children: [...lead, tableCell(p.wave), tableCell(t.trend.hiddenPoint, { span: 3 })] }));
        else rows.push(new TableRow({ children: [...lead, tableCell(p.wave), tableCell(trendFigure(trend, p.estimate, language), { right: true }), tableCell(p.ci ? `${trendFigure(trend, p.ci.lower, language)}–${trendFigure(trend, p.ci.upper, language)}` : '', { right: true }), tableCell(f.number(p.n ?? 0), { right: true })] }));
      });
      line.changes.forEach((ch, i) => {
        const lead = [tableCell(firstChange ? place : '', { bold: firstChange }), tableCell(i === 0 ? c.label : ''), tableCell(`${waveOf(ch.from)} → ${waveOf(ch.to)}`)];
        firstChange = false;
        const parts = changeParts(ch, trend.meta.measure, language);
        if (!parts) changeRows.push(new TableRow({ children: [...lead, tableCell(t.trend.hiddenChange, { span: 3 })] }));
        else {
          const difference = `${parts.signed}${trend.meta.measure === 'mean' ? '' : ` ${t.trend.points}`}`;
          // (the column is headed p: the figure alone, "< 0,001" or "0,049")
          changeRows.push(new TableRow({ children: [...lead, tableCell(difference, { right: true }), tableCell(parts.interval, { right: true }), tableCell(parts.p.replace(/^p (= )?/, ''), { right: true })] }));
        }
      });
    }
  }
  out.push(new Paragraph({ spacing: { before: 120 }, children: [] }), new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, borders }));
  out.push(new Paragraph({ spacing: { before: 120 }, children: [] }), new Table({ rows: changeRows, width: { size: 100, type: WidthType.PERCENTAGE }, borders }));
  return out;
}

/** The change since the last wave, for the report's place, as a table (as the deck's last slide). */
function summarySection(trended: readonly { view: ExportView; trend: TrendResult }[], language: Language): (Paragraph | Table)[] {
  const t = TEXTS[language];
  const place = summaryPlace(trended.map((x) => x.trend));
  if (place === null) return [];
  const summary = summaryRows(trended, place, language);
  const head = summaryHeadings(summary, language);
  const rows = [
    new TableRow({ tableHeader: true, children: head.map((h, i) => tableCell(h, { bold: true, right: i >= 2, shade: true })) }),
    ...summary.rows.map((r, i) => new TableRow({ children: [tableCell(i > 0 && summary.rows[i - 1]!.question === r.question ? '' : r.question, { bold: true }), tableCell(r.category), tableCell(r.previous, { right: true }), tableCell(r.current, { right: true }), tableCell(r.change, { right: true }), tableCell(r.significant ? '*' : '', { right: true })] })),
  ];
  return [new Paragraph({ heading: HeadingLevel.HEADING_1, text: `${t.trend.summaryTitle}: ${summary.label}`, spacing: { before: 480 } }), new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, borders }), muted(t.trend.significant)];
}

/** Makes every planned chart with pptxgenjs and returns each chart's XML and workbook. */
async function makeCharts(charts: PlannedChart[]): Promise<{ xml: string; workbook: Uint8Array }[]> {
  if (charts.length === 0) return [];
  const pptx = new PptxGenJS();
  const native = charts.map((c) => addBarChart(pptx, pptx.addSlide(), c.spec, { x: 0, y: 0, w: 6.3, h: c.heightCm / 2.54 }));
  const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  const out: { xml: string; workbook: Uint8Array }[] = [];
  for (let i = 1; i <= charts.length; i++) {
    const chartPath = (await slideChart(zip, i))!;
    const chartRels = await zip.file(chartPath.replace('charts/', 'charts/_rels/') + '.rels')!.async('string');
    const workbookPath = /Target="(?:\.\.|\/ppt)\/embeddings\/([^"]+\.xlsx)"/.exec(chartRels)![1]!;
    out.push({ xml: finishChart(await zip.file(chartPath)!.async('string'), native[i - 1]!), workbook: await zip.file(`ppt/embeddings/${workbookPath}`)!.async('uint8array') });
  }
  return out;
}

function inlineChart(i: number, heightCm: number, title: string): string {
  const cy = Math.round(heightCm * 360_000);
  const name = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return (
    `<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">` +
    `<wp:extent cx="${CHART_WIDTH}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="${5000 + i}" name="Chart ${i}" descr="${name}"/><wp:cNvGraphicFramePr/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdKuuloChart${i}"/>` +
    `</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
  );
}

/** Puts the charts into the Word package in place of their placeholder paragraphs. */
async function embedCharts(docx: Buffer, charts: { xml: string; workbook: Uint8Array }[], planned: PlannedChart[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  let document = await zip.file('word/document.xml')!.async('string');
  let rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
  let types = await zip.file('[Content_Types].xml')!.async('string');
  charts.forEach((chart, index) => {
    const i = index + 1;
    zip.file(`word/charts/chart${i}.xml`, chart.xml);
    zip.file(`word/embeddings/Kuulo_chart${i}.xlsx`, chart.workbook);
    zip.file(
      `word/charts/_rels/chart${i}.xml.rels`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="../embeddings/Kuulo_chart${i}.xlsx"/></Relationships>`,
    );
    rels = rels.replace('</Relationships>', `<Relationship Id="rIdKuuloChart${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart${i}.xml"/></Relationships>`);
    types = types.replace('</Types>', `<Override PartName="/word/charts/chart${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>`);
    const paragraph = new RegExp(`<w:p>(?:(?!<w:p>).)*?${placeholder(i).replace(/[[\]]/g, '\\$&')}.*?</w:p>`, 's');
    if (!paragraph.test(document)) throw new Error(`chart placeholder ${i} not found in the report`);
    document = document.replace(paragraph, inlineChart(i, planned[index]!.heightCm, planned[index]!.title));
  });
  if (!/Extension="xlsx"/.test(types)) types = types.replace('</Types>', '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/></Types>');
  zip.file('word/document.xml', document);
  zip.file('word/_rels/document.xml.rels', rels);
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function reportDocx(doc: ExportDocument): Promise<Buffer> {
  const t = TEXTS[doc.language];
  const f = formatters(doc.language);
  const planned: PlannedChart[] = [];
  const trended: { view: ExportView; trend: TrendResult }[] = [];
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: doc.surveyTitle, color: hex(COLOURS.brand) })] }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, text: doc.scope }),
    ...doc.details.map((d) => muted(d, 20)),
    ...(doc.trendNote ? [muted(doc.trendNote, 20)] : []),
    muted(`${t.generated}: ${f.date(doc.generatedAt.toISOString())} · Kuulo`, 20),
  ];
  for (const item of doc.items) {
    const view = item.view;
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: view.question.title, pageBreakBefore: false, spacing: { before: 360 } }));
    if (view.question.subtitle) body.push(muted(view.question.subtitle, 20));
    const nLine = view.details[0];
    const facets = RESULT_KIND_FACETS[view.question.kind];
    if (nLine && facets.fileFigures !== 'quotes') body.push(muted(nLine));
    if (facets.fileFigures === 'quotes') {
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, text: t.openAnswers }), muted(t.openNote));
      if (item.quotes.length === 0) body.push(new Paragraph(t.noOpenAnswers));
      for (const q of item.quotes) {
        body.push(new Paragraph({ children: [new TextRun({ text: q.group, bold: true })], spacing: { before: 120 } }));
        // Answers are text: a TextRun escapes them, so markup in an answer stays visible characters.
        for (const a of q.answers) body.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: `”${a}”`, italics: true })] }));
      }
    } else if (facets.fileFigures === 'numbers') {
      body.push(...numbersTable(view));
    } else {
      if (facets.fileNote === 'multi') body.push(muted(t.multiNote));
      for (const groups of chartChunks(view)) {
        const bars = groups[0]?.bars.length ?? 1;
        planned.push({ spec: { language: view.language, groups, axisMax: view.chart?.axisMax ?? 100, altText: `${view.question.title}: ${groups.map((g) => g.label).join(', ')}` }, title: view.question.title, heightCm: Math.min(22, 2.5 + bars * (0.45 + 0.22 * groups.length)) });
        body.push(new Paragraph({ children: [new TextRun(placeholder(planned.length))] }));
      }
      body.push(muted(facets.fileNote === 'ranking' ? t.rankingNote : t.ciNote));
      body.push(figuresTable(view));
      if (item.themes.length > 0) {
        body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, text: t.themesTitle }), muted(t.themesNote));
        for (const theme of item.themes) {
          body.push(new Paragraph({ children: [new TextRun({ text: `${theme.label}${theme.percent === null ? '' : ` (${f.percent(theme.percent)})`}`, bold: true })], spacing: { before: 120 } }));
          for (const q of theme.quotes) body.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: `”${q}”`, italics: true })] }));
        }
      }
    }
    if (view.suppressionNotes.length) body.push(new Paragraph({ children: [new TextRun({ text: `${t.suppressionNote}: `, bold: true, size: 18 }), new TextRun({ text: view.suppressionNotes.join(' · '), size: 18 })], spacing: { before: 120 } }));
    if (item.trend) {
      body.push(...trendSection(item.trend, view, planned));
      trended.push({ view, trend: item.trend });
    }
  }
  if (trended.length > 0) body.push(...summarySection(trended, doc.language));
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: t.methodTitle, spacing: { before: 480 } }));
  body.push(new Paragraph(t.method.n), new Paragraph(t.method.wilson));
  if (doc.weighting) body.push(new Paragraph(t.method.weighted(doc.weighting.designEffect, doc.weighting.effectiveSampleSize)));
  body.push(new Paragraph(t.suppressionRule(doc.suppression.minGroupSize, doc.suppression.minCellSize)));

  const document = new Document({
    creator: 'Kuulo',
    title: `${doc.surveyTitle} – ${doc.scope}`,
    styles: { default: { document: { run: { font: 'Arial', size: 21 } } } },
    sections: [{ properties: { page: { margin: { left: 1417, right: 1417, top: 1417, bottom: 1417 } } }, children: body }],
  });
  const plain = await Packer.toBuffer(document);
  return embedCharts(plain, await makeCharts(planned), planned);
}
