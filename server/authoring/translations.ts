// A draft's texts for a translator: written out as an XLSX workbook (one row per text: its key, what it
// belongs to, the Finnish source and a column per language) and read back all or nothing. The reading
// refuses a file made against older Finnish texts, with keys the draft does not have, or missing its
// key or source column, listing every problem by row and column; a good file becomes one new revision
// of the draft, audited. The upload is the response import's (base64 inside JSON, its cell reading).
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import { findDraft, saveDraft, type DraftRow } from '../../db/authoring.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import { cellText, sniffFormat } from '../imports/read.ts';
import { LANGUAGE_CODE, setText, SOURCE_LANGUAGE, surveyLanguages, surveyTexts, type SurveyText } from './translation-texts.ts';

const KEY = 'key';
const CONTEXT = 'context';
/** The worksheet's name; it is the workbook's first, which the reader reads. */
const SHEET = 'Käännökset';
/** Problems listed in one answer: a file made against a much older draft could have thousands. */
const PROBLEM_LIMIT = 200;

/** A spreadsheet's column letter (0 → A, 26 → AA), as the translator's program shows it. */
function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Line ends as Excel may write them do not make a text different. */
const same = (a: string, b: string) => a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

/**
 * The workbook a translator fills in: a header row (frozen, with a filter), the key, context and
 * Finnish source columns locked (the sheet is protected without a password: it guards against a
 * slip, not a person), the language columns open, wrapped and wide enough to read a sentence.
 */
