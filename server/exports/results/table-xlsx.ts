// A question's results table as an Excel workbook: one row per group and answer (count, percent,
// interval, n), hidden cells written as text saying why, never the number; and a sheet saying what
// the figures are of (filters, weighting, the data's date, the suppression rule).
import { RESULT_KIND_FACETS } from '../../questions/result-kinds.ts';
import ExcelJS, { guardWorkbookTexts } from '../exceljs.ts';
import { formatters, TEXTS } from './texts.ts';
import type { ExportView } from './view.ts';

/** Sheet names Excel accepts: at most 31 characters, none of []:*?/\ . */
export const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);


export async function tableXlsx(view: ExportView, generatedAt: Date): Promise<Buffer> {
  const t = TEXTS[view.language];
  const f = formatters(view.language);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kuulo';
  workbook.created = generatedAt;

  const sheet = workbook.addWorksheet(sheetName(t.results));
  const head = [t.group, t.n, t.category, t.count, t.percent, t.ciLower, t.ciUpper];
  if (view.weighted) head.push(t.weightedPercent, t.weightedCiLower, t.weightedCiUpper, t.weightedN);
  sheet.addRow([view.question.title]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const header = sheet.addRow(head);
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

  for (const g of view.groups) {
    if (g.suppressed) {
      sheet.addRow([g.label, `${t.suppressed}: ${g.reason}`]);
      continue;
    }
    if (RESULT_KIND_FACETS[view.question.kind].fileFigures === 'numbers') {
      const nums = g.numbers;
      for (const k of ['mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'] as const) {
        const v = nums?.[k] ?? null;
        sheet.addRow([g.label, g.n, k, v === null ? t.suppressed : v]);
      }
      continue;
    }
    for (const b of g.bars) {
      if (b.suppressed) {
        sheet.addRow([g.label, g.n, b.label, `${t.suppressed}: ${b.reason}`]);
        continue;
      }
      const row: (string | number | null)[] =
        RESULT_KIND_FACETS[view.question.kind].fileFigures === 'ranking'
          ? [g.label, g.n, b.label, null, round(b.percent), null, null]
          : [g.label, g.n, b.label, b.count, round(b.unweighted?.percent), round(b.unweighted?.ci?.lower), round(b.unweighted?.ci?.upper)];
      if (view.weighted) row.push(round(b.percent), round(b.ci?.lower), round(b.ci?.upper), g.weightedN === null ? null : Math.round(g.weightedN));
      sheet.addRow(row);
    }
  }
  for (const [i, width] of [24, 8, 36, 12, 9, 14, 14, 12, 14, 14, 12].entries()) sheet.getColumn(i + 1).width = width;
  for (const c of [5, 6, 7, 8, 9, 10]) sheet.getColumn(c).numFmt = '0.0';

  const info = workbook.addWorksheet(sheetName(t.info));
  const rows: [string, string][] = [
    [t.survey, `${view.surveyTitle} (${view.surveyId})`],
    [t.question, `${view.question.title} (${view.question.key})`],
    [t.groups, view.groups.map((g) => g.label).join(', ')],
    ...view.details.map((d): [string, string] => {
      const at = d.indexOf(': ');
      return at > 0 ? [d.slice(0, at), d.slice(at + 2)] : ['', d];
    }),
    [t.suppressionNote, t.suppressionRule(view.meta.suppression.minGroupSize, view.meta.suppression.minCellSize)],
    ...view.suppressionNotes.map((n): [string, string] => [t.suppressed, n]),
    ['', RESULT_KIND_FACETS[view.question.kind].fileNote === 'multi' ? t.multiNote : ''],
    [t.formulas, t.formulaNote],
    [t.generated, `${f.date(generatedAt.toISOString())} · Kuulo`],
  ];
  for (const [k, v] of rows) if (k || v) info.addRow([k, v]);
  info.getColumn(1).width = 22;
  info.getColumn(2).width = 100;
  info.getColumn(1).font = { bold: true };
  guardWorkbookTexts(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
