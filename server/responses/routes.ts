import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';
import { RepeatedAnswer, ResponseSubmission, StoredAnswer, SurveyDetail, SurveyList } from './schemas.ts';
import { ResponsesService } from './service.ts';

/** What anonymous respondents may do: read open surveys and submit answers. */
export const respondentRoutes: FastifyPluginAsyncTypebox<{ validate: boolean; submitRateLimit: number }> = async (app, options) => {
  const responses = new ResponsesService(app, options.validate);

  app.get(
    '/api/surveys',
    { config: { access: 'public' }, schema: { response: { 200: SurveyList, '4xx': ErrorBody } } },
    async () => responses.openSurveys(app.clock()),
  );

  app.get(
    '/api/surveys/:id',
    { config: { access: 'public' }, schema: { params: SurveyParams, response: { 200: SurveyDetail, '4xx': ErrorBody } } },
    async (request) => responses.survey(request.params.id, app.clock()),
  );

  app.post(
    '/api/surveys/:id/responses',
    {
      // The client address keys the limit in memory only; it is never stored with a response.
      config: { access: 'public', rateLimit: { max: options.submitRateLimit, timeWindow: 60_000 } },
      schema: { params: SurveyParams, body: ResponseSubmission, response: { 200: RepeatedAnswer, 201: StoredAnswer, '4xx': ErrorBody } },
    },
    async (request, reply) => {
      const answer = await responses.submit(request.params.id, request.body);
      return reply.status(answer.repeated ? 200 : 201).send(answer);
    },
  );
};
