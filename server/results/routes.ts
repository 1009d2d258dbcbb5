import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { signedIn } from '../auth/access.ts';
import type { ResultsService } from './service.ts';
import { LocalizedText } from '../surveys/envelope.ts';
import { ErrorBody, ResultsSurveyParams, ViewQuery } from '../http/schemas.ts';
import { QuestionParams, QuestionResult, ResultsMeta, ResultsQuery, SummaryResult, Variable, Variables } from './schemas.ts';
import { requires } from '../auth/permissions.ts';

const RESULTS = requires('results.read');

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const resultsRoutes: FastifyPluginAsyncTypebox<{ results: ResultsService }> = async (app, { results }) => {
  // A results request made while the survey's index loads is answered 503 (ResultsPreparing): say
  // when to ask again, and how far the load has come (percent) for the workspace's message.
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode !== 503) return;
    const survey = (request.params as { survey?: string } | undefined)?.survey;
    const state = results.indexes.states().find((s) => s.surveyId === survey && s.state === 'building');
    reply.header('retry-after', '2');
    if (state) reply.header('x-results-progress', String(state.total > 0 ? Math.min(99, Math.floor((100 * state.responses) / state.total)) : 0));
  });
  app.get(
    '/api/results/surveys',
    {
      config: RESULTS,
      schema: {
        response: {
          200: Type.Object({
            surveys: Type.Array(
              Type.Object({
                id: Type.String(),
                version: Type.Integer(),
                title: LocalizedText,
                audience: Type.String(),
                status: Type.String(),
                opens: Nullable(Type.String()),
                closes: Nullable(Type.String()),
                responses: Type.Number(),
                latestResponse: Nullable(Type.String()),
                municipalityQuestion: Nullable(Type.String({ description: 'the question whose answer is the municipality: the data exports take it as `group`, not as a filter' })),
              }),
            ),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => ({ surveys: await results.surveys(signedIn(request).user) }),
  );

  app.get(
    '/api/results/:survey/collection',
    {
      config: RESULTS,
      schema: {
        params: ResultsSurveyParams,
        response: {
          200: Type.Object({
            survey: Type.String(),
            total: Type.Number(),
            outsideCounty: Type.Number(),
            municipalities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), area: Type.String(), population: Type.Number(), responses: Type.Number(), per1000: Nullable(Type.Number()) })),
            areas: Type.Array(Type.Object({ area: Type.String(), population: Type.Number(), responses: Type.Number(), per1000: Nullable(Type.Number()) })),
            channels: Type.Record(Type.String(), Type.Number()),
            days: Type.Array(Type.Object({ date: Type.String(), responses: Type.Number() })),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => results.collection(request.params.survey, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/questions',
    { config: RESULTS, schema: { params: ResultsSurveyParams, response: { 200: Variables, '4xx': ErrorBody } } },
    async (request) => ({ questions: await results.variables(request.params.survey) }),
  );

  app.get(
    '/api/results/:survey/questions/:question',
    {
      config: RESULTS,
      schema: { params: QuestionParams, querystring: ResultsQuery, response: { 200: QuestionResult, '4xx': ErrorBody } },
    },
    async (request) => results.question(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/summary',
    {
      config: RESULTS,
      schema: {
        params: ResultsSurveyParams,
        querystring: ResultsQuery,
        response: { 200: SummaryResult, '4xx': ErrorBody },
      },
    },
    async (request) => results.summary(request.params.survey, request.query, signedIn(request).user),
  );

  const Cell = Nullable(Type.Number());
  app.get(
    '/api/results/:survey/crosstab',
    {
      config: RESULTS,
      schema: {
        params: ResultsSurveyParams,
        querystring: Type.Object(
          { ...ViewQuery, rows: Type.String({ maxLength: 200 }), columns: Type.String({ maxLength: 200 }), group: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            meta: ResultsMeta,
            group: Type.String(),
            rows: Variable,
            columns: Variable,
            suppressed: Type.Boolean(),
            table: Nullable(
              Type.Object({
                rowValues: Type.Array(Type.String()),
                columnValues: Type.Array(Type.String()),
                counts: Type.Array(Type.Array(Cell)),
                rowPercents: Type.Array(Type.Array(Cell)),
                columnPercents: Type.Array(Type.Array(Cell)),
                rowTotals: Type.Array(Cell),
                columnTotals: Type.Array(Cell),
                total: Type.Number(),
                test: Nullable(
                  Type.Object({
                    chiSquare: Type.Number(),
                    df: Type.Number(),
                    pValue: Type.Number(),
                    cramersV: Type.Number(),
                    smallExpected: Type.Object({ cellsBelow5: Type.Number(), share: Type.Number(), minExpected: Type.Number(), warning: Type.Boolean() }),
                  }),
                ),
                weightedTest: Nullable(
                  Type.Object({
                    firstOrder: Type.Object({ chiSquare: Type.Number(), df: Type.Number(), pValue: Type.Number() }),
                    secondOrder: Type.Object({ f: Type.Number(), df1: Type.Number(), df2: Type.Number(), pValue: Type.Number() }),
                    meanDesignEffect: Type.Number(),
                  }),
                ),
                testWithheld: Type.Boolean(),
              }),
            ),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => results.crosstab(request.params.survey, request.query.rows, request.query.columns, request.query, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/open/:question',
    {
      config: RESULTS,
      schema: {
        params: QuestionParams,
        querystring: Type.Object(
          { ...ViewQuery, group: Type.Optional(Type.String({ maxLength: 100 })), search: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ meta: ResultsMeta, question: Variable, group: Type.String(), suppressed: Type.Boolean(), n: Nullable(Type.Number()), answers: Type.Array(Type.String()) }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => results.open(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );
};
