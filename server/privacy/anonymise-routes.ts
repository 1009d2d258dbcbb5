import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { saveRedactionDecisions } from '../../db/anonymise.ts';
import { recordAudit } from '../../db/audit.ts';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { ApiError, describeError } from '../errors.ts';
import { csvStream, exportFileName, xlsxStream, type DataExport } from '../exports/data/index.ts';
import { ErrorBody, ResultsSurveyParams } from '../http/schemas.ts';
import { anonymisationReport, auditAnonymisedExport, prepareAnonymisedExport, proposeRedactions, MUNICIPALITY_QI, type AnonymisationPlan } from './anonymise.ts';
import {
  AnonymisationQuery,
  AnonymisationReportBody,
  AnonymisedCsvFile,
  AnonymisedCsvQuery,
  AnonymisedXlsxFile,
  RedactionDecisions,
  RedactionDecisionsSaved,
  RedactionPage,
  RedactionProposals,
} from './anonymise-schemas.ts';

const ANONYMISATION = requires('privacy.anonymise');

const planOf = (query: AnonymisationQuery): AnonymisationPlan => ({
  timestamps: query.timestamps ?? 'week',
  quasiIdentifiers: (query.qi ?? MUNICIPALITY_QI).split(',').map((q) => q.trim()),
  ...(query.k === undefined ? {} : { k: query.k }),
});

function attachment(reply: FastifyReply, name: string, type: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'private, no-store');
}

/**
 * Anonymisation for research use (admins and analysts): the proposed redactions of open answers to
 * review, the report of what an anonymised export changes, and the export itself as CSV or XLSX.
 */
export const anonymiseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const exported = async (request: FastifyRequest, surveyId: string, query: AnonymisationQuery, format: 'csv' | 'xlsx') => {
    const { user } = signedIn(request);
    const now = app.clock();
    const { data, report } = await prepareAnonymisedExport(app.db.kysely, app.catalog, app.geography, surveyId, planOf(query), now);
    await auditAnonymisedExport(app.db.kysely, data, report, format, user, now);
    return { data, exporter: { role: user.role, via: 'api' as const } };
  };
  const streamed = (request: FastifyRequest, data: DataExport) => (error: Error) =>
    request.log.error({ method: request.method, route: request.routeOptions.url ?? null, survey: data.survey.id, error: describeError(error) }, 'anonymised export stopped');

  app.get(
    '/api/privacy/:survey/redactions',
    { config: ANONYMISATION, schema: { params: ResultsSurveyParams, querystring: RedactionPage, response: { 200: RedactionProposals, '4xx': ErrorBody } } },
    async (request) => proposeRedactions(app.db.kysely, app.catalog, app.geography, request.params.survey, { offset: request.query.offset ?? 0, limit: request.query.limit ?? 100 }, app.clock()),
  );

  app.put(
    '/api/privacy/:survey/redactions',
    { config: ANONYMISATION, schema: { params: ResultsSurveyParams, body: RedactionDecisions, response: { 200: RedactionDecisionsSaved, '4xx': ErrorBody } } },
    async (request) => {
      const { user } = signedIn(request);
      const now = app.clock();
      const surveyId = request.params.survey;
      // A verdict on a proposal that does not exist would do nothing, silently: refused instead.
      const known = new Set((await proposeRedactions(app.db.kysely, app.catalog, app.geography, surveyId, { offset: 0, limit: Number.MAX_SAFE_INTEGER }, now)).items.map((i) => i.id));
      const unknown = request.body.decisions.filter((d) => !known.has(d.id)).map((d) => d.id);
      if (unknown.length > 0) throw new ApiError(400, 'unknown_redaction', `decisions: no proposed redaction ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in survey '${surveyId}'`);
      await saveRedactionDecisions(app.db.kysely, surveyId, request.body.decisions, user.id, now.toISOString());
      const accepted = request.body.decisions.filter((d) => d.decision === 'accepted').length;
      const rejected = request.body.decisions.length - accepted;
      await recordAudit(app.db.kysely, { at: now.toISOString(), actor: { id: user.id, email: user.email }, action: 'privacy.redaction_review', target: surveyId, details: { accepted, rejected } });
      return { accepted, rejected };
    },
  );

  app.get(
    '/api/privacy/:survey/anonymisation',
    { config: ANONYMISATION, schema: { params: ResultsSurveyParams, querystring: AnonymisationQuery, response: { 200: AnonymisationReportBody, '4xx': ErrorBody } } },
    async (request) => anonymisationReport(app.db.kysely, app.catalog, app.geography, request.params.survey, planOf(request.query), app.clock()),
  );

  app.get(
    '/api/privacy/:survey/anonymised.csv',
    { config: ANONYMISATION, schema: { params: ResultsSurveyParams, querystring: AnonymisedCsvQuery, response: AnonymisedCsvFile } },
    async (request, reply) => {
      const { delimiter, ...query } = request.query;
      const { data } = await exported(request, request.params.survey, query, 'csv');
      const stream = csvStream(data, { delimiter: delimiter === 'semicolon' ? ';' : ',' });
      stream.on('error', streamed(request, data));
      return attachment(reply, `anonymisoitu-${exportFileName(data, 'csv')}`, 'text/csv; charset=utf-8').send(stream);
    },
  );

  app.get(
    '/api/privacy/:survey/anonymised.xlsx',
    { config: ANONYMISATION, schema: { params: ResultsSurveyParams, querystring: AnonymisationQuery, response: AnonymisedXlsxFile } },
    async (request, reply) => {
      const { data, exporter } = await exported(request, request.params.survey, request.query, 'xlsx');
      const stream = xlsxStream(data, exporter);
      stream.on('error', streamed(request, data));
      return attachment(reply, `anonymisoitu-${exportFileName(data, 'xlsx')}`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(stream);
    },
  );
};
