import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../../db/audit.ts';
import { findLink, findLinks, insertLinks, listLinks, setLinkClosedAt, type NewLink } from '../../db/links.ts';
import type { LinkKind } from '../../db/schema.ts';
import { signedIn } from '../auth/access.ts';
import { LINK_TOKEN_PATTERN, newLinkToken } from './codes.ts';
import { invitationsCsv } from './invitations-csv.ts';
import { baseUrl, linkRowToLink, linkStatus, linkUrl } from './links.ts';
import { QR_PNG_SIZES, qrPng, qrSvg } from './qr.ts';
import { ApiError } from '../errors.ts';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';
import { Link, Links } from './schemas.ts';
import { storedTime } from '../http/times.ts';
import { requires } from '../auth/permissions.ts';

const ADMIN = requires('distribution.manage');
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Union([Type.Literal('public'), Type.Literal('municipality'), Type.Literal('invitation')]);

// The admin's Link (with the server's status and why it is closed) is the contract's, not a copy.
const TokenParams = Type.Object({ token: Type.String({ pattern: LINK_TOKEN_PATTERN }) });
const Label = Type.String({ minLength: 1, maxLength: 200 });
const FileResponse = { 200: Type.Any({ description: 'the file' }), '4xx': ErrorBody };

// Poster links stay short enough for a small QR code (72 bits); an invitation is a credential
// for one answer and gets 128 bits, beyond guessing.
const POSTER_TOKEN_BYTES = 9;
const INVITATION_TOKEN_BYTES = 16;
export const MAX_INVITATIONS = 5000;

