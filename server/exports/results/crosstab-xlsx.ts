// A cross-tabulation as an Excel workbook: counts, row and column percentages and the test, every
// figure exactly as ResultsService.crosstab gives it for this user and query. A hidden cell is
// written as text saying why, never as a number; a test the service withholds is not written.
import ExcelJS, { guardWorkbookTexts } from '../exceljs.ts';
import type { ResultsService } from '../../results/service.ts';
import { sheetName } from './table-xlsx.ts';
import { formatters, localize, TEXTS } from './texts.ts';
import { describeMeta, reasonText, type ViewRequest } from './view.ts';
import { may } from '../../auth/permissions.ts';
import { COUNTY_KEY } from '../../results/groups.ts';

type CrosstabResult = Awaited<ReturnType<ResultsService['crosstab']>>;

export interface CrosstabRequest extends ViewRequest {
  rows: string;
  columns: string;
  /** The one group tabulated: `county`, an area or a municipality code; null: the sidebar's groups (crosstabGroups). */
  group: string | null;
}

/**
 * The groups tabulated: the one asked for; else the sidebar's, as the workspace's cross-tab shows
 * them (the county and each compared place, a viewer's compared places only; or every area, a
 * viewer's own); else the county. Each is the service's cross-tab for this user, so a group outside
 * a viewer's scope is refused as on screen.
 */
