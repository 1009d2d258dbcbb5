import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { signedIn } from '../auth/access.ts';
import { monitoring } from '../distribution/monitoring.ts';
import { LocalizedText } from './envelope.ts';
import { SurveyAdminService } from './service.ts';
import { AfterClose, ErrorBody, SurveyParams, SurveyStatus } from '../http/schemas.ts';
import { storedTime } from '../http/times.ts';
import { requires } from '../auth/permissions.ts';

const ADMIN = requires('surveys.manage');
const LifecycleState = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed'), Type.Literal('archived')]);
const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const AdminSurvey = Type.Object({
  id: Type.String(),
  title: LocalizedText,
  audience: Type.String(),
  state: LifecycleState,
  status: SurveyStatus,
  opensAt: Nullable(Type.String()),
  closesAt: Nullable(Type.String()),
  responseCap: Nullable(Type.Integer()),
  afterClose: AfterClose,
  /** Real responses (demo data not counted); `late` of them came after closing. */
  responses: Type.Integer(),
  late: Type.Integer(),
  synthetic: Type.Integer(),
});

const Municipality = Nullable(Type.Object({ code: Type.String(), name: Type.String() }));

/** Admins publish, open, close and archive surveys, and watch how collection goes. */
export const surveyAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const surveys = new SurveyAdminService(app.db.kysely, app.catalog);

  app.get(
    '/api/admin/surveys',
    { config: ADMIN, schema: { response: { 200: Type.Object({ surveys: Type.Array(AdminSurvey) }), '4xx': ErrorBody } } },
    async () => ({ surveys: await surveys.list(app.clock()) }),
  );

  app.put(
    '/api/admin/surveys/:id/lifecycle',
    {
      config: ADMIN,
      schema: {
        params: SurveyParams,
        body: Type.Object(
          {
            state: LifecycleState,
            opensAt: Time,
            closesAt: Time,
            responseCap: Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
            afterClose: AfterClose,
          },
          { additionalProperties: false },
        ),
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
          200: Type.Object({
            totals: Type.Object({ opens: Type.Integer(), started: Type.Integer(), completed: Type.Integer(), unfinished: Type.Integer() }),
            links: Type.Array(
              Type.Object({
                token: Type.String(),
                kind: Type.String(),
                label: Nullable(Type.String()),
                municipality: Municipality,
                opens: Type.Integer(),
                started: Type.Integer(),
                completed: Type.Integer(),
              }),
            ),
            municipalities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), started: Type.Integer(), completed: Type.Integer() })),
            dropOff: Type.Array(
              Type.Object({ page: Type.Integer(), name: Nullable(Type.String()), title: Nullable(LocalizedText), unfinished: Type.Integer() }),
            ),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => monitoring(app.db.kysely, surveys.surveyOr404(request.params.id), app.geography),
  );
};
