import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../../db/audit.ts';
import { findSurveyState, responseCountsBySurvey, saveSurveyState } from '../../db/lifecycle.ts';
import { signedIn } from '../auth/access.ts';
import { lifecycleOf, standingOf, standings, type SurveyStanding } from '../distribution/lifecycle.ts';
import { monitoring } from '../distribution/monitoring.ts';
import { ApiError } from '../errors.ts';
import type { SurveyVersion } from './catalog.ts';
import { LocalizedText } from './envelope.ts';
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

function adminSurvey(survey: SurveyVersion, standing: SurveyStanding, counts: { responses: number; late: number; synthetic: number } | undefined) {
  const { lifecycle } = standing;
  return {
    id: survey.meta.id,
    title: survey.meta.title,
    audience: survey.meta.audience,
    state: lifecycle.state,
    status: standing.status,
    opensAt: lifecycle.opensAt,
    closesAt: lifecycle.closesAt,
    responseCap: lifecycle.responseCap,
    afterClose: lifecycle.afterClose,
    responses: counts?.responses ?? 0,
    late: counts?.late ?? 0,
    synthetic: counts?.synthetic ?? 0,
  };
}

/** Admins publish, open, close and archive surveys, and watch how collection goes. */
export const surveyAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const surveyOr404 = (id: string) => {
    const survey = app.catalog.get(id);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    return survey;
  };

  app.get(
    '/api/admin/surveys',
    { config: ADMIN, schema: { response: { 200: Type.Object({ surveys: Type.Array(AdminSurvey) }), '4xx': ErrorBody } } },
    async () => {
      const surveys = app.catalog.list();
      const standing = await standings(app.db.kysely, surveys.map((s) => s.meta), app.clock());
      const counts = await responseCountsBySurvey(app.db.kysely);
      return { surveys: surveys.map((s) => adminSurvey(s, standing.get(s.meta.id)!, counts.get(s.meta.id))) };
    },
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
      const survey = surveyOr404(request.params.id);
      const { state, opensAt, closesAt, responseCap, afterClose } = request.body;
      // Stored as UTC ISO text like every other time, so that comparisons agree on both databases.
      const opens = opensAt === null ? null : storedTime(opensAt, 'body.opensAt');
      const closes = closesAt === null ? null : storedTime(closesAt, 'body.closesAt');
      if (opens !== null && closes !== null && Date.parse(opens) >= Date.parse(closes)) {
        throw new ApiError(400, 'invalid_times', `closesAt (${closesAt}) must be after opensAt (${opensAt})`);
      }
      const now = app.clock();
      const before = lifecycleOf(survey.meta, await findSurveyState(app.db.kysely, survey.meta.id));
      const row = {
        survey_id: survey.meta.id,
        state,
        opens_at: opens,
        closes_at: closes,
        response_cap: responseCap,
        after_close: afterClose,
        updated_at: now.toISOString(),
        updated_by: user.id,
      };
      await app.db.kysely.transaction().execute(async (trx) => {
        await saveSurveyState(trx, row);
        await recordAudit(trx, {
          at: now.toISOString(),
          actor: user,
          action: 'survey.lifecycle',
          target: survey.meta.id,
          details: { before, after: lifecycleOf(survey.meta, row) },
        });
      });
      const counts = await responseCountsBySurvey(app.db.kysely);
      return adminSurvey(survey, await standingOf(app.db.kysely, survey.meta, now), counts.get(survey.meta.id));
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
    async (request) => monitoring(app.db.kysely, surveyOr404(request.params.id), app.geography),
  );
};
