import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pingAttempt } from '../../db/attempts.ts';
import { deleteDraft, deleteExpiredDrafts, findDraft, latestDraftOfLink, saveDraft, type DraftRow } from '../../db/drafts.ts';
import { countLinkOpen, countLinkStart, findLink } from '../../db/links.ts';
import { LINK_TOKEN_PATTERN, newResumeCode, normaliseResumeCode, resumeCodeHash, RESUME_CODE_PATTERN } from './codes.ts';
import { linkFor } from './intake.ts';
import { admission, standingOf } from './lifecycle.ts';
import { baseUrl, linkStatus, municipalityOf, resumeUrl } from './links.ts';
import { pageCount } from './monitoring.ts';
import { ApiError } from '../errors.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';

const Municipality = Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]);
const Locale = Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35 });
const DraftData = Type.Object({}, { additionalProperties: true });
// Partial answers are kept only as long as a whole submission could be; pages of a real form are few
// (the schema's bound; each route then checks the page against the survey's own pages).
const DRAFT_MAX_CHARS = 200_000;
const MAX_PAGE = 1000;

const Draft = Type.Object({ data: DraftData, page: Type.Integer(), locale: Type.Union([Type.String(), Type.Null()]), expiresAt: Type.String() });

/** A draft's or a ping's page must be one of the form's own, not merely a plausible number. */
function checkPage(survey: SurveyVersion, page: number): void {
  const pages = pageCount(survey.definition);
  if (page >= pages) {
    throw new ApiError(400, 'page_out_of_range', `page ${page} is not a page of survey '${survey.meta.id}', whose pages are 0–${pages - 1}`);
  }
}

function draftOf(row: DraftRow) {
  return { data: JSON.parse(row.data) as Record<string, unknown>, page: row.page, locale: row.locale, expiresAt: row.expires_at };
}

/**
 * What respondents do around a submission: open a link, keep partial answers for later, and tell
 * anonymously how far they got. All public and rate limited per client address (in memory only).
 */
