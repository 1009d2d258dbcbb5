import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IndexState } from '../results/indexes.ts';
import { SWEPT, type Housekeeper } from './housekeeping.ts';

/*
 * The server's metrics in the Prometheus text format, with prom-client. Labels are only ever
 * things the code bounds: methods, route patterns as registered (never the URL, which holds survey
 * ids, link tokens and resume codes), status classes, error codes, survey ids from the catalogue
 * and housekeeping's kinds. Nothing about a person: no address, no e-mail, no answer.
 */

/** The routes that take an answer: what their answers say is counted as submissions. */
export const SUBMIT_ROUTES: ReadonlySet<string> = new Set(['/api/surveys/:id/responses', '/api/entry/:survey/responses']);

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

// Node's own figures (memory, CPU, event loop lag, GC) belong to the process, not to an app:
// one registry per process, however many apps a test builds in it.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    const before = process.cpuUsage();
    collectDefaultMetrics({ register: processRegistry });
    // prom-client counts CPU from the moment it registers; Prometheus means the process's total
    // ("Total user CPU time spent"), so add what the process spent before that.
    (processRegistry.getSingleMetric('process_cpu_user_seconds_total') as Counter | undefined)?.inc(before.user / 1e6);
    (processRegistry.getSingleMetric('process_cpu_system_seconds_total') as Counter | undefined)?.inc(before.system / 1e6);
    (processRegistry.getSingleMetric('process_cpu_seconds_total') as Counter | undefined)?.inc((before.user + before.system) / 1e6);
  }
  return processRegistry;
}

export interface MetricsSources {
  /** The catalogue's survey ids, so a survey without an index yet shows as not started. */
  surveys(): readonly string[];
  indexes(): readonly IndexState[];
  housekeeping: Housekeeper;
}

