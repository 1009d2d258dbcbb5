import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import { listImportMappings, saveImportMapping, findImportMapping } from '../../db/imports.ts';
import type { Database } from '../../db/schema.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import type { SurveyCatalog, SurveyVersion } from '../surveys/catalog.ts';
import { MappingError, resolveMapping, suggestMapping, type ResolvedColumn } from './mapping.ts';
import { openSpreadsheet, sampleRows, SpreadsheetError, type ReadOptions, type Sheet, type SpreadsheetSource } from './read.ts';
import type { ImportMapping, ImportUpload } from './schemas.ts';
import { importSpreadsheet, type SpreadsheetImportResult } from './spreadsheet.ts';
import { importTargets } from './targets.ts';

/** Rows shown in a preview, and problems listed in an API answer (all are counted). */
export const PREVIEW_ROWS = 10;
export const PROBLEM_LIMIT = 1000;

export interface OpenedImport {
  readonly sheet: Sheet;
  readonly mapping: ImportMapping;
  readonly mappingSource: string;
  readonly columns: readonly ResolvedColumn[];
}

/**
 * Opens a spreadsheet for one survey and settles its mapping: the one given, else the newest saved
 * mapping of the survey whose columns the file all has, else one suggested from the headers.
 * Shared by `npm run import` and the admin API. Throws SpreadsheetError or MappingError.
 */
export async function openImport(
  db: Kysely<Database>,
  geography: Geography,
  survey: SurveyVersion,
  source: SpreadsheetSource,
  read: ReadOptions,
  given: ImportMapping | null,
): Promise<OpenedImport> {
  const targets = importTargets(survey.definition, { question: survey.meta.municipalityQuestion, geography });
  const sample = await sampleRows(source, read, 20);
  const sheet = await openSpreadsheet(source, read);
  try {
    let mapping = given;
    let mappingSource = 'given';
    if (!mapping) {
      const saved = (await listImportMappings(db, survey.meta.id))
        .map((row) => ({ row, mapping: JSON.parse(row.mapping) as ImportMapping }))
        .filter(({ mapping: m }) => m.columns.length > 0 && m.columns.every((c) => sheet.headers.includes(c.column)))
        .sort((a, b) => b.row.updated_at.localeCompare(a.row.updated_at));
      if (saved[0]) {
        mapping = saved[0].mapping;
        mappingSource = `saved:${saved[0].row.name}`;
      } else {
        mapping = suggestMapping(sheet.headers, targets, survey.meta.municipalityQuestion, sample);
        mappingSource = 'suggested';
      }
    }
    return { sheet, mapping, mappingSource, columns: resolveMapping(mapping, sheet.headers, targets) };
  } catch (error) {
    sheet.close();
    throw error;
  }
}

