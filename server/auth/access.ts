import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { may, type Permission } from './permissions.ts';
import { resumeSession, sameToken, SESSION_COOKIE, type ActiveSession } from './sessions.ts';

/**
 * Who may use a route: `public` (anyone, respondents included), or the permission it needs
 * (`requires(...)` in permissions.ts, which also lists the roles that hold it). Every route must say
 * which; a route without a rule stops the app from starting.
 */
export type Access = 'public' | { readonly permission: Permission; readonly roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: ActiveSession | null;
  }
  interface FastifyInstance {
    /** Every route with its access rule, as Fastify registered them (the route-table test walks this). */
    routeAccess: { method: string; url: string; access: Access }[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/** Requires an access rule on every route and enforces it on every request, before the body is read. */
export const accessControl = fp(
  async (app: FastifyInstance, options: { idleMinutes: number }) => {
    app.decorate('routeAccess', []);
    app.decorateRequest('session', null);

    app.addHook('onRoute', (route) => {
      // @fastify/static marks each file route it makes with config.file: the built client's
      // files (scripts, styles, fonts) are public by nature.
      const staticFile = (route.config as { file?: unknown } | undefined)?.file !== undefined;
      const access = route.config?.access ?? (staticFile ? 'public' : undefined);
      if (access === undefined) {
        throw new Error(`route ${String(route.method)} ${route.url} has no access rule: set config.access to 'public' or use requires(permission)`);
      }
      for (const method of [route.method].flat()) app.routeAccess.push({ method, url: route.url, access });
    });

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const access = request.routeOptions.config.access;
      // Undefined only for the not-found handler. Public routes skip the session lookup: the
      // respondents' hot path never touches the sessions table.
      if (access === undefined || access === 'public') return;
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await resumeSession(app.db.kysely, token, app.clock(), options.idleMinutes) : null;
      if (!session) throw new ApiError(401, 'not_signed_in', 'sign in first');
      if (!may(session.user.role, access.permission)) {
        throw new ApiError(403, 'forbidden', `the ${session.user.role} role may not use this`);
      }
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
          throw new ApiError(403, 'csrf_token_invalid', `a state-changing request needs the ${CSRF_HEADER} header from GET /api/auth/me`);
        }
      }
      request.session = session;
    });
  },
  { name: 'access-control', dependencies: ['@fastify/cookie'] },
);

/** The signed-in user of a route that requires one (the access hook has already checked). */
export function signedIn(request: FastifyRequest): ActiveSession {
  if (!request.session) throw new ApiError(401, 'not_signed_in', 'sign in first');
  return request.session;
}
