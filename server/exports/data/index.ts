import type { Kysely } from 'kysely';
import { recordAudit } from '../../../db/audit.ts';
import type { Database } from '../../../db/schema.ts';
import type { DataExport } from './dataset.ts';
import type { Exporter } from './info.ts';

export { prepareDataExport, type CodedThemes, type DataExport, type DataExportQuery } from './dataset.ts';
export { csvStream } from './csv.ts';
export { xlsxStream, SHEETS } from './xlsx.ts';
export { spssSyntax } from './sps.ts';
export { exportFileName, exportInfo, type Exporter } from './info.ts';

export type DataFormat = 'csv' | 'xlsx' | 'sps';

/** Every export is in the audit log: who, which survey, which format and filters, how many rows. */
export async function auditDataExport(
  db: Kysely<Database>,
  data: DataExport,
  format: DataFormat,
  actor: { id: string; email: string } | null,
  exporter: Exporter & { via: 'api' | 'cli' },
  now: Date,
): Promise<void> {
  await recordAudit(db, {
    at: now.toISOString(),
    actor,
    action: 'export.create',
    target: data.survey.id,
    details: { kind: 'data', format, survey: data.survey.id, labels: data.mode, filters: data.query, rows: data.rows, role: exporter.role, via: exporter.via, blankedMunicipalities: data.hidden.municipalities.length },
  });
}
