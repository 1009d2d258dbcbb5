import { stringify } from 'csv-stringify/sync';

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, and tab or carriage return before one)
 * gets a leading apostrophe, as OWASP advises for CSV injection
 * (https://owasp.org/www-community/attacks/CSV_Injection).
 */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The invitations for a mail merge: label, link, status; UTF-8 with a BOM so Excel reads ä and ö. */
export function invitationsCsv(rows: readonly { label: string | null; url: string; status: string }[]): string {
  const records = rows.map((r) => [formulaSafe(r.label ?? ''), r.url, r.status]);
  return '\uFEFF' + stringify([['label', 'link', 'status'], ...records], { record_delimiter: '\r\n' });
}
