import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import { monitoring } from '../distribution/monitoring.ts';
import { SurveyAdminService } from './service.ts';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';
import { AdminSurvey, AdminSurveys, Lifecycle, Monitoring } from './schemas.ts';
import { storedTime } from '../http/times.ts';
import { requires } from '../auth/permissions.ts';

const ADMIN = requires('surveys.manage');

/** Admins publish, open, close and archive surveys, and watch how collection goes. */
export const surveyAdminRoutes: FastifyPluginAsyncTypebox<{ invitationDays: number }> = async (app, options) => {
  const surveys = new SurveyAdminService(app.db.kysely, app.catalog, { invitationDays: options.invitationDays });

  app.get(
    '/api/admin/surveys',
    { config: ADMIN, schema: { response: { 200: AdminSurveys, '4xx': ErrorBody } } },
    async () => ({ surveys: await surveys.list(app.clock()) }),
  );

  app.put(
    '/api/admin/surveys/:id/lifecycle',
    {
      config: ADMIN,
      schema: {
        params: SurveyParams,
        body: Lifecycle,
        response: { 200: AdminSurvey, '4xx': ErrorBody },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      surveys.surveyOr404(request.params.id);
      const { state, opensAt, closesAt, responseCap, afterClose } = request.body;
      // Stored as UTC ISO text like every other time, so that comparisons agree on both databases.
      const opens = opensAt === null ? null : storedTime(opensAt, 'body.opensAt');
      const closes = closesAt === null ? null : storedTime(closesAt, 'body.closesAt');
      return surveys.changeLifecycle(request.params.id, { state, opensAt: opens, closesAt: closes, responseCap, afterClose }, user, app.clock());
    },
  );

  app.get(
    '/api/admin/surveys/:id/monitoring',
    {
      config: ADMIN,
      schema: {
        params: SurveyParams,
        response: {
          200: Monitoring,
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => monitoring(app.db.kysely, surveys.surveyOr404(request.params.id), app.geography),
  );
};
