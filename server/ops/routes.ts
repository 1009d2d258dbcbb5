import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requires } from '../auth/permissions.ts';
import { fileAnswer } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { Health, Readiness } from './schemas.ts';
import { OpsService } from './service.ts';

export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ops = new OpsService(
    app.db,
    () => app.catalog.list().map((s) => s.meta.id),
    () => app.results.indexes.states(),
  );

  // Liveness: the process answers and its database does. Cheap enough for a health check every few seconds.
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: Health, '4xx': ErrorBody } } }, async () => ops.health());

  // Readiness, for a load balancer: 200 when this instance can take answers, else 503 (the service
  // says what each depends on). Public, so its answer holds no error text, survey ids or counts of
  // answers; those are in the admins' metrics.
  app.get(
    '/api/ready',
    { config: { access: 'public' }, schema: { response: { 200: Readiness, 503: Readiness, '4xx': ErrorBody } } },
    async (_request, reply) => {
      const readiness = await ops.readiness();
      reply.header('cache-control', 'no-store');
      return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );

  // Prometheus scrapes this with an admin's session, or through a proxy that adds one (README, "Monitoring").
  app.get('/api/admin/metrics', { config: requires('operations.read'), schema: { response: { 200: fileAnswer('text/plain', 'the metrics in the Prometheus text format'), '4xx': ErrorBody } } }, async (_request, reply) => {
    const text = await app.metrics.text();
    return reply.header('cache-control', 'no-store').type(app.metrics.contentType).send(text);
  });
};
