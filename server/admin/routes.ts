import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listAudit } from '../../db/audit.ts';
import { listPopulation } from '../../db/population.ts';
import { findUserById, listUsers } from '../../db/users.ts';
import { signedIn } from '../auth/access.ts';
import { changeRole, createUser, resetPassword, setUserDisabled, UserProblem, userRowToUser } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import { countyMunicipalities } from '../geography.ts';
import { loadPopulation, parsePopulationCsv } from '../results/population.ts';
import { CountyMunicipality, ErrorBody, RoleSchema, UserBody } from '../http/schemas.ts';
import { may, requires } from '../auth/permissions.ts';

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

/** Turns the user service's problems into 4xx answers that name what is wrong. */
async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserProblem) {
      const status = error.code === 'user_not_found' ? 404 : error.code === 'email_taken' ? 409 : 400;
      throw new ApiError(status, error.code, error.message);
    }
    throw error;
  }
}

export const adminRoutes: FastifyPluginAsyncTypebox<{ passwordResetRateLimit: number }> = async (app, options) => {
  app.get(
    '/api/admin/users',
    { config: USERS, schema: { response: { 200: Type.Object({ users: Type.Array(UserBody) }), '4xx': ErrorBody } } },
    async () => ({ users: (await listUsers(app.db.kysely)).map(userRowToUser) }),
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
      const created = await asApiErrors(() => createUser(app.db.kysely, app.geography, request.body, user, app.clock()));
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
      const target = await findUserById(app.db.kysely, request.params.id);
      if (!target) throw new ApiError(404, 'user_not_found', `no user ${request.params.id}`);
      if (target.id === actor.id && (request.body.disabled === true || (request.body.role && !may(request.body.role, 'users.manage')))) {
        throw new ApiError(409, 'cannot_lock_out_self', 'no one can disable their own account or take away their own right to manage accounts');
      }
      const { role, municipalities, areas, disabled } = request.body;
      return asApiErrors(async () => {
        let result = userRowToUser(target);
        if (role !== undefined || municipalities !== undefined || areas !== undefined) {
          result = await changeRole(
            app.db.kysely,
            app.geography,
            target.email,
            { role: role ?? result.role, municipalities: municipalities ?? result.municipalities, areas: areas ?? result.areas },
            actor,
            app.clock(),
          );
        }
        if (disabled !== undefined) result = await setUserDisabled(app.db.kysely, target.email, disabled, actor, app.clock());
        return result;
      });
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
      const target = await findUserById(app.db.kysely, request.params.id);
      if (!target) throw new ApiError(404, 'user_not_found', `no user ${request.params.id}`);
      await asApiErrors(() => resetPassword(app.db.kysely, target.email, request.body.password, actor, app.clock()));
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
      const parsed = parsePopulationCsv(request.body, app.geography);
      if ('problems' in parsed) throw new ApiError(400, 'invalid_population', parsed.problems.slice(0, 20).join('; '));
      return loadPopulation(app.db.kysely, parsed.rows, user, app.clock());
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
    async () => {
      const rows = await listPopulation(app.db.kysely);
      // Categories are an admin's free text ("hasOwnProperty" included): summed in a Map, never looked up on
      // a plain object, whose prototype would answer for such a name.
      const by = (key: 'sex' | 'age_group') => {
        const totals = new Map<string, number>();
        for (const r of rows) totals.set(r[key], (totals.get(r[key]) ?? 0) + r.population);
        return Object.fromEntries(totals);
      };
      return { rows: rows.length, total: rows.reduce((s, r) => s + r.population, 0), bySex: by('sex'), byAgeGroup: by('age_group') };
    },
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
    async (request) => {
      const rows = await listAudit(app.db.kysely, { limit: request.query.limit ?? 100, before: request.query.before, action: request.query.action });
      return {
        entries: rows.map((r) => ({ id: r.id, at: r.at, actorEmail: r.actor_email, action: r.action, target: r.target, details: JSON.parse(r.details) as Record<string, unknown> })),
      };
    },
  );
};
