import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { signedIn } from '../auth/access.ts';
import { countyMunicipalities } from '../geography.ts';
import { CountyMunicipality, ErrorBody, RoleSchema, UserBody } from '../http/schemas.ts';
import { requires } from '../auth/permissions.ts';
import { AdminService } from './service.ts';

const USERS = requires('users.manage');
const POPULATION = requires('population.manage');
const OPERATIONS = requires('operations.read');
const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
});

export const adminRoutes: FastifyPluginAsyncTypebox<{ passwordResetRateLimit: number }> = async (app, options) => {
  const admin = new AdminService(app.db.kysely, app.geography);
  app.get(
    '/api/admin/users',
    { config: USERS, schema: { response: { 200: Type.Object({ users: Type.Array(UserBody) }), '4xx': ErrorBody } } },
    async () => ({ users: await admin.users() }),
  );

  app.post(
    '/api/admin/users',
    {
      config: USERS,
      schema: {
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320 }),
            password: Type.String({ maxLength: 1024 }),
            role: RoleSchema,
            municipalities: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{3}$' }), { maxItems: 100 })),
            areas: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserBody, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      const created = await admin.createUser(request.body, user, app.clock());
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: USERS,
      schema: {
        params: UserParams,
        body: Type.Object(
          {
            role: Type.Optional(RoleSchema),
            municipalities: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{3}$' }), { maxItems: 100 })),
            areas: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserBody, '4xx': ErrorBody },
      },
    },
    async (request) => {
      const { user: actor } = signedIn(request);
      return admin.changeUser(request.params.id, request.body, actor, app.clock());
    },
  );

  app.post(
    '/api/admin/users/:id/password',
    {
      config: { ...USERS, rateLimit: { max: options.passwordResetRateLimit, timeWindow: 15 * 60_000 } },
      schema: {
        params: UserParams,
        body: Type.Object({ password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), '4xx': ErrorBody },
      },
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
    {
      config: POPULATION,
      schema: {
        body: Type.String({ minLength: 1 }),
        response: { 200: Type.Object({ rows: Type.Integer(), total: Type.Integer() }), '4xx': ErrorBody },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return admin.replacePopulation(request.body, user, app.clock());
    },
  );

  app.get(
    '/api/admin/population',
    {
      config: POPULATION,
      schema: {
        response: {
          200: Type.Object({ rows: Type.Integer(), total: Type.Integer(), bySex: Type.Record(Type.String(), Type.Integer()), byAgeGroup: Type.Record(Type.String(), Type.Integer()) }),
          '4xx': ErrorBody,
        },
      },
    },
    async () => admin.populationSummary(),
  );

  // The county's municipalities and areas (the geography file), for pickers such as the link form's:
  // a survey's municipality question may hold other choices ("another municipality").
  app.get(
    '/api/admin/geography',
    {
      config: POPULATION,
      schema: { response: { 200: Type.Object({ municipalities: Type.Array(CountyMunicipality), areas: Type.Array(Type.String()) }), '4xx': ErrorBody } },
    },
    async () => ({ municipalities: countyMunicipalities(app.geography), areas: [...app.geography.areas] }),
  );

  app.get(
    '/api/admin/audit',
    {
      config: OPERATIONS,
      schema: {
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            before: Type.Optional(Type.String({ format: 'date-time' })),
            action: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }), '4xx': ErrorBody },
      },
    },
    async (request) => ({ entries: await admin.audit({ limit: request.query.limit ?? 100, before: request.query.before, action: request.query.action }) }),
  );
};
