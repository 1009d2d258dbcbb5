import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { ErrorBody } from '../http/schemas.ts';
import { EnteredParams, EntriesToday, EntryParams, EntrySubmission, EntrySurveys, RepeatedAnswer, RepeatedCorrection, StoredAnswer, StoredCorrection, VoidedEntry } from './schemas.ts';
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

  // The planner's own entries of the day, to correct or void one: nobody else's are listed or changed.
  app.get(
    '/api/entry/responses',
    { config: PLANNER, schema: { response: { 200: EntriesToday, '4xx': ErrorBody } } },
    async (request) => responses.entriesToday(signedIn(request).user),
  );

  app.put(
    '/api/entry/responses/:id',
    { config: PLANNER, schema: { params: EnteredParams, body: EntrySubmission, response: { 200: RepeatedCorrection, 201: StoredCorrection, '4xx': ErrorBody } } },
    async (request, reply) => {
      const answer = await responses.correctEntry(request.params.id, request.body, signedIn(request).user);
      return reply.status(answer.repeated ? 200 : 201).send(answer);
    },
  );

  app.delete(
    '/api/entry/responses/:id',
    { config: PLANNER, schema: { params: EnteredParams, response: { 200: VoidedEntry, '4xx': ErrorBody } } },
    async (request) => responses.voidEntry(request.params.id, signedIn(request).user),
  );
};