/** Admins make links (public, per municipality, invitations), close them, and print their QR codes. */
export const linksAdminRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | null }> = async (app, options) => {
  const surveyOr404 = (id: string) => {
    const survey = app.catalog.get(id);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    return survey;
  };
  const linkOr404 = async (token: string) => {
    const link = await findLink(app.db.kysely, token);
    if (!link) throw new ApiError(404, 'link_not_found', `no link '${token}'`);
    return link;
  };
  const iso = (t: string | undefined) => (t === undefined ? null : storedTime(t, 'body.closesAt'));

  /** Stores new links all or none, audit-logged in the same transaction, and answers with them. */
  async function create(request: Parameters<typeof signedIn>[0], surveyId: string, links: NewLink[], action: string, details: Record<string, unknown>) {
    const { user } = signedIn(request);
    const now = app.clock();
    await app.db.kysely.transaction().execute(async (trx) => {
      await insertLinks(trx, links);
      await recordAudit(trx, { at: now.toISOString(), actor: user, action, target: surveyId, details: { ...details, count: links.length } });
    });
    const rows = new Map((await findLinks(app.db.kysely, links.map((l) => l.token))).map((r) => [r.token, r]));
    const base = baseUrl(options.publicUrl, request);
    return { links: links.map((l) => linkRowToLink(rows.get(l.token)!, base, app.geography, now)) };
  }

  app.get(
    '/api/admin/surveys/:id/links',
    {
      config: ADMIN,
      schema: { params: SurveyParams, querystring: Type.Object({ kind: Type.Optional(Kind) }, { additionalProperties: false }), response: { 200: Links, '4xx': ErrorBody } },
    },
    async (request) => {
      surveyOr404(request.params.id);
      const base = baseUrl(options.publicUrl, request);
      const now = app.clock();
      const rows = await listLinks(app.db.kysely, request.params.id, request.query.kind as LinkKind | undefined);
      return { links: rows.map((r) => linkRowToLink(r, base, app.geography, now)) };
    },
  );

  app.post(
    '/api/admin/surveys/:id/links',
    {
      config: ADMIN,
      schema: {
        params: SurveyParams,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('public'), Type.Literal('municipality')]),
            municipalities: Type.Optional(Type.Union([Type.Array(Type.String({ pattern: '^\\d{3}$' }), { minItems: 1, maxItems: 1000 }), Type.Literal('all')])),
            label: Type.Optional(Label),
            maxResponses: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
            closesAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Links, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const survey = surveyOr404(request.params.id);
      const { kind, municipalities, label, maxResponses, closesAt } = request.body;
      let codes: (string | null)[];
      if (kind === 'public') {
        if (municipalities !== undefined) throw new ApiError(400, 'invalid_request', 'municipalities is only for kind municipality');
        codes = [null];
      } else {
        if (municipalities === undefined) throw new ApiError(400, 'invalid_request', "municipalities is required for kind municipality (codes, or 'all')");
        const wanted = municipalities === 'all' ? app.geography.municipalities.map((m) => m.code) : [...new Set(municipalities)];
        const unknown = wanted.filter((c) => !app.geography.byCode.has(c));
        if (unknown.length > 0) throw new ApiError(400, 'unknown_municipality', `municipalities ${unknown.join(', ')} are not municipality codes of the county`);
        codes = wanted;
      }
      const now = app.clock().toISOString();
      const { user } = signedIn(request);
      const links: NewLink[] = codes.map((code) => ({
        token: newLinkToken(POSTER_TOKEN_BYTES),
        survey_id: survey.meta.id,
        kind,
        municipality_code: code,
        label: label ?? null,
        max_responses: maxResponses ?? null,
        closes_at: iso(closesAt),
        closed_at: null,
        created_at: now,
        created_by: user.id,
        used_response_id: null,
        used_at: null,
      }));
      const created = await create(request, survey.meta.id, links, 'link.create', { kind, municipalities: codes.filter((c) => c !== null) });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/admin/surveys/:id/invitations',
    {
      config: ADMIN,
      schema: {
        params: SurveyParams,
        body: Type.Object(
          { labels: Type.Array(Label, { minItems: 1, maxItems: MAX_INVITATIONS }), closesAt: Type.Optional(Type.String({ format: 'date-time' })) },
          { additionalProperties: false },
        ),
        response: { 201: Links, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const survey = surveyOr404(request.params.id);
      const now = app.clock().toISOString();
      const { user } = signedIn(request);
      const links: NewLink[] = request.body.labels.map((label) => ({
        token: newLinkToken(INVITATION_TOKEN_BYTES),
        survey_id: survey.meta.id,
        kind: 'invitation',
        municipality_code: null,
        label,
        max_responses: 1,
        closes_at: iso(request.body.closesAt),
        closed_at: null,
        created_at: now,
        created_by: user.id,
        used_response_id: null,
        used_at: null,
      }));
      // Labels (often names or addresses) stay out of the audit log; the count says what happened.
      const created = await create(request, survey.meta.id, links, 'link.invitations', {});
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/admin/surveys/:id/invitations.csv',
    { config: ADMIN, schema: { params: SurveyParams, response: FileResponse } },
    async (request, reply) => {
      const survey = surveyOr404(request.params.id);
      const { user } = signedIn(request);
      const now = app.clock();
      const base = baseUrl(options.publicUrl, request);
      const rows = await listLinks(app.db.kysely, survey.meta.id, 'invitation');
      // The file holds every invitation's credential: who took it is on record.
      await recordAudit(app.db.kysely, { at: now.toISOString(), actor: user, action: 'link.invitations_csv', target: survey.meta.id, details: { count: rows.length } });
      const csv = invitationsCsv(rows.map((r) => ({ label: r.label, url: linkUrl(base, r.token), status: linkStatus(r, now) })));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${survey.meta.id}-invitations.csv"`)
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );

  app.patch(
    '/api/admin/links/:token',
    {
      config: ADMIN,
      schema: { params: TokenParams, body: Type.Object({ closed: Type.Boolean() }, { additionalProperties: false }), response: { 200: Link, '4xx': ErrorBody } },
    },
    async (request) => {
      const { user } = signedIn(request);
      const link = await linkOr404(request.params.token);
      const now = app.clock();
      const closedAt = request.body.closed ? (link.closed_at ?? now.toISOString()) : null;
      await app.db.kysely.transaction().execute(async (trx) => {
        await setLinkClosedAt(trx, link.token, closedAt);
        await recordAudit(trx, {
          at: now.toISOString(),
          actor: user,
          action: request.body.closed ? 'link.close' : 'link.reopen',
          target: link.survey_id,
          details: { token: link.token, kind: link.kind },
        });
      });
      return linkRowToLink({ ...link, closed_at: closedAt }, baseUrl(options.publicUrl, request), app.geography, now);
    },
  );

  app.get('/api/admin/links/:token/qr.svg', { config: ADMIN, schema: { params: TokenParams, response: FileResponse } }, async (request, reply) => {
    const link = await linkOr404(request.params.token);
    const svg = await qrSvg(linkUrl(baseUrl(options.publicUrl, request), link.token));
    return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(svg);
  });

  app.get(
    '/api/admin/links/:token/qr.png',
    {
      config: ADMIN,
      schema: {
        params: TokenParams,
        querystring: Type.Object({ size: Type.Optional(Type.Integer({ minimum: QR_PNG_SIZES.min, maximum: QR_PNG_SIZES.max })) }, { additionalProperties: false }),
        response: FileResponse,
      },
    },
    async (request, reply) => {
      const link = await linkOr404(request.params.token);
      const png = await qrPng(linkUrl(baseUrl(options.publicUrl, request), link.token), request.query.size ?? QR_PNG_SIZES.default);
      return reply.header('content-type', 'image/png').header('cache-control', 'private, no-store').send(png);
    },
  );
};