export function crosstabGroups(request: Pick<CrosstabRequest, 'group' | 'query' | 'user' | 'results'>): string[] {
  if (request.group) return [request.group];
  const viewer = !may(request.user.role, 'results.readAllPlaces');
  const { compare, groupBy } = request.query;
  const compared = (compare ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (compared.length > 0) return [...(viewer ? [] : [COUNTY_KEY]), ...new Set(compared)];
  if (groupBy === 'area') {
    const areas = request.results.groups.filter((g) => g.level === 'area' && (!viewer || request.user.areas.includes(g.key))).map((g) => g.key);
    if (areas.length > 0) return areas;
  }
  return [COUNTY_KEY];
}

/** What a cross-tab workbook is made of: plain data, so that the file is drawn in the files worker (render-worker.ts). */
export interface CrosstabWorkbook {
  readonly surveyId: string;
  /** The survey's title in the file's language, or null when the catalog no longer has it. */
  readonly surveyTitle: string | null;
  readonly language: CrosstabRequest['language'];
  /** The service's cross-tab of each group, in order. */
  readonly tabulated: readonly CrosstabResult[];
  /** Each group's name in the file's language, by group key. */
  readonly groupLabels: Readonly<Record<string, string>>;
}

/** The figures of a cross-tab workbook, for this user (ResultsService.crosstab per group). */
export async function crosstabWorkbookData(request: CrosstabRequest): Promise<CrosstabWorkbook> {
  const tabulated: CrosstabResult[] = [];
  for (const group of crosstabGroups(request)) tabulated.push(await request.results.crosstab(request.surveyId, request.rows, request.columns, { ...request.query, group }, request.user));
  const groupLabels: Record<string, string> = {};
  for (const r of tabulated) {
    const group = request.results.groups.find((g) => g.key === r.group);
    groupLabels[r.group] = group ? localize(group.label, request.language) : r.group;
  }
  const survey = request.catalog.get(request.surveyId);
  return { surveyId: request.surveyId, surveyTitle: survey ? localize(survey.meta.title, request.language) : null, language: request.language, tabulated, groupLabels };
}

/** The cross-tab workbook's bytes from its data (the files worker runs this). */
export async function crosstabWorkbookFile(data: CrosstabWorkbook, generatedAt: Date): Promise<Buffer> {
  const { tabulated } = data;
  const several = tabulated.length > 1;
  const result = tabulated[0]!;
  const language = data.language;
  const t = TEXTS[language];
  const x = t.crosstab;
  const f = formatters(language);
  const meta = result.meta;
  const reason = (r: Parameters<typeof reasonText>[0]) => `${t.suppressed}: ${reasonText(r, meta, language)}`;
  const labelOf = (v: CrosstabResult['rows'], value: string) => localize(v.categories.find((c) => c.value === value)?.label, language) || value;
  const rowsTitle = localize(result.rows.title, language) || result.rows.key;
  const columnsTitle = localize(result.columns.title, language) || result.columns.key;
  const labels = tabulated.map((r) => data.groupLabels[r.group] ?? r.group);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kuulo';
  workbook.created = generatedAt;
  const notes: [string, string][] = [];
  const used = new Set<string>();
  for (const result of tabulated) {
    const groupLabel = data.groupLabels[result.group] ?? result.group;
    // One sheet per group, named after it when there are several (Excel's names are unique, 31 characters).
    let name = sheetName(several ? groupLabel : x.sheet);
    for (let i = 2; used.has(name.toLowerCase()); i++) name = sheetName(`${several ? groupLabel : x.sheet}`.slice(0, 27) + ` (${i})`);
    used.add(name.toLowerCase());
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([`${rowsTitle} × ${columnsTitle}`]).font = { bold: true, size: 13 };
    const table = result.table;
    sheet.addRow([t.group, groupLabel, ...(table ? [t.n, table.total] : [])]);
    sheet.addRow([]);

    if (result.suppressed || !table) {
      sheet.addRow([x.counts, reason('small_group')]);
      notes.push([`${several ? `${groupLabel} · ` : ''}${t.suppressed}`, x.hidden(meta.suppression.minGroupSize)]);
    } else {
      const cols = table.columnValues.map((v) => labelOf(result.columns, v));
      const heading = (title: string, last: string) => {
        sheet.addRow([title]).font = { bold: true };
        sheet.addRow([`${rowsTitle} \\ ${columnsTitle}`, ...cols, last]).font = { bold: true };
      };
      const cell = (value: number | null, why: Parameters<typeof reasonText>[0] | undefined) => (value === null ? reason(why ?? 'small_cell') : value);
      const block = (title: string, values: (number | null)[][], last: string, lastColumn: (i: number) => number | string | null, footer: (string | number)[] | null) => {
        heading(title, last);
        table.rowValues.forEach((v, i) => {
          sheet.addRow([labelOf(result.rows, v), ...values[i]!.map((value, j) => cell(value, result.table!.reasons.cells[i]![j])), lastColumn(i)]);
        });
        if (footer) sheet.addRow(footer).font = { italic: true };
        sheet.addRow([]);
      };
      const rowTotal = (i: number) => cell(table.rowTotals[i]!, table.reasons.rowTotals[i]);
      const columnTotals = table.columnTotals.map((v, j) => cell(v, table.reasons.columnTotals[j]));
      const firstPercentRow = () => sheet.rowCount + 3;
      block(x.counts, table.counts, x.total, rowTotal, [x.total, ...columnTotals, table.total]);
      const rowStart = firstPercentRow();
      block(x.rowPercents, table.rowPercents, t.n, rowTotal, null);
      const columnStart = firstPercentRow();
      block(x.columnPercents, table.columnPercents, '', () => null, [t.n, ...columnTotals]);
      for (const start of [rowStart, columnStart]) {
        for (let r = start; r < start + table.rowValues.length; r++) for (let c = 2; c <= cols.length + 1; c++) sheet.getCell(r, c).numFmt = '0.0';
      }

      sheet.addRow([x.test]).font = { bold: true };
      if (table.testWithheld || !table.test) {
        sheet.addRow([x.withheld]);
        notes.push([`${several ? `${groupLabel} · ` : ''}${x.test}`, x.withheld]);
      } else {
        const test = table.test;
        const rows: [string, number, string?][] = [
          [x.chiSquare, test.chiSquare, '0.00'],
          [x.df, test.df],
          [x.pValue, test.pValue, '0.0000'],
          [x.cramersV, test.cramersV, '0.000'],
        ];
        const weighted = table.weightedTest;
        if (weighted) {
          rows.push([x.raoScott, weighted.secondOrder.f, '0.00'], [x.df1, weighted.secondOrder.df1, '0.0'], [x.df2, weighted.secondOrder.df2, '0.0'], [x.raoScottP, weighted.secondOrder.pValue, '0.0000'], [x.designEffect, weighted.meanDesignEffect, '0.00']);
        }
        for (const [label, value, format] of rows) {
          const row = sheet.addRow([label, value]);
          if (format) row.getCell(2).numFmt = format;
        }
        if (test.smallExpected.warning) sheet.addRow([x.smallExpected(f.percent(test.smallExpected.share * 100, 0), f.number(test.smallExpected.minExpected, 1))]);
      }
      const hiddenCells = table.reasons.cells.flat().filter((r) => r !== null).length;
      if (hiddenCells > 0) notes.push([`${several ? `${groupLabel} · ` : ''}${t.suppressedCells}`, String(hiddenCells)]);
    }
    sheet.getColumn(1).width = 34;
    for (let c = 2; c <= (table?.columnValues.length ?? 1) + 2; c++) sheet.getColumn(c).width = 16;
  }

  const info = workbook.addWorksheet(sheetName(t.info));
  const rows: [string, string][] = [
    [t.survey, `${data.surveyTitle ?? data.surveyId} (${data.surveyId})`],
    [x.rows, `${rowsTitle} (${result.rows.key})`],
    [x.columns, `${columnsTitle} (${result.columns.key})`],
    [t.group, labels.join(', ')],
    ...describeMeta(meta, language).map((d): [string, string] => {
      const at = d.indexOf(': ');
      return at > 0 ? [d.slice(0, at), d.slice(at + 2)] : ['', d];
    }),
    [t.suppressionNote, t.suppressionRule(meta.suppression.minGroupSize, meta.suppression.minCellSize)],
    ...notes,
    [t.formulas, t.formulaNote],
    [t.generated, `${f.date(generatedAt.toISOString())} · Kuulo`],
  ];
  for (const [k, v] of rows) info.addRow([k, v]);
  info.getColumn(1).width = 22;
  info.getColumn(2).width = 100;
  info.getColumn(1).font = { bold: true };
  guardWorkbookTexts(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
