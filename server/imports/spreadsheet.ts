import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { insertResponse } from '../../db/responses.ts';
import type { Geography } from '../geography.ts';
import { prepareResponse } from '../responses/submit.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import type { ValidationIssue } from '../validation/index.ts';
import { convertRow, matchChoice, optionCell, type ResolvedColumn } from './mapping.ts';
import type { Sheet } from './read.ts';
import type { RowProblem } from './schemas.ts';

/**
 * Importing a spreadsheet's rows into one survey version: each row read through the mapping, then
 * judged by `prepareResponse`, the very path a web answer takes, and stored with channel `import`.
 * All or nothing by default (one transaction, rolled back when any row is bad, after every row has
 * been read so the report names them all); with `skipInvalid` the good rows are stored.
 */

export interface SpreadsheetImportOptions {
  readonly skipInvalid: boolean;
  /** When a row gives no time of its own. */
  readonly now: Date;
  /** Read and judge every row, store nothing (the preview). */
  readonly dryRun?: boolean;
  /** How many rows to return as they would be stored. */
  readonly previewRows?: number;
  /** Problems kept in the result (all are counted); unlimited by default. */
  readonly problemLimit?: number;
  readonly onProgress?: (bytesRead: number, rows: number) => void;
}

export interface PreviewRow {
  readonly row: number;
  readonly data: Record<string, unknown> | null;
  readonly municipality: string | null;
  readonly submittedAt: string;
  readonly valid: boolean;
}

export interface SpreadsheetImportResult {
  readonly rows: number;
  readonly validRows: number;
  readonly stored: number;
  readonly alreadyStored: number;
  readonly rejected: number;
  /** Invalid rows' numbers, in order (for `--rejected`). */
  readonly rejectedRows: readonly number[];
  readonly problems: readonly RowProblem[];
  readonly problemCount: number;
  readonly committed: boolean;
  readonly preview: readonly PreviewRow[];
  readonly values: readonly { column: string; values: { cell: string; value: string | number | boolean | null }[] }[];
}

