import { stringify } from 'csv-stringify/sync';
import { guardFormula } from '../exports/formula-guard.ts';

/**
 * The invitations for a mail merge: label, link, status; UTF-8 with a BOM so Excel reads ä and ö.
 * A label is an admin's text: guarded against formulas like every text in an export, and quoted
 * whenever it holds a line break (csv-stringify leaves a lone line feed unquoted once the record
 * delimiter is CR LF, and a spreadsheet would start a new row there).
 */
export function invitationsCsv(rows: readonly { label: string | null; url: string; status: string }[]): string {
  const records = rows.map((r) => [guardFormula(r.label ?? ''), r.url, r.status]);
  return '\uFEFF' + stringify([['label', 'link', 'status'], ...records], { record_delimiter: '\r\n', quote_record_delimiter: true });
}
