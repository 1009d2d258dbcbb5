import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { ErrorBody } from '../http/schemas.ts';
import { EntryParams, EntrySubmission, EntrySurveys, RepeatedAnswer, StoredAnswer } from './schemas.ts';
import { ResponsesService } from './service.ts';

const PLANNER = requires('entry.create');

/**
 * Interview and paper entry: a planner types answers into the same form, judged and stored by the
 * same path as the web's, with the channel and municipality they choose.
 */
export const entryRoutes: FastifyPluginAsyncTypebox<{ validate: boolean }> = async (app, options) => {
  const responses = new ResponsesService(app, options.validate);

  app.get(
    '/api/entry/surveys',
    { config: PLANNER, schema: { response: { 200: EntrySurveys, '4xx': ErrorBody } } },
    async () => responses.entrySurveys(app.clock()),
  );

  app.post(
    '/api/entry/:survey/responses',
    { config: PLANNER, schema: { params: EntryParams, body: EntrySubmission, response: { 200: RepeatedAnswer, 201: StoredAnswer, '4xx': ErrorBody } } },
    async (request, reply) => {
      const { user } = signedIn(request);
      const answer = await responses.enter(request.params.survey, request.body, user);
      return reply.status(answer.repeated ? 200 : 201).send(answer);
    },
  );
};