export async function translationsWorkbook(file: Record<string, unknown>): Promise<Buffer> {
  const texts = surveyTexts(file);
  const languages = surveyLanguages(texts);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Kuulo';
  const sheet = workbook.addWorksheet(SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = [
    { header: KEY, key: KEY, width: 42 },
    { header: CONTEXT, key: CONTEXT, width: 26 },
    ...languages.map((language) => ({ header: language, key: language, width: language === SOURCE_LANGUAGE ? 50 : 45 })),
  ];
  for (const text of texts) {
    // A language without a wording is an empty cell, not an empty text.
    sheet.addRow({ [KEY]: text.key, [CONTEXT]: text.context, ...Object.fromEntries(languages.flatMap((l) => (text.texts[l] ? [[l, text.texts[l]]] : []))) });
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE5EE' } };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: languages.length + 2 } };
  const locked = new Set([KEY, CONTEXT, SOURCE_LANGUAGE]);
  sheet.columns.forEach((column) => {
    const open = !locked.has(String(column.key));
    column.alignment = { vertical: 'top', wrapText: column.key !== KEY };
    if (open) column.protection = { locked: false };
  });
  // Cells of open columns below the last row stay open too (column protection covers new rows).
  for (let r = 2; r <= texts.length + 1; r++) {
    const row = sheet.getRow(r);
    languages.forEach((language, i) => {
      if (language !== SOURCE_LANGUAGE) row.getCell(i + 3).protection = { locked: false };
    });
  }
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: false });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface ReadSheet {
  readonly headers: readonly string[];
  /** The rows below the header with any content, each cell as text (`rowNumber` as the spreadsheet shows it). */
  readonly rows: readonly { rowNumber: number; cells: readonly string[] }[];
}

/**
 * The workbook's first worksheet, read whole. Not with the response import's streaming reader: it
 * decodes the zipped XML chunk by chunk and turns a character whose bytes straddle two chunks into
 * U+FFFD (an Arabic or Finnish letter in a long text), which here would read as a changed text. A
 * translations file is small (a row per text), so it is read in one piece; cells as that reader reads them.
 */
async function readSheet(buffer: Buffer, fileName: string): Promise<ReadSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw new ApiError(400, 'translations_invalid', `${fileName}: not a readable XLSX file: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ApiError(400, 'translations_invalid', `${fileName}: the workbook has no worksheet`);
  const texts = (row: ExcelJS.Row): string[] => {
    const values = row.values as unknown[];
    return Array.from({ length: Math.max(values.length - 1, 0) }, (_v, i) => cellText(values[i + 1]));
  };
  let headers: string[] | null = null;
  const rows: { rowNumber: number; cells: string[] }[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells = texts(row);
    if (cells.every((c) => c.trim() === '')) return;
    if (headers === null) headers = cells.map((h) => h.trim());
    else rows.push({ rowNumber, cells: headers.map((_h, i) => cells[i] ?? '') });
  });
  if (headers === null) throw new ApiError(400, 'translations_invalid', `${fileName}: the first worksheet is empty: it has no header row`);
  return { headers, rows };
}

export interface TranslationsApplied {
  /** The file with the translations written in. */
  readonly file: Record<string, unknown>;
  /** Per language, the texts the file changed (added, reworded, and erased when asked). */
  readonly applied: Record<string, number>;
  /** Rows read. */
  readonly rows: number;
}

/**
 * Reads a filled workbook against the draft's file: every problem is collected (a missing key or
 * source column, a column that is no language, an unknown or repeated key, a Finnish text that is no
 * longer the draft's) and any problem refuses the whole file. An empty cell leaves the draft's wording
 * as it is unless `emptyErases`: a translator's file often covers only some languages or rows.
 */
export async function applyTranslationsFile(buffer: Buffer, fileName: string, draftFile: Record<string, unknown>, emptyErases: boolean): Promise<TranslationsApplied> {
  if (buffer.length === 0 || sniffFormat(buffer.subarray(0, 4)) !== 'xlsx') {
    throw new ApiError(400, 'translations_invalid', `${fileName}: not an XLSX workbook (download the texts as XLSX, fill them in and upload that file)`);
  }
  const sheet = await readSheet(buffer, fileName);
  const problems: string[] = [];
  const headers = sheet.headers.map((h) => h.trim().toLowerCase());
  const keyColumn = headers.indexOf(KEY);
  const sourceColumn = headers.indexOf(SOURCE_LANGUAGE);
  if (keyColumn < 0) problems.push(`row 1: the column '${KEY}' is missing (it names each text)`);
  if (sourceColumn < 0) problems.push(`row 1: the source column '${SOURCE_LANGUAGE}' is missing (it shows which Finnish text was translated)`);
  const languageColumns: { language: string; column: number }[] = [];
  headers.forEach((header, column) => {
    if (header === KEY || header === CONTEXT || header === SOURCE_LANGUAGE) return;
    if (header === '' || !LANGUAGE_CODE.test(header)) problems.push(`row 1, column ${columnLetter(column)}: '${sheet.headers[column]}' is neither ${KEY}, ${CONTEXT} nor a language code (such as sv, en, fi-selko)`);
    else if (languageColumns.some((c) => c.language === header)) problems.push(`row 1, column ${columnLetter(column)}: the language '${header}' has two columns`);
    else languageColumns.push({ language: header, column });
  });
  const texts = new Map(surveyTexts(draftFile).map((t) => [t.key, t]));
  const rows: { rowNumber: number; text: SurveyText; cells: readonly string[] }[] = [];
  const seen = new Map<string, number>();
  let read = 0;
  for (const row of sheet.rows) {
    read++;
    if (keyColumn < 0) continue;
    const key = (row.cells[keyColumn] ?? '').trim();
    const at = `row ${row.rowNumber}, column ${columnLetter(keyColumn)} (${KEY})`;
    if (key === '') {
      problems.push(`${at}: the key is empty`);
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`${at}: '${key}' is also on row ${earlier}`);
      continue;
    }
    seen.set(key, row.rowNumber);
    const text = texts.get(key);
    if (!text) {
      problems.push(`${at}: the draft has no text '${key}' (a question or choice removed or renamed since the file was made)`);
      continue;
    }
    if (sourceColumn >= 0) {
      const source = row.cells[sourceColumn] ?? '';
      const current = text.texts[SOURCE_LANGUAGE] ?? '';
      if (!same(source, current)) {
        problems.push(`row ${row.rowNumber}, column ${columnLetter(sourceColumn)} (${SOURCE_LANGUAGE}): the Finnish text of '${key}' has changed since the file was made (the draft has "${current}", the file "${source}"): translate the new text`);
        continue;
      }
    }
    rows.push({ rowNumber: row.rowNumber, text, cells: row.cells });
  }
  if (read === 0 && problems.length === 0) problems.push('the file has no rows of texts below its header');
  if (problems.length > 0) {
    const shown = problems.slice(0, PROBLEM_LIMIT);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    throw new ApiError(400, 'translations_invalid', `${fileName}: nothing was applied: ${shown.join('; ')}${more}`);
  }
  const file = structuredClone(draftFile);
  const applied: Record<string, number> = Object.fromEntries(languageColumns.map((c) => [c.language, 0]));
  for (const { text, cells } of rows) {
    for (const { language, column } of languageColumns) {
      const cell = (cells[column] ?? '').replace(/\r\n?/g, '\n');
      const current = text.texts[language] ?? '';
      if (cell === '' ? !emptyErases || current === '' : same(cell, current)) continue;
      setText(file, text.path, language, cell === '' ? null : cell);
      applied[language]! += 1;
    }
  }
  return { file, applied, rows: rows.length };
}

/** The translation routes' work: the draft's workbook, and a filled one made the draft's next revision. */
export class TranslationService {
  constructor(private readonly db: Kysely<Database>) {}

  private async draftOr404(id: string): Promise<DraftRow> {
    const row = await findDraft(this.db, id);
    if (!row) throw new ApiError(404, 'survey_draft_not_found', `no draft of '${id}'`);
    return row;
  }

  async workbook(id: string): Promise<Buffer> {
    const row = await this.draftOr404(id);
    return translationsWorkbook(JSON.parse(row.file) as Record<string, unknown>);
  }

  /**
   * Applies a filled workbook to the draft at the revision the author's editor holds: refused (409)
   * when the draft has moved on, so a translation never lands on texts the author has not seen.
   */
  async import(id: string, upload: { fileName: string; content: string; revision: number; emptyErases?: boolean | undefined }, actor: Actor, now: Date) {
    const row = await this.draftOr404(id);
    const changed = (now: DraftRow) =>
      new ApiError(409, 'survey_draft_changed', `the draft was saved elsewhere since revision ${upload.revision} (now revision ${now.revision}, by ${now.updated_by ?? 'someone'} at ${now.updated_at}): reload it and upload the file again`);
    if (row.revision !== upload.revision) throw changed(row);
    const emptyErases = upload.emptyErases === true;
    const result = await applyTranslationsFile(Buffer.from(upload.content, 'base64'), upload.fileName, JSON.parse(row.file) as Record<string, unknown>, emptyErases);
    const total = Object.values(result.applied).reduce((a, b) => a + b, 0);
    if (total === 0) return { revision: row.revision, applied: result.applied, rows: result.rows };
    const revision = await this.db.transaction().execute(async (trx) => {
      const saved = await saveDraft(trx, id, upload.revision, { file: JSON.stringify(result.file), updatedAt: now.toISOString(), updatedBy: actor.id });
      // Saved by someone else while the file was read: theirs stands, this file is not applied.
      if (saved === null) throw changed((await findDraft(trx, id)) ?? row);
      await recordAudit(trx, { at: now.toISOString(), actor, action: 'survey.translations_imported', target: id, details: { fileName: upload.fileName, revision: saved, applied: result.applied, emptyErases } });
      return saved;
    });
    return { revision, applied: result.applied, rows: result.rows };
  }
}
