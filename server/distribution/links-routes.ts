import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';
import { baseUrl } from './links.ts';
import { QR_PNG_SIZES } from './qr.ts';
import { InvitationsCsvFile, Link, LinkChange, Links, LinksQuery, NewInvitations, NewLinks, QrPngFile, QrPngQuery, QrSvgFile, TokenParams } from './schemas.ts';
import { LinksAdminService } from './service.ts';

const ADMIN = requires('distribution.manage');

/** Admins make links (public, per municipality, invitations), close them, and print their QR codes. */
export const linksAdminRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | null }> = async (app, options) => {
  const links = new LinksAdminService(app.db.kysely, app.catalog, app.geography);

  app.get(
    '/api/admin/surveys/:id/links',
    { config: ADMIN, schema: { params: SurveyParams, querystring: LinksQuery, response: { 200: Links, '4xx': ErrorBody } } },
    async (request) => links.list(request.params.id, request.query.kind, baseUrl(options.publicUrl, request), app.clock()),
  );

  app.post(
    '/api/admin/surveys/:id/links',
    { config: ADMIN, schema: { params: SurveyParams, body: NewLinks, response: { 201: Links, '4xx': ErrorBody } } },
    async (request, reply) => {
      const { user } = signedIn(request);
      const created = await links.createLinks(request.params.id, request.body, user, baseUrl(options.publicUrl, request), app.clock());
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/admin/surveys/:id/invitations',
    { config: ADMIN, schema: { params: SurveyParams, body: NewInvitations, response: { 201: Links, '4xx': ErrorBody } } },
    async (request, reply) => {
      const { user } = signedIn(request);
      const created = await links.createInvitations(request.params.id, request.body, user, baseUrl(options.publicUrl, request), app.clock());
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/admin/surveys/:id/invitations.csv',
    { config: ADMIN, schema: { params: SurveyParams, response: { 200: InvitationsCsvFile, '4xx': ErrorBody } } },
    async (request, reply) => {
      const { user } = signedIn(request);
      const { id } = request.params;
      const csv = await links.invitationsCsv(id, user, baseUrl(options.publicUrl, request), app.clock());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${id}-invitations.csv"`)
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );

  app.patch(
    '/api/admin/links/:token',
    { config: ADMIN, schema: { params: TokenParams, body: LinkChange, response: { 200: Link, '4xx': ErrorBody } } },
    async (request) => {
      const { user } = signedIn(request);
      return links.setClosed(request.params.token, request.body.closed, user, baseUrl(options.publicUrl, request), app.clock());
    },
  );

  app.get('/api/admin/links/:token/qr.svg', { config: ADMIN, schema: { params: TokenParams, response: { 200: QrSvgFile, '4xx': ErrorBody } } }, async (request, reply) => {
    const svg = await links.qrSvg(request.params.token, baseUrl(options.publicUrl, request));
    return reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(svg);
  });

  app.get(
    '/api/admin/links/:token/qr.png',
    { config: ADMIN, schema: { params: TokenParams, querystring: QrPngQuery, response: { 200: QrPngFile, '4xx': ErrorBody } } },
    async (request, reply) => {
      const png = await links.qrPng(request.params.token, baseUrl(options.publicUrl, request), request.query.size ?? QR_PNG_SIZES.default);
      // The schema describes the file for the document; a Buffer is sent as it is, never serialised.
      const raw: FastifyReply = reply;
      return raw.header('content-type', 'image/png').header('cache-control', 'private, no-store').send(png);
    },
  );
};
