import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedIn } from '../../auth/access.ts';
import { describeError } from '../../errors.ts';
import { auditDataExport, csvStream, exportFileName, prepareDataExport, spssSyntax, xlsxStream, type DataExport, type DataExportQuery, type DataFormat } from './index.ts';
import { ResultsSurveyParams } from '../../http/schemas.ts';
import { CsvFile, CsvQuery, SpssSyntax, XlsxFile, XlsxQuery } from './schemas.ts';
import { requires } from '../../auth/permissions.ts';

// Response-level data is microdata: admins and analysts only. Viewers get aggregate results exports.
const DATA_EXPORTS = requires('exports.data');

/** The quoted and the RFC 5987 form, so any browser saves the file under its own name. */
function attachment(reply: FastifyReply, name: string, type: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'private, no-store');
}

/**
 * The responses themselves as files: CSV, XLSX with a codebook and an info sheet, and SPSS
 * syntax for the CSV. Streamed from the database a page at a time; small municipalities are left
 * blank as the results suppress them; every export is in the audit log.
 */
export const exportsDataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const prepare = async (request: FastifyRequest, surveyId: string, requested: DataExportQuery & { delimiter?: string; for?: string }, format: DataFormat, labels?: 'codes') => {
    const { user } = signedIn(request);
    const now = app.clock();
    const { delimiter: _d, for: _f, ...query } = requested;
    const data = await prepareDataExport(app.db, app.catalog, app.geography, surveyId, { ...query, labels: labels ?? query.labels }, now, await app.results.derivedData(surveyId));
    const exporter = { role: user.role, via: 'api' as const };
    await auditDataExport(app.db.kysely, data, format, { id: user.id, email: user.email }, exporter, now);
    return { data, exporter };
  };
  // A stream that fails after the headers went out cannot become an error answer: one log line like
  // the error handler's (request id, method, route pattern, the error without its driver details).
  const streamed = (request: FastifyRequest, data: DataExport) => (error: Error) =>
    request.log.error({ method: request.method, route: request.routeOptions.url ?? null, survey: data.survey.id, error: describeError(error) }, 'data export stopped');

  app.get(
    '/api/exports/:survey/responses.csv',
    { config: DATA_EXPORTS, schema: { params: ResultsSurveyParams, querystring: CsvQuery, response: CsvFile } },
    async (request, reply) => {
      const spss = request.query.for === 'spss';
      const { data } = await prepare(request, request.params.survey, request.query, 'csv', spss ? 'codes' : undefined);
      const stream = csvStream(data, { delimiter: spss || request.query.delimiter !== 'semicolon' ? ',' : ';', spss });
      stream.on('error', streamed(request, data));
      return attachment(reply, exportFileName(data, spss ? 'spss.csv' : 'csv'), 'text/csv; charset=utf-8').send(stream);
    },
  );

  app.get(
    '/api/exports/:survey/responses.xlsx',
    { config: DATA_EXPORTS, schema: { params: ResultsSurveyParams, querystring: XlsxQuery, response: XlsxFile } },
    async (request, reply) => {
      const { data, exporter } = await prepare(request, request.params.survey, request.query, 'xlsx');
      const stream = xlsxStream(data, exporter);
      stream.on('error', streamed(request, data));
      return attachment(reply, exportFileName(data, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(stream);
    },
  );

  app.get(
    '/api/exports/:survey/responses.sps',
    { config: DATA_EXPORTS, schema: { params: ResultsSurveyParams, querystring: XlsxQuery, response: SpssSyntax } },
    async (request, reply) => {
      // The syntax reads codes; it names the CSV that `responses.csv?labels=codes&for=spss` saves.
      const { data, exporter } = await prepare(request, request.params.survey, request.query, 'sps', 'codes');
      return attachment(reply, exportFileName(data, 'sps'), 'text/plain; charset=utf-8').send(spssSyntax(data, exporter, exportFileName(data, 'spss.csv')));
    },
  );
};
