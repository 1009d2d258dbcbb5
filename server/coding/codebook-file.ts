// A codebook as an XLSX workbook (exceljs): one row per code, so analysts can write and review a
// codebook in a spreadsheet and bring it back. The import is checked whole before anything is
// stored, and every problem is named by its row.
import ExcelJS, { guardWorkbookTexts } from '../exports/exceljs.ts';
import { unguardFormula } from '../exports/formula-guard.ts';
import { ApiError } from '../errors.ts';
import type { Codebook } from './schemas.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = ['id', 'name_fi', 'name_sv', 'name_en', 'description', 'examples', 'theme', 'merged_into'] as const;
const REQUIRED = ['name_fi', 'name_sv', 'name_en'] as const;
const MAX_ROWS = 1000;

export async function codebookWorkbook(book: Codebook): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Koodit');
  sheet.addRow([...COLUMNS]);
  for (const c of book.codes) {
    // Examples one per line: a reader sees them as a list, and the import splits them back.
    sheet.addRow([c.id, c.name.fi, c.name.sv, c.name.en, c.description, c.examples.join('\n'), c.theme ?? '', c.mergedInto ?? '']);
  }
  sheet.getRow(1).font = { bold: true };
  guardWorkbookTexts(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ImportedCode {
  row: number;
  id: string | null;
  name: { fi: string; sv: string; en: string };
  description: string;
  examples: string[];
  theme: string | null;
}

const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return unguardFormula(String(value)).trim();
};

/** Reads the first sheet: a header row naming the columns, then one code a row. Merged codes' rows are left as they are. */
export async function readCodebookWorkbook(file: Buffer): Promise<ImportedCode[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new ApiError(400, 'invalid_codebook_file', 'the file is not an XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ApiError(400, 'invalid_codebook_file', 'the workbook has no sheet');
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => cellText(v).toLowerCase());
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    if ((COLUMNS as readonly string[]).includes(h)) at.set(h, i);
  });
  const missing = REQUIRED.filter((c) => !at.has(c));
  if (missing.length > 0) throw new ApiError(400, 'invalid_codebook_file', `row 1: the header lacks ${missing.join(', ')}`);
  const out: ImportedCode[] = [];
  const errors: string[] = [];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const get = (c: string) => (at.has(c) ? cellText(row.getCell(at.get(c)!).value) : '');
    if (COLUMNS.every((c) => get(c) === '')) return;
    if (get('merged_into') !== '') return;
    const id = get('id');
    const name = { fi: get('name_fi'), sv: get('name_sv'), en: get('name_en') };
    for (const [lang, text] of Object.entries(name)) {
      if (text === '') errors.push(`row ${number}: name_${lang} is empty`);
      else if (text.length > 200) errors.push(`row ${number}: name_${lang} is longer than 200 characters`);
    }
    if (id !== '' && !uuid.test(id)) errors.push(`row ${number}: id '${id}' is not a code id (leave it empty for a new code)`);
    const description = get('description');
    if (description.length > 2000) errors.push(`row ${number}: description is longer than 2000 characters`);
    const examples = get('examples').split(/\r?\n/).map((e) => e.trim()).filter((e) => e !== '');
    if (examples.length > 20) errors.push(`row ${number}: more than 20 examples`);
    const theme = get('theme');
    if (theme.length > 200) errors.push(`row ${number}: theme is longer than 200 characters`);
    out.push({ row: number, id: id === '' ? null : id.toLowerCase(), name, description, examples, theme: theme === '' ? null : theme });
  });
  if (out.length > MAX_ROWS) errors.push(`the sheet has ${out.length} codes; at most ${MAX_ROWS}`);
  if (errors.length > 0) throw new ApiError(400, 'invalid_codebook_file', errors.join('; '));
  return out;
}
