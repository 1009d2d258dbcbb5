import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../../db/audit.ts';
import { signedIn } from '../../auth/access.ts';
import { ApiError } from '../../errors.ts';
import { batchPlan, batchZipFile, chartFile, crosstabFile, documentFile, MIME, tableFile, type Language, type ViewRequest } from './index.ts';
import type { ResultsQuery } from '../../results/query.ts';
import { preparingHeaders } from '../../results/routes.ts';
import { ResultsSurveyParams } from '../../http/schemas.ts';
import { BatchQuery, ChartFile, ChartParams, ChartQuery, TrendChartQuery, CrosstabQuery, DocumentFile, DocumentQuery, PlanAnswer, PlanQuery, TableParams, TableQuery, XlsxFile, ZipFile } from './schemas.ts';
import { requires } from '../../auth/permissions.ts';
import { TrendService } from '../../results/trend.ts';
import { trendFileBytes } from './render-worker.ts';
import { localize } from './texts.ts';
import type { DocumentRequest } from './document.ts';

const EXPORTS = requires('exports.results');

type ViewQueryValue = ResultsQuery & { lang?: Language; questions?: string };

/** The quoted and the RFC 5987 form, so any browser saves the file under its own name. */
function attachment(reply: FastifyReply, name: string, type: string): FastifyReply {
  const ascii = name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  return reply.header('content-type', type).header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`).header('cache-control', 'private, no-store');
}

/**
 * Results as files: charts (SVG, PNG), tables (XLSX), decks (PPTX), reports (DOCX), and a deck or
 * report per municipality or area (a plan, and a streamed zip). Every figure comes from the
 * ResultsService with the signed-in user, so suppression, weighting and a viewer's scope are the
 * workspace's; every file is in the audit log.
 */
export const exportsResultsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Every file here reads the results index: the same 503 headers as the results routes.
  app.addHook('onSend', preparingHeaders(app.results.indexes));
  // Trends over the waves (issue 15): the trend chart files, and the decks' and reports' trend slides and sections.
  const trends = new TrendService(app.db.kysely, app.catalog, app.results);
  // The view's query without the export's own parameters, exactly as the results routes take it;
  // with the trends, which a deck or report of a wave of a series reads for the same user.
  const viewRequest = (request: FastifyRequest): DocumentRequest => {
    const { lang, questions: _questions, per: _per, kind: _kind, rows: _rows, columns: _columns, group: _group, layout: _layout, ...query } = request.query as ViewQueryValue & { per?: string; kind?: string; rows?: string; columns?: string; group?: string; layout?: string };
    return { results: app.results, catalog: app.catalog, surveyId: (request.params as { survey: string }).survey, query, user: signedIn(request).user, language: lang ?? 'fi', trends };
  };
  const audit = async (request: FastifyRequest, view: ViewRequest, format: string, questions: string[], extra: Record<string, unknown> = {}) => {
    const user = signedIn(request).user;
    const q = view.query;
    await recordAudit(app.db.kysely, {
      at: app.clock().toISOString(),
      actor: { id: user.id, email: user.email },
      action: 'export.create',
      target: view.surveyId,
      details: {
        format,
        survey: view.surveyId,
        questions,
        group: q.compare ? { compare: q.compare } : { groupBy: q.groupBy ?? 'county' },
        filters: [q.filter ?? []].flat(),
        channel: q.channel ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
        weights: q.weights ?? null,
        ...extra,
      },
    });
  };
  // Fastify has decoded the path segment already: decoding it again read `%` in a key as an escape
  // (and threw a 500 on `%zz`).
  const splitFile = (file: string) => {
    const dot = file.lastIndexOf('.');
    return { question: file.slice(0, dot), format: file.slice(dot + 1) };
  };

  app.get('/api/exports/:survey/charts/:file', { config: EXPORTS, schema: { params: ChartParams, querystring: ChartQuery, response: ChartFile } }, async (request, reply) => {
    const view = viewRequest(request);
    const { question, format } = splitFile(request.params.file);
    const layout = request.query.layout ?? 'panels';
    const file = await chartFile(view, question, format as 'svg' | 'png', layout);
    await audit(request, view, format, [question], layout === 'grouped' ? { layout } : {});
    return attachment(reply, `${view.surveyId}-${question}.${format}`, MIME[format as 'svg' | 'png']).send(file);
  });

  // A trend's line chart (issue 15): the trend API's figures for the signed-in user, drawn as the workspace draws them.
  app.get('/api/exports/:survey/trends/:file', { config: EXPORTS, schema: { params: ChartParams, querystring: TrendChartQuery, response: ChartFile } }, async (request, reply) => {
    const { question, format } = splitFile(request.params.file);
    const { lang, category, ...view } = request.query;
    const survey = request.params.survey;
    const result = await trends.trend(survey, { ...view, question }, signedIn(request).user);
    if (!result.comparable) throw new ApiError(400, 'not_trendable', `'${question}' has no trend to draw: ${result.reason}`);
    // The question's own categories (a place hidden in every wave has no lines to read them from).
    const values = new Set(result.meta.measure === 'mean' ? ['mean'] : result.question.categories.map((c) => c.value));
    if (category !== undefined && !values.has(category)) throw new ApiError(400, 'not_trendable', `'${question}' has no category '${category}' (it has ${[...values].join(', ')})`);
    if (category === undefined && result.groups.length > 1 && values.size > 1) throw new ApiError(400, 'not_trendable', `several places are drawn one category at a time: give category (one of ${[...values].join(', ')})`);
    const language = lang ?? 'fi';
    const file = await trendFileBytes(result, { language, surveyTitle: localize(app.catalog.get(survey)!.meta.title, language), category }, format as 'svg' | 'png');
    const user = signedIn(request).user;
    await recordAudit(app.db.kysely, {
      at: app.clock().toISOString(),
      actor: { id: user.id, email: user.email },
      action: 'export.create',
      target: survey,
      details: { format, survey, questions: [question], chart: 'trend', category: category ?? null, group: view.compare ? { compare: view.compare } : { groupBy: view.groupBy ?? 'county' }, weights: view.weights ?? null },
    });
    return attachment(reply, `${survey}-${question}-trendi.${format}`, MIME[format as 'svg' | 'png']).send(file);
  });

  app.get('/api/exports/:survey/tables/:file', { config: EXPORTS, schema: { params: TableParams, querystring: TableQuery, response: XlsxFile } }, async (request, reply) => {
    const view = viewRequest(request);
    const { question } = splitFile(request.params.file);
    const file = await tableFile(view, question, app.clock());
    await audit(request, view, 'xlsx', [question]);
    return attachment(reply, `${view.surveyId}-${question}.xlsx`, MIME.xlsx).send(file);
  });

  // Beside deck.pptx rather than under tables/: a question may be called `crosstab`.
  app.get('/api/exports/:survey/crosstab.xlsx', { config: EXPORTS, schema: { params: ResultsSurveyParams, querystring: CrosstabQuery, response: XlsxFile } }, async (request, reply) => {
    const view = viewRequest(request);
    const { rows, columns, group } = request.query;
    const { file, group: tabulated } = await crosstabFile({ ...view, rows, columns, group: group ?? null }, app.clock());
    await audit(request, view, 'xlsx', [rows, columns], { table: 'crosstab', group: tabulated });
    return attachment(reply, `${view.surveyId}-${rows}-x-${columns}.xlsx`, MIME.xlsx).send(file);
  });

  for (const [kind, extension] of [['deck', 'pptx'], ['report', 'docx']] as const) {
    app.get(`/api/exports/:survey/${kind}.${extension}`, { config: EXPORTS, schema: { params: ResultsSurveyParams, querystring: DocumentQuery, response: DocumentFile(kind) } }, async (request, reply) => {
      const view = viewRequest(request);
      const { file, questions } = await documentFile(view, kind, request.query.questions, app.clock());
      await audit(request, view, extension, questions);
      return attachment(reply, `${view.surveyId}-${kind === 'deck' ? 'diat' : 'raportti'}.${extension}`, MIME[extension]).send(file);
    });

    app.get(`/api/exports/:survey/${kind}.zip`, { config: EXPORTS, schema: { params: ResultsSurveyParams, querystring: BatchQuery, response: ZipFile } }, async (request, reply) => {
      const view = viewRequest(request);
      if (view.query.compare) throw new ApiError(400, 'invalid_batch', 'a batch makes one file per group of `per`; leave out compare');
      const per = request.query.per ?? 'municipality';
      const { plan, questions, stream } = await batchZipFile(view, kind, per, request.query.questions, app.clock());
      // With every group hidden the zip holds only the note saying so: the answer is the same shape either way.
      await audit(request, view, `${extension}.zip`, questions, { per, files: plan.files.map((f) => f.group), leftOut: plan.leftOut.map((l) => l.group) });
      return attachment(reply, `${view.surveyId}-${kind === 'deck' ? 'diat' : 'raportit'}-${per}.zip`, MIME.zip).send(Readable.from(stream));
    });
  }

  app.get(
    '/api/exports/:survey/batch',
    {
      config: EXPORTS,
      schema: {
        params: ResultsSurveyParams,
        querystring: PlanQuery,
        response: PlanAnswer,
      },
    },
    async (request) => {
      const view = viewRequest(request);
      if (view.query.compare) throw new ApiError(400, 'invalid_batch', 'a batch makes one file per group of `per`; leave out compare');
      const { plan, questions } = await batchPlan(view, request.query.kind, request.query.per ?? 'municipality', request.query.questions);
      return { ...plan, questions };
    },
  );
};
