import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../../db/audit.ts';
import { deleteSession } from '../../db/sessions.ts';
import { signedIn } from './access.ts';
import { fromThisSite } from './origin.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { signIn } from './sign-in.ts';
import { ApiError } from '../errors.ts';
import { ErrorBody, UserBody } from '../http/schemas.ts';
import { requires } from './permissions.ts';

const SessionBody = Type.Object({ user: UserBody, csrfToken: Type.String(), expiresAt: Type.String() });

export const authRoutes: FastifyPluginAsyncTypebox<{ sessionHours: number; loginRateLimit: number }> = async (app, options) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: options.loginRateLimit, timeWindow: 15 * 60_000 } },
      schema: {
        body: Type.Object(
          { email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionBody, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      // Sign-in from another site's page (login CSRF) is refused where the browser says so.
      if (!fromThisSite(request.headers.origin, request.host)) {
        throw new ApiError(403, 'cross_origin', 'sign in from this site only');
      }
      const outcome = await signIn(app.db.kysely, request.body, app.clock(), options.sessionHours);
      if (outcome.kind === 'throttled') {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw new ApiError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${outcome.retryAfterSeconds} s`);
      }
      if (outcome.kind === 'wrong_credentials') throw new ApiError(401, 'invalid_credentials', 'the e-mail address or the password is wrong');
      reply.setCookie(SESSION_COOKIE, outcome.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        expires: new Date(outcome.expiresAt),
      });
      return { user: outcome.user, csrfToken: outcome.csrfToken, expiresAt: outcome.expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: requires('session'), schema: { response: { 204: Type.Null(), '4xx': ErrorBody } } },
    async (request, reply) => {
      const { tokenHash, user } = signedIn(request);
      await deleteSession(app.db.kysely, tokenHash);
      await recordAudit(app.db.kysely, { at: app.clock().toISOString(), actor: user, action: 'auth.logout', target: user.email });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { config: requires('session'), schema: { response: { 200: SessionBody, '4xx': ErrorBody } } },
    async (request) => {
      const { user, csrfToken, expiresAt } = signedIn(request);
      return { user, csrfToken, expiresAt };
    },
  );
};