export class Metrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly requests: Counter<'method' | 'route' | 'status_class'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly stored: Counter<'route'>;
  private readonly repeated: Counter<'route'>;
  private readonly refused: Counter<'route' | 'reason'>;

  constructor(sources: MetricsSources) {
    processMetrics();
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'kuulo_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      registers,
    });
    this.duration = new Histogram({
      name: 'kuulo_http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its answer, by method and route pattern',
      labelNames: ['method', 'route'],
      // Submissions take milliseconds; decks, reports and exports of large surveys take seconds.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.stored = new Counter({ name: 'kuulo_submissions_stored_total', help: 'Answers stored (201), by route', labelNames: ['route'], registers });
    this.repeated = new Counter({
      name: 'kuulo_submissions_repeated_total',
      help: 'Retries of an answer already stored (200, nothing stored again), by route',
      labelNames: ['route'],
      registers,
    });
    this.refused = new Counter({
      name: 'kuulo_submissions_refused_total',
      help: 'Answers refused with a 4xx, by route and error code (invalid_answers, survey_closed, link_closed, …)',
      labelNames: ['route', 'reason'],
      registers,
    });

    new Gauge({
      name: 'kuulo_results_index_state',
      help: "Each survey's results index in this process: 1 for its current state (not_started, building, ready)",
      labelNames: ['survey', 'state'],
      registers,
      collect() {
        this.reset();
        const known = new Map(sources.indexes().map((s) => [s.surveyId, s.state]));
        for (const survey of new Set([...sources.surveys(), ...known.keys()])) {
          const current = known.get(survey) ?? 'not_started';
          for (const state of ['not_started', 'building', 'ready'] as const) this.set({ survey, state }, state === current ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'kuulo_results_index_responses',
      help: "Responses in each survey's results index (while building, those loaded so far)",
      labelNames: ['survey'],
      registers,
      collect() {
        this.reset();
        for (const s of sources.indexes()) this.set({ survey: s.surveyId }, s.responses);
      },
    });
    new Gauge({
      name: 'kuulo_results_index_total_responses',
      help: "Responses each survey's results index holds when built: while building, the survey's count when the build began",
      labelNames: ['survey'],
      registers,
      collect() {
        this.reset();
        for (const s of sources.indexes()) this.set({ survey: s.surveyId }, s.total);
      },
    });
    new Gauge({
      name: 'kuulo_results_index_bytes',
      help: "Memory held by each survey's results index, roughly",
      labelNames: ['survey'],
      registers,
      collect() {
        this.reset();
        for (const s of sources.indexes()) this.set({ survey: s.surveyId }, s.bytes);
      },
    });

    const housekeeping = sources.housekeeping;
    const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : 0);
    new Gauge({
      name: 'kuulo_housekeeping_last_run_timestamp_seconds',
      help: "When this process's last housekeeping sweep started, successful or not (0: none yet)",
      registers,
      collect() {
        this.set(seconds(housekeeping.lastRun?.at));
      },
    });
    new Gauge({
      name: 'kuulo_housekeeping_last_success_timestamp_seconds',
      help: "When this process's last successful housekeeping sweep started (0: none yet)",
      registers,
      collect() {
        this.set(seconds(housekeeping.lastSuccess?.at));
      },
    });
    new Gauge({
      name: 'kuulo_housekeeping_last_deleted',
      help: "Rows the last successful sweep of this process deleted, by kind",
      labelNames: ['kind'],
      registers,
      collect() {
        for (const kind of SWEPT) this.set({ kind }, housekeeping.lastSuccess?.counts?.[kind] ?? 0);
      },
    });
    const runs = new Counter({ name: 'kuulo_housekeeping_runs_total', help: 'Housekeeping sweeps of this process, by result (ok, error)', labelNames: ['result'], registers });
    const deleted = new Counter({ name: 'kuulo_housekeeping_deleted_total', help: 'Rows housekeeping deleted in this process, by kind', labelNames: ['kind'], registers });
    // Present from the start at zero, so a rate over them works before the first sweep.
    for (const result of ['ok', 'error']) runs.inc({ result }, 0);
    for (const kind of SWEPT) deleted.inc({ kind }, 0);
    housekeeping.onRun((run) => {
      runs.inc({ result: run.ok ? 'ok' : 'error' });
      if (run.counts) for (const kind of SWEPT) deleted.inc({ kind }, run.counts[kind]);
    });
  }

  /** Counts one answered request; `errorCode` is the error body's code, for a refused submission. */
  observe(request: FastifyRequest, reply: FastifyReply, errorCode: string | undefined): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    const status = reply.statusCode;
    this.requests.inc({ method, route, status_class: `${Math.floor(status / 100)}xx` });
    this.duration.observe({ method, route }, reply.elapsedTime / 1000);
    if (!SUBMIT_ROUTES.has(route) || method !== 'POST') return;
    if (status === 201) this.stored.inc({ route });
    else if (status === 200) this.repeated.inc({ route });
    else if (status >= 400 && status < 500) this.refused.inc({ route, reason: errorCode && ERROR_CODE.test(errorCode) ? errorCode : 'other' });
  }

  /** The exposition: this process's Node figures, then the app's. */
  async text(): Promise<string> {
    return `${await processMetrics().metrics()}\n${await this.registry.metrics()}`;
  }
}

/**
 * Counts every answer once it has gone (onResponse). A refused submission's reason is its error
 * body's code, read as the body is sent (onSend, before compression: the error handler has made
 * the body a JSON string by then); nothing on the store path changes.
 */
export function registerMetricsHooks(app: FastifyInstance, metrics: Metrics): void {
  const reasons = new WeakMap<FastifyRequest, string>();
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string' && SUBMIT_ROUTES.has(request.routeOptions.url ?? '')) {
      try {
        const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
        if (typeof code === 'string') reasons.set(request, code);
      } catch {
        // Not an error body of ours: counted as 'other'.
      }
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(request, reply, reasons.get(request));
  });
}
