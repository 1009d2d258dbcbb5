import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import type { onSendHookHandler } from 'fastify';
import { plainJson } from '../http/plain-json.ts';
import type { ResultsIndexes } from './indexes.ts';
import type { ResultsService } from './service.ts';
import {
  Collection,
  Crosstab,
  CrosstabQuery,
  OpenAnswers,
  OpenQuery, Quotes, QuotesQuery,
  QuestionParams,
  QuestionResult,
  ResultsQuery,
  ResultsRefusals,
  ResultsSurveyParams,
  ResultsSurveys,
  SummaryResult,
  Variables,
} from './schemas.ts';
import { requires } from '../auth/permissions.ts';
import { TrendService } from './trend.ts';
import { TrendQuery, TrendResult } from './trend-schemas.ts';

const RESULTS = requires('results.read');

/**
 * A request that reads a results index made while the index loads is answered 503
 * (ResultsPreparing): say when to ask again, and how far the load has come (percent) for the
 * workspace's message. For the results routes and the results exports alike.
 */
export function preparingHeaders(indexes: ResultsIndexes): onSendHookHandler {
  return async (request, reply) => {
    if (reply.statusCode !== 503) return;
    const survey = (request.params as { survey?: string } | undefined)?.survey;
    const state = indexes.states().find((s) => s.surveyId === survey && s.state === 'building');
    reply.header('retry-after', '2');
    if (state) reply.header('x-results-progress', String(state.total > 0 ? Math.min(99, Math.floor((100 * state.responses) / state.total)) : 0));
  };
}

export const resultsRoutes: FastifyPluginAsyncTypebox<{ results: ResultsService }> = async (app, { results }) => {
  app.addHook('onSend', preparingHeaders(results.indexes));
  app.get(
    '/api/results/surveys',
    { config: RESULTS, serializerCompiler: plainJson, schema: { response: { 200: ResultsSurveys, ...ResultsRefusals } } },
    async (request) => ({ surveys: await results.surveys(signedIn(request).user) }),
  );

  app.get(
    '/api/results/:survey/collection',
    { config: RESULTS, serializerCompiler: plainJson, schema: { params: ResultsSurveyParams, response: { 200: Collection, ...ResultsRefusals } } },
    async (request) => results.collection(request.params.survey, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/questions',
    { config: RESULTS, serializerCompiler: plainJson, schema: { params: ResultsSurveyParams, response: { 200: Variables, ...ResultsRefusals } } },
    async (request) => ({ questions: await results.variables(request.params.survey) }),
  );

  app.get(
    '/api/results/:survey/questions/:question',
    { config: RESULTS, serializerCompiler: plainJson, schema: { params: QuestionParams, querystring: ResultsQuery, response: { 200: QuestionResult, ...ResultsRefusals } } },
    async (request) => results.question(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/summary',
    { config: RESULTS, serializerCompiler: plainJson, schema: { params: ResultsSurveyParams, querystring: ResultsQuery, response: { 200: SummaryResult, ...ResultsRefusals } } },
    async (request) => results.summary(request.params.survey, request.query, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/crosstab',
    { config: RESULTS, schema: { params: ResultsSurveyParams, querystring: CrosstabQuery, response: { 200: Crosstab, ...ResultsRefusals } } },
    async (request) => results.crosstab(request.params.survey, request.query.rows, request.query.columns, request.query, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/open/:question',
    { config: RESULTS, serializerCompiler: plainJson, schema: { params: QuestionParams, querystring: OpenQuery, response: { 200: OpenAnswers, ...ResultsRefusals } } },
    async (request) => results.open(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );

  // One question over the waves of the survey's series (trend.ts): each wave's figures, and the changes with their tests.
  const trends = new TrendService(app.db.kysely, app.catalog, results);
  app.get(
    '/api/results/:survey/trend',
    {
      config: RESULTS,
      serializerCompiler: plainJson,
      schema: {
        description: 'One question over the waves of the series the survey belongs to, up to this wave: per wave and place the estimate, n, effective n, se and 95% interval, and the change between waves with its SE, interval and Wald test. A place hidden in any wave is hidden in every wave.',
        params: ResultsSurveyParams,
        querystring: TrendQuery,
        response: { 200: TrendResult, ...ResultsRefusals },
      },
    },
    async (request) => trends.trend(request.params.survey, request.query, signedIn(request).user),
  );

  // Quotes per code of a coded open question, for reports (the same rights as open answers).
  app.get(
    '/api/results/:survey/quotes/:question',
    { config: RESULTS, serializerCompiler: plainJson, schema: { params: QuestionParams, querystring: QuotesQuery, response: { 200: Quotes, ...ResultsRefusals } } },
    async (request) => results.quotes(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );
};
