import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../errors.ts';
import { NoContent } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { signedIn } from './access.ts';
import { fromThisSite } from './origin.ts';
import { requires } from './permissions.ts';
import { Credentials, Session } from './schemas.ts';
import { AuthService } from './service.ts';
import { SESSION_COOKIE } from './sessions.ts';

export const authRoutes: FastifyPluginAsyncTypebox<{ sessionHours: number; loginRateLimit: number }> = async (app, options) => {
  const auth = new AuthService(app.db.kysely, options.sessionHours);

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: options.loginRateLimit, timeWindow: 15 * 60_000 } },
      schema: { body: Credentials, response: { 200: Session, '4xx': ErrorBody } },
    },
    async (request, reply) => {
      // Sign-in from another site's page (login CSRF) is refused where the browser says so.
      if (!fromThisSite(request.headers.origin, request.host)) {
        throw new ApiError(403, 'cross_origin', 'sign in from this site only');
      }
      const outcome = await auth.signIn(request.body, app.clock());
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
    { config: requires('session'), schema: { response: { 204: NoContent, '4xx': ErrorBody } } },
    async (request, reply) => {
      await auth.signOut(signedIn(request), app.clock());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { config: requires('session'), schema: { response: { 200: Session, '4xx': ErrorBody } } },
    async (request) => {
      const { user, csrfToken, expiresAt } = signedIn(request);
      return { user, csrfToken, expiresAt };
    },
  );
};
