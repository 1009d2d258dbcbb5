import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Database } from '../../db/schema.ts';
import { insertResponse } from '../../db/responses.ts';
import type { Geography } from '../geography.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import type { ValidationIssue } from '../validation/index.ts';
import { prepareResponse } from './submit.ts';

/** One line of an import file. */
export const ImportLine = Type.Object(
  {
    data: Type.Object({}, { additionalProperties: true }),
    municipality: Type.Optional(Type.String({ pattern: '^\\d{3}$' })),
    submittedAt: Type.Optional(Type.String({ format: 'date-time' })),
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$' })),
  },
  { additionalProperties: false },
);

export interface RejectedLine {
  readonly lineNumber: number;
  readonly line: string;
  readonly errors: readonly ValidationIssue[];
}

export interface ImportResult {
  readonly stored: number;
  /** Lines stored by an earlier run of the same file (their ids are derived from the line). */
  readonly alreadyStored: number;
  readonly rejected: readonly RejectedLine[];
  /** False when invalid lines stopped an all-or-nothing import: then nothing was stored. */
  readonly committed: boolean;
}

export interface ImportOptions {
  readonly skipInvalid: boolean;
  readonly now: Date;
  /** Called after each line with the bytes read so far, for a progress bar. */
  readonly onProgress?: (bytesRead: number) => void;
}

class RollBack extends Error {}

/**
 * The response id of an imported line: derived from the survey, line number and content, so
 * that importing the same file again stores nothing twice (while two identical paper forms on
 * different lines still count as two responses).
 */
export function importedResponseId(surveyId: string, lineNumber: number, line: string): string {
  const hex = crypto.createHash('sha256').update(`${surveyId}\n${lineNumber}\n${line}`).digest('hex');
  // Shaped as a version-8 (custom) UUID, RFC 9562 §5.8.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function lineProblems(line: string): { parsed: { data: object; municipality?: string; submittedAt?: string; locale?: string } } | { errors: ValidationIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { errors: [{ question: '', code: 'wrong_type', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  if (!Value.Check(ImportLine, json)) {
    const errors = [...Value.Errors(ImportLine, json)]
      .filter((e) => e.keyword !== 'boolean')
      .map((e): ValidationIssue => ({ question: '', code: 'wrong_type', message: `${e.instancePath || 'the line'} ${e.message}` }));
    return { errors };
  }
  return { parsed: json };
}

/**
 * Imports JSON lines into one survey, validating every line exactly as the web path does.
 * All or nothing by default: the lines are stored in one transaction that is rolled back if any
 * line is invalid, after every line has been checked so the report lists them all. With
 * `skipInvalid`, valid lines are stored and the rejected ones returned.
 */
export async function importResponses(
  db: Kysely<Database>,
  geography: Geography,
  survey: SurveyVersion,
  lines: AsyncIterable<string>,
  options: ImportOptions,
): Promise<ImportResult> {
  const rejected: RejectedLine[] = [];
  let stored = 0;
  let alreadyStored = 0;
  let bytesRead = 0;
  let lineNumber = 0;
  try {
    await db.transaction().execute(async (trx) => {
      for await (const line of lines) {
        lineNumber++;
        bytesRead += Buffer.byteLength(line) + 1;
        options.onProgress?.(bytesRead);
        if (line.trim() === '') continue;
        const checked = lineProblems(line);
        if ('errors' in checked) {
          rejected.push({ lineNumber, line, errors: checked.errors });
          continue;
        }
        const { parsed } = checked;
        const prepared = prepareResponse(
          survey,
          { id: importedResponseId(survey.meta.id, lineNumber, line), data: parsed.data, locale: parsed.locale ?? 'fi' },
          { channel: 'import', municipality: parsed.municipality ?? null, submittedAt: parsed.submittedAt ? new Date(parsed.submittedAt) : options.now },
          geography,
        );
        if (prepared.kind === 'invalid') {
          rejected.push({ lineNumber, line, errors: prepared.errors });
          continue;
        }
        // Once a line is bad in an all-or-nothing import, the rest are only checked.
        if (!options.skipInvalid && rejected.length > 0) continue;
        const result = await insertResponse(trx, prepared.row, prepared.answers);
        if (result.inserted) stored++;
        else alreadyStored++;
      }
      if (!options.skipInvalid && rejected.length > 0) throw new RollBack();
    });
  } catch (error) {
    if (error instanceof RollBack) return { stored: 0, alreadyStored: 0, rejected, committed: false };
    throw error;
  }
  return { stored, alreadyStored, rejected, committed: true };
}
