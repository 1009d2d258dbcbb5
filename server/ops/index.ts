import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { DEFAULT_TIMING, Housekeeper } from './housekeeping.ts';
import { retentionAnonymiser } from '../privacy/anonymise.ts';
import { retentionSweep } from './retention.ts';
import { Metrics, registerMetricsHooks } from './metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The scheduled sweep of expired rows; main.ts starts it, closing the app stops it. */
    housekeeping: Housekeeper;
    metrics: Metrics;
  }
}

/**
 * Housekeeping and metrics, on an app that already has its database, catalogue, results and
 * clock. Call before any route is registered, so that the metrics hooks see every route.
 */
export function registerOperations(app: FastifyInstance, config: Config): void {
  const housekeeping = new Housekeeper(
    app.db.kysely,
    () => app.clock(),
    { sessionIdleMinutes: config.sessionIdleMinutes, attemptDays: config.attemptDays, auditMonths: config.auditMonths },
    app.log,
    DEFAULT_TIMING,
    // After the expired rows, each survey's retention rule and the invitations past INVITATION_DAYS.
    // This process's results index drops what was erased at once; other instances see the deletion generation move within a second.
    async (at, stopping) => {
      const result = await retentionSweep(app.db.kysely, app.catalog.list().map((s) => s.meta), at, { invitationDays: config.invitationDays }, { stopping, anonymise: retentionAnonymiser() });
      for (const step of result.steps) if (step.kind === 'responses' && step.outcome === 'done' && step.count > 0) app.results.indexes.invalidate(step.survey);
      return result;
    },
  );
  app.decorate('housekeeping', housekeeping);
  // preClose, not onClose: the database closes in an onClose hook, and a sweep under way must end first.
  app.addHook('preClose', () => housekeeping.stop());
  const metrics = new Metrics({
    surveys: () => app.catalog.list().map((s) => s.meta.id),
    indexes: () => app.results.indexes.states(),
    housekeeping,
  });
  app.decorate('metrics', metrics);
  registerMetricsHooks(app, metrics);
}
