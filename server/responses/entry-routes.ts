import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../../db/audit.ts';
import { signedIn } from '../auth/access.ts';
import { takeResponse } from '../distribution/intake.ts';
import { standings } from '../distribution/lifecycle.ts';
import { ApiError } from '../errors.ts';
import { countyMunicipalities } from '../geography.ts';
import { LocalizedText } from '../surveys/envelope.ts';
import { CountyMunicipality, ErrorBody, Receipt, SurveyStatus } from '../http/schemas.ts';
import { requires } from '../auth/permissions.ts';

const PLANNER = requires('entry.create');

/**
 * Interview and paper entry: a planner types answers into the same form, judged and stored by the
 * same path as the web's, with the channel and municipality they choose.
 */
export const entryRoutes: FastifyPluginAsyncTypebox<{ validate: boolean }> = async (app, options) => {
  app.get(
    '/api/entry/surveys',
    {
      config: PLANNER,
      schema: {
        response: {
          200: Type.Object({
            surveys: Type.Array(
              Type.Object({
                id: Type.String(),
                version: Type.Integer(),
                title: LocalizedText,
                status: SurveyStatus,
                municipalityQuestion: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            /** Every answer is entered for one of these: a survey without a municipality question too. */
            municipalities: Type.Array(CountyMunicipality),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async () => {
      const surveys = app.catalog.list();
      const standing = await standings(app.db.kysely, surveys.map((s) => s.meta), app.clock());
      return {
        surveys: surveys
          .filter((s) => {
            const { status, lifecycle } = standing.get(s.meta.id)!;
            return status === 'open' || (status === 'closed' && lifecycle.afterClose === 'accept_late');
          })
          .map((s) => ({
            id: s.meta.id,
            version: s.version,
            title: s.meta.title,
            status: standing.get(s.meta.id)!.status,
            municipalityQuestion: s.meta.municipalityQuestion,
          })),
        municipalities: countyMunicipalities(app.geography),
      };
    },
  );

  app.post(
    '/api/entry/:survey/responses',
    {
      config: PLANNER,
      schema: {
        params: Type.Object({ survey: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) }),
        body: Type.Object(
          {
            id: Type.String({ format: 'uuid' }),
            data: Type.Object({}, { additionalProperties: true }),
            municipality: Type.String({ pattern: '^\\d{3}$' }),
            channel: Type.Union([Type.Literal('interview'), Type.Literal('paper')]),
            locale: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ receipt: Receipt, late: Type.Boolean(), repeated: Type.Literal(true) }),
          201: Type.Object({ receipt: Receipt, late: Type.Boolean(), repeated: Type.Literal(false) }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      const { survey } = request.params;
      const { id, data, municipality, channel, locale } = request.body;
      if (!app.geography.byCode.has(municipality)) {
        throw new ApiError(400, 'unknown_municipality', `municipality '${municipality}' is not a municipality code of the county`);
      }
      const taken = await takeResponse(app, {
        surveyId: survey,
        version: null,
        submission: { id, data: data as Record<string, unknown>, locale: locale ?? 'fi' },
        channel,
        audience: 'entry',
        municipality,
        validate: options.validate,
      });
      if (taken.repeated) return reply.status(200).send({ receipt: taken.receipt, late: taken.late, repeated: true as const });
      // Who entered which response, never what it says.
      await recordAudit(app.db.kysely, {
        at: app.clock().toISOString(),
        actor: user,
        action: 'response.entry',
        target: survey,
        details: { responseId: id, version: taken.receipt.version, channel, municipality, late: taken.late },
      });
      return reply.status(201).send({ receipt: taken.receipt, late: taken.late, repeated: false as const });
    },
  );
};