export const distributionRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | null; resumeDays: number; rateLimit: number }> = async (app, options) => {
  const limited = { access: 'public' as const, rateLimit: { max: options.rateLimit, timeWindow: 60_000 } };

  app.get(
    '/api/links/:token',
    {
      config: limited,
      schema: {
        params: Type.Object({ token: Type.String({ pattern: LINK_TOKEN_PATTERN }) }),
        response: {
          200: Type.Object({
            token: Type.String(),
            survey: Type.String(),
            kind: Type.Union([Type.Literal('public'), Type.Literal('municipality'), Type.Literal('invitation')]),
            municipality: Municipality,
            status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('used')]),
            draft: Type.Union([Draft, Type.Null()]),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => {
      const link = await findLink(app.db.kysely, request.params.token);
      if (!link || !app.catalog.get(link.survey_id)) throw new ApiError(404, 'link_not_found', `no link '${request.params.token}'`);
      const now = app.clock();
      await countLinkOpen(app.db.kysely, link.token);
      const status = linkStatus(link, now);
      // An invitation's unfinished answer waits behind its own link: re-opening it offers the latest.
      let draft: DraftRow | undefined;
      if (link.kind === 'invitation' && status === 'open') {
        draft = await latestDraftOfLink(app.db.kysely, link.token);
        if (draft && draft.expires_at <= now.toISOString()) {
          await deleteDraft(app.db.kysely, draft.code_hash);
          draft = undefined;
        }
      }
      return {
        token: link.token,
        survey: link.survey_id,
        kind: link.kind,
        municipality: municipalityOf(link.municipality_code, app.geography),
        status,
        draft: draft ? draftOf(draft) : null,
      };
    },
  );

  app.post(
    '/api/surveys/:id/drafts',
    {
      config: limited,
      schema: {
        params: SurveyParams,
        body: Type.Object(
          {
            data: DraftData,
            page: Type.Integer({ minimum: 0, maximum: MAX_PAGE }),
            locale: Type.Optional(Locale),
            link: Type.Optional(Type.String({ pattern: LINK_TOKEN_PATTERN })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ code: Type.String(), url: Type.String(), expiresAt: Type.String() }), '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const survey = app.catalog.get(id);
      if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
      const now = app.clock();
      // Keeping answers for a survey that will not take them would only disappoint later.
      admission(id, await standingOf(app.db.kysely, survey.meta, now), 'public');
      const { data, page, locale, link: token } = request.body;
      checkPage(survey, page);
      const link = token === undefined ? null : await linkFor(app, token, id);
      if (link) {
        const status = linkStatus(link, now);
        if (status === 'used') throw new ApiError(409, 'invitation_used', 'this invitation has already been answered');
        if (status === 'closed') throw new ApiError(403, 'link_closed', `link '${link.token}' is closed`);
      }
      const json = JSON.stringify(data);
      if (json.length > DRAFT_MAX_CHARS) {
        throw new ApiError(400, 'draft_too_large', `data is ${json.length} characters as JSON; a draft keeps at most ${DRAFT_MAX_CHARS}`);
      }
      const code = newResumeCode();
      const expiresAt = new Date(now.getTime() + options.resumeDays * 86_400_000).toISOString();
      await app.db.kysely.transaction().execute(async (trx) => {
        await deleteExpiredDrafts(trx, now.toISOString());
        // Every draft keeps its link, so that the finished answer counts for it (and a municipality
        // link's municipality stays preset); only an invitation's link offers its draft on re-opening.
        await saveDraft(
          trx,
          {
            code_hash: resumeCodeHash(normaliseResumeCode(code)!),
            survey_id: id,
            link_token: link?.token ?? null,
            data: json,
            page,
            locale: locale ?? null,
            created_at: now.toISOString(),
            expires_at: expiresAt,
          },
          { onlyOneForLink: link?.kind === 'invitation' },
        );
      });
      return reply.status(201).send({ code, url: resumeUrl(baseUrl(options.publicUrl, request), code), expiresAt });
    },
  );

  app.get(
    '/api/drafts/:code',
    {
      config: limited,
      schema: {
        params: Type.Object({ code: Type.String({ pattern: RESUME_CODE_PATTERN }) }),
        response: {
          200: Type.Object({
            survey: Type.String(),
            data: DraftData,
            page: Type.Integer(),
            locale: Type.Union([Type.String(), Type.Null()]),
            link: Type.Union([Type.String(), Type.Null()]),
            expiresAt: Type.String(),
          }),
          '4xx': ErrorBody,
        },
      },
    },
    async (request) => {
      const code = normaliseResumeCode(request.params.code);
      const draft = code === null ? undefined : await findDraft(app.db.kysely, resumeCodeHash(code));
      if (!draft) throw new ApiError(404, 'draft_not_found', 'no saved answers with this code');
      if (draft.expires_at <= app.clock().toISOString()) {
        await deleteDraft(app.db.kysely, draft.code_hash);
        throw new ApiError(410, 'draft_expired', `the saved answers expired at ${draft.expires_at}`);
      }
      return { survey: draft.survey_id, ...draftOf(draft), link: draft.link_token };
    },
  );

  app.post(
    '/api/surveys/:id/attempts',
    {
      config: limited,
      schema: {
        params: SurveyParams,
        body: Type.Object(
          {
            attempt: Type.String({ format: 'uuid' }),
            page: Type.Integer({ minimum: 0, maximum: MAX_PAGE }),
            link: Type.Optional(Type.String({ pattern: LINK_TOKEN_PATTERN })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const survey = app.catalog.get(id);
      if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
      const now = app.clock();
      if ((await standingOf(app.db.kysely, survey.meta, now)).status === 'draft') throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
      checkPage(survey, request.body.page);
      const link = request.body.link === undefined ? null : await linkFor(app, request.body.link, id);
      const created = await pingAttempt(app.db.kysely, {
        id: request.body.attempt,
        surveyId: id,
        linkToken: link?.token ?? null,
        municipality: link?.municipality_code ?? null,
        page: request.body.page,
        at: now.toISOString(),
      });
      if (created && link) await countLinkStart(app.db.kysely, link.token);
      return reply.status(204).send(null);
    },
  );
};
