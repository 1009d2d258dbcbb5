import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { signedIn } from '../auth/access.ts';
import type { ResultsService } from './service.ts';
import { LocalizedText } from '../surveys/envelope.ts';
import { ErrorBody, ResultsSurveyParams, ViewQuery } from '../http/schemas.ts';
import { requires } from '../auth/permissions.ts';

const RESULTS = requires('results.read');

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IntervalSchema = Type.Object({ lower: Type.Number(), upper: Type.Number() });
const Reason = Nullable(Type.Union([Type.Literal('small_group'), Type.Literal('small_cell'), Type.Literal('complementary')]));

const VariableSchema = Type.Object({
  key: Type.String(),
  question: Type.String(),
  kind: Type.Union([Type.Literal('single'), Type.Literal('rating'), Type.Literal('multi'), Type.Literal('ranking'), Type.Literal('number'), Type.Literal('text')]),
  title: LocalizedText,
  subtitle: Nullable(LocalizedText),
  visibleIf: Nullable(Type.String()),
  categories: Type.Array(Type.Object({ value: Type.String(), label: LocalizedText })),
});

const GroupSchema = Type.Object({
  key: Type.String(),
  level: Type.Union([Type.Literal('county'), Type.Literal('area'), Type.Literal('municipality')]),
  label: LocalizedText,
  parent: Nullable(Type.String()),
  n: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
  suppression: Reason,
  weightedN: Type.Optional(Nullable(Type.Number())),
  categories: Type.Optional(
    Type.Array(
      Type.Object({
        value: Type.String(),
        label: LocalizedText,
        count: Nullable(Type.Number()),
        percent: Nullable(Type.Number()),
        ci: Nullable(IntervalSchema),
        suppressed: Type.Boolean(),
        suppression: Reason,
        weighted: Type.Optional(Nullable(Type.Object({ percent: Type.Number(), ci: IntervalSchema }))),
      }),
    ),
  ),
  rating: Type.Optional(
    Nullable(
      Type.Object({
        mean: Nullable(Type.Number()),
        median: Nullable(Type.Number()),
        cantSay: Type.Number(),
        topTwo: Nullable(Type.Object({ percent: Type.Number(), ci: IntervalSchema })),
      }),
    ),
  ),
  numbers: Type.Optional(
    Nullable(
      Type.Object({
        n: Type.Number(),
        missing: Type.Number(),
        mean: Nullable(Type.Number()),
        sd: Nullable(Type.Number()),
        median: Nullable(Type.Number()),
        q1: Nullable(Type.Number()),
        q3: Nullable(Type.Number()),
        min: Nullable(Type.Number()),
        max: Nullable(Type.Number()),
      }),
    ),
  ),
  ranking: Type.Optional(
    Nullable(
      Type.Array(
        Type.Object({ value: Type.String(), label: LocalizedText, ranked: Type.Number(), meanPosition: Nullable(Type.Number()), firstPercent: Nullable(Type.Number()) }),
      ),
    ),
  ),
});

const MetaSchema = Type.Object({
  survey: Type.String(),
  responses: Type.Number(),
  dataAsOf: Nullable(Type.String()),
  filters: Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.String()) })),
  channels: Nullable(Type.Array(Type.String())),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  weighting: Nullable(
    Type.Object({
      method: Type.Literal('raking'),
      margins: Type.Array(Type.String()),
      designEffect: Type.Number(),
      effectiveSampleSize: Type.Number(),
      trimmed: Type.Object({ lower: Type.Number(), upper: Type.Number() }),
      converged: Type.Boolean(),
      maxRelativeError: Type.Number(),
      excluded: Type.Number(),
      unrepresented: Type.Array(Type.String()),
    }),
  ),
  suppression: Type.Object({ minGroupSize: Type.Number(), minCellSize: Type.Number() }),
  synthetic: Type.Number(),
});

const QuestionParams = Type.Object({ survey: ResultsSurveyParams.properties.survey, question: Type.String({ maxLength: 200 }) });

const ResultsQuerySchema = Type.Object(ViewQuery, { additionalProperties: false });

/** Results for analysts, admins, and viewers within their scope (the service checks the scope). */
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
    { config: RESULTS, schema: { params: ResultsSurveyParams, response: { 200: Type.Object({ questions: Type.Array(VariableSchema) }), '4xx': ErrorBody } } },
    async (request) => ({ questions: await results.variables(request.params.survey) }),
  );

  app.get(
    '/api/results/:survey/questions/:question',
    {
      config: RESULTS,
      schema: { params: QuestionParams, querystring: ResultsQuerySchema, response: { 200: Type.Object({ meta: MetaSchema, question: VariableSchema, groups: Type.Array(GroupSchema) }), '4xx': ErrorBody } },
    },
    async (request) => results.question(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );

  app.get(
    '/api/results/:survey/summary',
    {
      config: RESULTS,
      schema: {
        params: ResultsSurveyParams,
        querystring: ResultsQuerySchema,
        response: { 200: Type.Object({ meta: MetaSchema, questions: Type.Array(Type.Object({ question: VariableSchema, groups: Type.Array(GroupSchema) })) }), '4xx': ErrorBody },
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
            meta: MetaSchema,
            group: Type.String(),
            rows: VariableSchema,
            columns: VariableSchema,
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
          200: Type.Object({ meta: MetaSchema, question: VariableSchema, group: Type.String(), suppressed: Type.Boolean(), n: Nullable(Type.Number()), answers: Type.Array(Type.String()) }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => results.open(request.params.survey, request.params.question, request.query, signedIn(request).user),
  );
};
