import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../http/schemas.ts';
import { ErasureDone, RightsErasure, RightsLookup, RightsView } from './rights-schemas.ts';
import { RightsService } from './rights.ts';

/**
 * The respondent's rights, public: the code is the key. Both routes take it in the body (POST), so
 * that it never lands in an address, a log line or a browser's history, and both are rate limited
 * per client address like sign-in: a guess costs a request, and 100-bit codes make guessing futile.
 */
export const rightsRoutes: FastifyPluginAsyncTypebox<{ rateLimit: number }> = async (app, options) => {
  const rights = new RightsService(app);
  const config = { access: 'public' as const, rateLimit: { max: options.rateLimit, timeWindow: 15 * 60_000 } };

  app.post(
    '/api/rights/answer',
    { config, schema: { body: RightsLookup, response: { 200: RightsView, '4xx': ErrorBody } } },
    async (request) => rights.view(request.body.code, request.body.language),
  );

  app.post(
    '/api/rights/erasure',
    { config, schema: { body: RightsErasure, response: { 200: ErasureDone, '4xx': ErrorBody } } },
    async (request) => rights.erase(request.body.code),
  );
};
