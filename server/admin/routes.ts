import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { User } from '../auth/schemas.ts';
import { NoContent } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { AuditCsvFile, AuditCsvQuery, AuditLog, AuditQuery, CountyGeography, NewPassword, NewUser, PopulationCsv, PopulationLoaded, PopulationSummary, UserChange, UserParams, Users } from './schemas.ts';
import { AdminService } from './service.ts';

const USERS = requires('users.manage');
const POPULATION = requires('population.manage');
const OPERATIONS = requires('operations.read');
const AUDIT_PAGE = 100;

export const adminRoutes: FastifyPluginAsyncTypebox<{ passwordResetRateLimit: number }> = async (app, options) => {
  const admin = new AdminService(app.db.kysely, app.geography);
  app.get('/api/admin/users', { config: USERS, schema: { response: { 200: Users, '4xx': ErrorBody } } }, async () => ({ users: await admin.users() }));

  app.post(
    '/api/admin/users',
    { config: USERS, schema: { body: NewUser, response: { 201: User, '4xx': ErrorBody } } },
    async (request, reply) => {
      const { user } = signedIn(request);
      const created = await admin.createUser(request.body, user, app.clock());
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/admin/users/:id',
    { config: USERS, schema: { params: UserParams, body: UserChange, response: { 200: User, '4xx': ErrorBody } } },
    async (request) => {
      const { user: actor } = signedIn(request);
      return admin.changeUser(request.params.id, request.body, actor, app.clock());
    },
  );

  app.post(
    '/api/admin/users/:id/password',
    {
      config: { ...USERS, rateLimit: { max: options.passwordResetRateLimit, timeWindow: 15 * 60_000 } },
      schema: { params: UserParams, body: NewPassword, response: { 204: NoContent, '4xx': ErrorBody } },
    },
    async (request, reply) => {
      const { user: actor } = signedIn(request);
      await admin.resetPassword(request.params.id, request.body.password, actor, app.clock());
      return reply.status(204).send(null);
    },
  );

  // The population table for weighting arrives as the CSV file itself.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.put(
    '/api/admin/population',
    { config: POPULATION, schema: { body: PopulationCsv, response: { 200: PopulationLoaded, '4xx': ErrorBody } } },
    async (request) => {
      const { user } = signedIn(request);
      return admin.replacePopulation(request.body, user, app.clock());
    },
  );

  app.get('/api/admin/population', { config: POPULATION, schema: { response: { 200: PopulationSummary, '4xx': ErrorBody } } }, async () => admin.populationSummary());

  // The county's municipalities and areas (the geography file), for pickers such as the link form's:
  // a survey's municipality question may hold other choices ("another municipality").
  app.get('/api/admin/geography', { config: POPULATION, schema: { response: { 200: CountyGeography, '4xx': ErrorBody } } }, async () => admin.countyGeography());

  app.get(
    '/api/admin/audit',
    { config: OPERATIONS, schema: { querystring: AuditQuery, response: { 200: AuditLog, '4xx': ErrorBody } } },
    async (request) => admin.audit(request.query, AUDIT_PAGE),
  );

  app.get(
    '/api/admin/audit.csv',
    { config: OPERATIONS, schema: { querystring: AuditCsvQuery, response: { 200: AuditCsvFile, '4xx': ErrorBody } } },
    async (request, reply) => {
      const csv = await admin.auditCsv(request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );
};
