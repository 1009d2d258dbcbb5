import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../errors.ts';
import { takeResponse } from '../distribution/intake.ts';
import { standingOf, standings, type SurveyStanding } from '../distribution/lifecycle.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import { ErrorBody, Receipt, ResponseSubmission, SurveyDetail, SurveyParams, SurveySummary } from '../http/schemas.ts';

function summary(survey: SurveyVersion, standing: SurveyStanding) {
  return {
    id: survey.meta.id,
    version: survey.version,
    title: survey.meta.title,
    audience: survey.meta.audience,
    status: standing.status,
    opens: standing.lifecycle.opensAt,
    closes: standing.lifecycle.closesAt,
    afterClose: standing.lifecycle.afterClose,
  };
}

/** What anonymous respondents may do: read open surveys and submit answers. */
export const respondentRoutes: FastifyPluginAsyncTypebox<{ validate: boolean; submitRateLimit: number }> = async (app, options) => {
  app.get(
    '/api/surveys',
    { config: { access: 'public' }, schema: { response: { 200: Type.Object({ surveys: Type.Array(SurveySummary) }), '4xx': ErrorBody } } },
    async () => {
      const surveys = app.catalog.list();
      const standing = await standings(app.db.kysely, surveys.map((s) => s.meta), app.clock());
      return {
        surveys: surveys
          .map((s) => summary(s, standing.get(s.meta.id)!))
          .filter((s) => s.status === 'open'),
      };
    },
  );

  app.get(
    '/api/surveys/:id',
    { config: { access: 'public' }, schema: { params: SurveyParams, response: { 200: SurveyDetail, '4xx': ErrorBody } } },
    async (request) => {
      const survey = app.catalog.get(request.params.id);
      if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${request.params.id}'`);
      const standing = await standingOf(app.db.kysely, survey.meta, app.clock());
      // A draft is not published: to the public it does not exist yet.
      if (standing.status === 'draft') throw new ApiError(404, 'survey_not_found', `no survey '${request.params.id}'`);
      return {
        ...summary(survey, standing),
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
          200: Type.Object({ receipt: Receipt, repeated: Type.Literal(true), late: Type.Boolean() }),
          201: Type.Object({ receipt: Receipt, repeated: Type.Literal(false), late: Type.Boolean() }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { link, attempt, draft, ...submission } = request.body;
      const taken = await takeResponse(app, {
        surveyId: request.params.id,
        version: submission.version,
        submission: { ...submission, data: submission.data as Record<string, unknown> },
        channel: 'web',
        audience: 'public',
        link,
        attempt,
        draft,
        validate: options.validate,
      });
      if (taken.repeated) return reply.status(200).send({ receipt: taken.receipt, repeated: true as const, late: taken.late });
      return reply.status(201).send({ receipt: taken.receipt, repeated: false as const, late: taken.late });
    },
  );
};
