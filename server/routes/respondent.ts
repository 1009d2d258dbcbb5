import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../errors.ts';
import { submitResponse } from '../responses/submit.ts';
import { surveyStatus } from '../surveys/envelope.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import { ErrorBody, Receipt, ResponseSubmission, SurveyDetail, SurveyParams, SurveySummary } from './schemas.ts';

function summary(survey: SurveyVersion, now: Date) {
  return {
    id: survey.meta.id,
    version: survey.version,
    title: survey.meta.title,
    audience: survey.meta.audience,
    status: surveyStatus(survey.meta, now),
    opens: survey.meta.opens,
    closes: survey.meta.closes,
  };
}

/** What anonymous respondents may do: read open surveys and submit answers. */
export const respondentRoutes: FastifyPluginAsyncTypebox<{ validate: boolean; submitRateLimit: number }> = async (app, options) => {
  app.get(
    '/api/surveys',
    { config: { access: 'public' }, schema: { response: { 200: Type.Object({ surveys: Type.Array(SurveySummary) }) } } },
    async () => {
      const now = app.clock();
      return {
        surveys: app.catalog
          .list()
          .map((s) => summary(s, now))
          .filter((s) => s.status === 'open'),
      };
    },
  );

  app.get(
    '/api/surveys/:id',
    { config: { access: 'public' }, schema: { params: SurveyParams, response: { 200: SurveyDetail, 404: ErrorBody } } },
    async (request) => {
      const survey = app.catalog.get(request.params.id);
      if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${request.params.id}'`);
      return {
        ...summary(survey, app.clock()),
        municipalityQuestion: survey.meta.municipalityQuestion,
        privacy: survey.meta.privacy,
        definition: survey.definition,
      };
    },
  );

  app.post(
    '/api/surveys/:id/responses',
    {
      // The client address keys the limit in memory only; it is never stored with a response.
      config: { access: 'public', rateLimit: { max: options.submitRateLimit, timeWindow: 60_000 } },
      schema: {
        params: SurveyParams,
        body: ResponseSubmission,
        response: {
          200: Type.Object({ receipt: Receipt, repeated: Type.Literal(true) }),
          201: Type.Object({ receipt: Receipt, repeated: Type.Literal(false) }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = app.catalog.get(id);
      if (!current) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
      const now = app.clock();
      const status = surveyStatus(current.meta, now);
      if (status !== 'open') {
        throw new ApiError(403, `survey_${status}`, status === 'closed' ? `survey '${id}' is closed` : `survey '${id}' is not open yet`);
      }
      const body = request.body;
      const survey = await app.catalog.atVersion(id, body.version);
      if (!survey) throw new ApiError(409, 'unknown_version', `survey '${id}' has no version ${body.version}`);
      const outcome = await submitResponse(app.db.kysely, app.geography, survey, body, {
        channel: 'web',
        submittedAt: now,
        validate: options.validate,
      });
      switch (outcome.kind) {
        case 'invalid': {
          const names = [...new Set(outcome.errors.map((e) => e.question))];
          throw new ApiError(400, 'invalid_answers', `${outcome.errors.length} problem(s) in the answers to: ${names.join(', ')}`, outcome.errors);
        }
        case 'conflict':
          throw new ApiError(409, 'response_id_reused', outcome.message);
        case 'repeat':
          return reply.status(200).send({ receipt: outcome.receipt, repeated: true as const });
        case 'stored':
          // The answer is stored: nothing after this may turn the receipt into an error.
          try {
            app.results.indexes.stored(id, outcome.row, outcome.answers);
          } catch (error) {
            request.log.error({ err: error }, 'results index could not take a stored response; it catches up from the database');
          }
          return reply.status(201).send({ receipt: outcome.receipt, repeated: false as const });
      }
    },
  );
};