/** A UUID (version 8, RFC 9562 §5.8) from a hash: the same row imported again gets the same id. */
function hashId(parts: readonly string[]): string {
  const hex = crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A row's response id: from its row key when the mapping has one, else from its cells and how many
 * identical rows came before it in the file (two identical paper forms are two responses; the same
 * file, or the same rows in another order, imported again stores nothing twice).
 */
export function spreadsheetRowId(surveyId: string, key: string | null, cells: readonly string[], occurrence: number): string {
  return key !== null ? hashId([surveyId, 'key', key]) : hashId([surveyId, 'row', JSON.stringify(cells), String(occurrence)]);
}

class RollBack extends Error {}

const MAX_VALUES_PER_COLUMN = 50;

/** The column a validator issue is about: the first mapped to its question (`q`, `q.row`, `q-Comment`). */
function columnOf(issue: ValidationIssue, columns: readonly ResolvedColumn[]): string | null {
  const name = issue.question;
  if (!name) return null;
  const exact = columns.find((c) => c.target === 'comment' ? `${c.question}-Comment` === name : c.question === name);
  if (exact) return exact.column;
  const base = name.split(/[.-]/)[0];
  return columns.find((c) => c.question === base)?.column ?? null;
}

export async function importSpreadsheet(
  db: Kysely<Database>,
  geography: Geography,
  survey: SurveyVersion,
  sheet: Sheet,
  columns: readonly ResolvedColumn[],
  options: SpreadsheetImportOptions,
): Promise<SpreadsheetImportResult> {
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const report = (p: RowProblem) => {
    problemCount++;
    if (options.problemLimit === undefined || problems.length < options.problemLimit) problems.push(p);
  };
  const preview: PreviewRow[] = [];
  const previewRows = options.previewRows ?? 0;
  const rejectedRows: number[] = [];
  const seenKeys = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const valueColumns = columns.filter((c) => c.targetInfo && (c.target === 'picks' || c.target === 'option' || (c.target === 'question' && !['text', 'number'].includes(c.targetInfo.kind))));
  const seenValues = new Map<ResolvedColumn, Map<string, string | number | boolean | null>>(valueColumns.map((c) => [c, new Map()]));
  let rows = 0;
  let validRows = 0;
  let stored = 0;
  let alreadyStored = 0;

  const work = async (trx: Kysely<Database> | null) => {
    for await (const { rowNumber, cells } of sheet.rows) {
      rows++;
      if (options.onProgress && rows % 500 === 0) options.onProgress(sheet.bytesRead(), rows);
      for (const c of valueColumns) {
        const seen = seenValues.get(c)!;
        const cell = cells[c.index] ?? '';
        if (cell.trim() === '' || seen.size >= MAX_VALUES_PER_COLUMN) continue;
        const parts = c.target === 'picks' ? cell.split(c.separator ?? ';').map((p) => p.trim()).filter(Boolean) : [cell];
        for (const part of parts) {
          if (seen.has(part)) continue;
          if (c.target === 'option') {
            const choice = c.targetInfo!.choices.find((x) => String(x.value) === c.option);
            const picked = optionCell(part, choice);
            seen.set(part, picked === null ? null : picked ? 1 : 0);
          } else seen.set(part, (matchChoice(part, c.targetInfo!.choices, c.values)?.value ?? null) as string | number | boolean | null);
        }
      }
      const converted = convertRow(rowNumber, cells, columns, geography);
      const rowProblems = [...converted.problems];
      if (converted.key !== null) {
        const earlier = seenKeys.get(converted.key);
        const keyColumn = columns.find((c) => c.target === 'rowKey')!.column;
        if (earlier !== undefined) rowProblems.push({ row: rowNumber, column: keyColumn, question: null, message: `row key '${converted.key}' is also on row ${earlier}` });
        else seenKeys.set(converted.key, rowNumber);
      }
      const contentKey = converted.key === null ? crypto.createHash('sha1').update(JSON.stringify(cells)).digest('base64') : '';
      const occurrence = converted.key === null ? (occurrences.get(contentKey) ?? 0) + 1 : 0;
      if (converted.key === null) occurrences.set(contentKey, occurrence);
      const submittedAt = converted.submittedAt ?? options.now;
      let prepared: ReturnType<typeof prepareResponse> | null = null;
      if (rowProblems.length === 0) {
        prepared = prepareResponse(
          survey,
          { id: spreadsheetRowId(survey.meta.id, converted.key, cells, occurrence), data: converted.data, locale: 'fi' },
          { channel: 'import', municipality: converted.municipality, submittedAt },
          geography,
        );
        if (prepared.kind === 'invalid') {
          for (const issue of prepared.errors) rowProblems.push({ row: rowNumber, column: columnOf(issue, columns), question: issue.question || null, message: issue.message });
        }
      }
      if (preview.length < previewRows) {
        preview.push({
          row: rowNumber,
          data: prepared?.kind === 'ready' ? (JSON.parse(prepared.row.data) as Record<string, unknown>) : null,
          municipality: prepared?.kind === 'ready' ? (prepared.row.municipality_code ?? null) : converted.municipality,
          submittedAt: submittedAt.toISOString(),
          valid: prepared?.kind === 'ready',
        });
      }
      if (rowProblems.length > 0 || !prepared || prepared.kind !== 'ready') {
        rowProblems.forEach(report);
        rejectedRows.push(rowNumber);
        continue;
      }
      validRows++;
      // Once a row is bad in an all-or-nothing import, the rest are only checked.
      if (trx === null || (!options.skipInvalid && rejectedRows.length > 0)) continue;
      const result = await insertResponse(trx, prepared.row, prepared.answers);
      if (result.inserted) stored++;
      else if (result.existing.digest === prepared.row.digest && result.existing.survey_id === prepared.row.survey_id) alreadyStored++;
      else {
        validRows--;
        rejectedRows.push(rowNumber);
        report({ row: rowNumber, column: columns.find((c) => c.target === 'rowKey')?.column ?? null, question: null, message: 'this row was imported before with other answers (same row key); it is not changed by a re-import' });
      }
    }
    options.onProgress?.(sheet.bytesRead(), rows);
    if (trx !== null && !options.skipInvalid && rejectedRows.length > 0) throw new RollBack();
  };

  let committed = !options.dryRun;
  if (options.dryRun) await work(null);
  else {
    try {
      await db.transaction().execute((trx) => work(trx));
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      committed = false;
      stored = 0;
      alreadyStored = 0;
    }
  }
  return {
    rows,
    validRows,
    stored,
    alreadyStored,
    rejected: rejectedRows.length,
    rejectedRows,
    problems,
    problemCount,
    committed,
    preview,
    values: valueColumns.map((c) => ({ column: c.column, values: [...seenValues.get(c)!].map(([cell, value]) => ({ cell, value })) })),
  };
}
