import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';
import { baseUrl } from './links.ts';
import { AttemptPing, DraftSubmission, LinkInfo, NoContent, ResumeCodeParams, ResumeDraft, SavedDraft, TokenParams } from './schemas.ts';
import { DistributionService } from './service.ts';

/**
 * What respondents do around a submission: open a link, keep partial answers for later, and tell
 * anonymously how far they got. All public and rate limited per client address (in memory only).
 */
export const distributionRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | null; resumeDays: number; rateLimit: number }> = async (app, options) => {
  const limited = { access: 'public' as const, rateLimit: { max: options.rateLimit, timeWindow: 60_000 } };
  const distribution = new DistributionService(app.db.kysely, app.catalog, app.geography, options.resumeDays);

  app.get(
    '/api/links/:token',
    { config: limited, schema: { params: TokenParams, response: { 200: LinkInfo, '4xx': ErrorBody } } },
    async (request) => distribution.openLink(request.params.token, app.clock()),
  );

  app.post(
    '/api/surveys/:id/drafts',
    { config: limited, schema: { params: SurveyParams, body: DraftSubmission, response: { 201: SavedDraft, '4xx': ErrorBody } } },
    async (request, reply) => {
      const saved = await distribution.saveDraft(request.params.id, request.body, baseUrl(options.publicUrl, request), app.clock());
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/api/drafts/:code',
    { config: limited, schema: { params: ResumeCodeParams, response: { 200: ResumeDraft, '4xx': ErrorBody } } },
    async (request) => distribution.resumeDraft(request.params.code, app.clock()),
  );

  app.post(
    '/api/surveys/:id/attempts',
    { config: limited, schema: { params: SurveyParams, body: AttemptPing, response: { 204: NoContent, '4xx': ErrorBody } } },
    async (request, reply) => {
      await distribution.ping(request.params.id, request.body, app.clock());
      return reply.status(204).send(null);
    },
  );
};