export class ImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
    /** Told when responses were stored, so the survey's results index takes them in. */
    private readonly stored: (surveyId: string) => void,
  ) {}

  private survey(id: string): SurveyVersion {
    const survey = this.catalog.get(id);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    return survey;
  }

  private async open(surveyId: string, upload: ImportUpload): Promise<{ survey: SurveyVersion; opened: OpenedImport }> {
    const survey = this.survey(surveyId);
    const buffer = Buffer.from(upload.content, 'base64');
    try {
      const opened = await openImport(this.db, this.geography, survey, { buffer }, { encoding: upload.encoding, delimiter: upload.delimiter }, upload.mapping ?? null);
      return { survey, opened };
    } catch (error) {
      if (error instanceof MappingError) throw new ApiError(400, 'invalid_import_mapping', error.message);
      if (error instanceof SpreadsheetError) throw new ApiError(400, 'unreadable_spreadsheet', `${upload.fileName}: ${error.message}`);
      // exceljs and csv-parse say what they could not read; the file, not the server, is at fault.
      if (error instanceof Error && /zip|csv|quote|record|xml|end of data|signature/i.test(`${error.message} ${(error as { code?: string }).code ?? ''}`)) {
        throw new ApiError(400, 'unreadable_spreadsheet', `${upload.fileName}: ${error.message}`);
      }
      throw error;
    }
  }

  private async run(surveyId: string, upload: ImportUpload, dryRun: boolean, now: Date): Promise<{ opened: OpenedImport; result: SpreadsheetImportResult }> {
    const { survey, opened } = await this.open(surveyId, upload);
    try {
      const result = await importSpreadsheet(this.db, this.geography, survey, opened.sheet, opened.columns, {
        skipInvalid: upload.skipInvalid ?? false,
        now,
        dryRun,
        previewRows: dryRun ? PREVIEW_ROWS : 0,
        problemLimit: PROBLEM_LIMIT,
      });
      return { opened, result };
    } catch (error) {
      if (error instanceof Error && (error as { code?: string }).code?.startsWith('CSV_')) throw new ApiError(400, 'unreadable_spreadsheet', `${upload.fileName}: ${error.message}`);
      throw error;
    } finally {
      opened.sheet.close();
    }
  }

  async preview(surveyId: string, upload: ImportUpload, now: Date) {
    const { opened, result } = await this.run(surveyId, upload, true, now);
    return {
      format: opened.sheet.format,
      encoding: opened.sheet.encoding,
      delimiter: opened.sheet.delimiter,
      headers: [...opened.sheet.headers],
      mapping: opened.mapping,
      mappingSource: opened.mappingSource,
      rows: result.rows,
      validRows: result.validRows,
      preview: [...result.preview],
      values: [...result.values],
      problems: [...result.problems],
      problemCount: result.problemCount,
      targets: importTargets(this.survey(surveyId).definition, { question: null, geography: this.geography }).map((t) => ({
        question: t.question,
        kind: t.kind,
        title: t.titles[0] ?? t.question,
        choices: t.choices.map((c) => ({ value: c.value as string | number | boolean, label: c.labels[0] ?? String(c.value), other: c.other })),
        rows: t.rows.map((r) => ({ value: r.value, label: r.labels[0] ?? r.value })),
      })),
    };
  }

  async import(surveyId: string, upload: ImportUpload, actor: User, now: Date) {
    const { opened, result } = await this.run(surveyId, upload, false, now);
    if (result.stored > 0) this.stored(surveyId);
    if (upload.saveAs) await this.saveMapping(surveyId, upload.saveAs, opened.mapping, actor, now);
    await recordAudit(this.db, {
      at: now.toISOString(),
      actor: { id: actor.id, email: actor.email },
      action: 'response.import',
      target: surveyId,
      details: { file: upload.fileName, rows: result.rows, stored: result.stored, alreadyStored: result.alreadyStored, rejected: result.rejected, committed: result.committed },
    });
    return {
      committed: result.committed,
      rows: result.rows,
      stored: result.stored,
      alreadyStored: result.alreadyStored,
      rejected: result.rejected,
      problems: [...result.problems],
      problemCount: result.problemCount,
    };
  }

  async listMappings(surveyId: string) {
    this.survey(surveyId);
    const rows = await listImportMappings(this.db, surveyId);
    return { mappings: rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping) as ImportMapping, updatedAt: r.updated_at })) };
  }

  async getMapping(surveyId: string, name: string) {
    this.survey(surveyId);
    const row = await findImportMapping(this.db, surveyId, name);
    if (!row) throw new ApiError(404, 'import_mapping_not_found', `survey '${surveyId}' has no saved import mapping '${name}'`);
    return { name: row.name, mapping: JSON.parse(row.mapping) as ImportMapping, updatedAt: row.updated_at };
  }

  /** Saves a mapping after checking it against the survey (its columns are taken as the file's headers). */
  async saveMapping(surveyId: string, name: string, mapping: ImportMapping, actor: User | null, now: Date) {
    const survey = this.survey(surveyId);
    checkMappingAgainstSurvey(survey, mapping, this.geography);
    await saveImportMapping(this.db, { survey_id: surveyId, name, mapping: JSON.stringify(mapping), updated_at: now.toISOString(), updated_by: actor?.id ?? null });
    await recordAudit(this.db, { at: now.toISOString(), actor: actor ? { id: actor.id, email: actor.email } : null, action: 'import.mapping', target: surveyId, details: { name } });
    return { name, mapping, updatedAt: now.toISOString() };
  }
}

/** Checks a mapping's questions, options, rows and recodes against a survey; a 400 names each problem. */
export function checkMappingAgainstSurvey(survey: SurveyVersion, mapping: ImportMapping, geography: Geography): void {
  try {
    resolveMapping(mapping, mapping.columns.map((c) => c.column), importTargets(survey.definition, { question: survey.meta.municipalityQuestion, geography }));
  } catch (error) {
    if (error instanceof MappingError) throw new ApiError(400, 'invalid_import_mapping', error.message);
    throw error;
  }
}
