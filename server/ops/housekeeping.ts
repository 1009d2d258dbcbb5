import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { countAttemptsSeenBefore, deleteAttemptsSeenBefore } from '../../db/attempts.ts';
import { countAuditEntriesBefore, deleteAuditEntriesBefore, recordAudit } from '../../db/audit.ts';
import { countExpiredDrafts, deleteExpiredDrafts } from '../../db/drafts.ts';
import type { Database } from '../../db/schema.ts';
import { countExpiredSessions, deleteExpiredSessions } from '../../db/sessions.ts';
import { countLoginFailuresBefore, deleteLoginFailuresBefore } from '../../db/users.ts';
import { FAILURE_WINDOW_MS } from '../auth/sign-in.ts';
import { addPeriod, type RetentionResult } from './retention.ts';

/** What housekeeping removes, in the order it removes them. */
export const SWEPT = ['sessions', 'drafts', 'attempts', 'loginFailures', 'auditEntries'] as const;
export type Swept = (typeof SWEPT)[number];
export type SweepCounts = Record<Swept, number>;

export interface HousekeepingSettings {
  /** A session idle this long has ended (SESSION_IDLE_MINUTES). */
  readonly sessionIdleMinutes: number;
  /** Attempts not pinged for this many days are deleted (ATTEMPT_DAYS). */
  readonly attemptDays: number;
  /** Audit entries older than this many calendar months are deleted (AUDIT_MONTHS); 0 keeps them for the life of the database. */
  readonly auditMonths: number;
}

export interface SweepResult {
  readonly at: string;
  readonly dryRun: boolean;
  /** Deleted, or with `dryRun` what would be. */
  readonly counts: SweepCounts;
  /** The retention sweep that followed (server/ops/retention.ts), when the housekeeper has one. */
  readonly retention?: RetentionResult;
}

/** The retention sweep at a moment, run after each housekeeping sweep; it stops early when `stopping` says so. */
export type RetentionRun = (at: Date, stopping: () => boolean) => Promise<RetentionResult>;

/** Rows per DELETE: each statement is short, so a submission waits at most for one batch. */
export const BATCH_SIZE = 1000;

interface Kind {
  count(db: Kysely<Database>): Promise<number>;
  remove(db: Kysely<Database>, limit: number): Promise<number>;
}

/** Each kind's rule, at one moment `now`: the same rules the server applies when it meets such a row. */
function kinds(now: Date, settings: HousekeepingSettings): Record<Swept, Kind> {
  const at = now.toISOString();
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const sessions = { now: at, idleBefore: before(settings.sessionIdleMinutes * 60_000) };
  const attemptsBefore = before(settings.attemptDays * 86_400_000);
  const failuresBefore = before(FAILURE_WINDOW_MS);
  const auditBefore = settings.auditMonths > 0 ? addPeriod(now, { unit: 'months', count: settings.auditMonths }, -1).toISOString() : null;
  return {
    sessions: { count: (db) => countExpiredSessions(db, sessions), remove: (db, limit) => deleteExpiredSessions(db, sessions, limit) },
    drafts: { count: (db) => countExpiredDrafts(db, at), remove: (db, limit) => deleteExpiredDrafts(db, at, limit) },
    attempts: { count: (db) => countAttemptsSeenBefore(db, attemptsBefore), remove: (db, limit) => deleteAttemptsSeenBefore(db, attemptsBefore, limit) },
    loginFailures: { count: (db) => countLoginFailuresBefore(db, failuresBefore), remove: (db, limit) => deleteLoginFailuresBefore(db, failuresBefore, limit) },
    auditEntries: {
      count: async (db) => (auditBefore === null ? 0 : countAuditEntriesBefore(db, auditBefore)),
      remove: async (db, limit) => (auditBefore === null ? 0 : deleteAuditEntriesBefore(db, auditBefore, limit)),
    },
  };
}

/**
 * One sweep at `now`: ended sessions, expired drafts, attempts past the retention period,
 * forgotten sign-in failure counts and audit entries past AUDIT_MONTHS (the sweep's own entry,
 * written after, is the newest), each deleted `batchSize` rows at a time with a turn of the event
 * loop between batches (on SQLite every statement runs on the server's one thread). Several
 * instances may sweep one database at once: each delete removes only what is past its rule, so a
 * row deleted by another is simply not counted twice. A sweep that deleted anything writes one
 * audit entry with the counts, never one per row. `dryRun` only counts.
 */
export async function sweep(
  db: Kysely<Database>,
  now: Date,
  settings: HousekeepingSettings,
  options: { dryRun?: boolean; batchSize?: number; stopping?: () => boolean } = {},
): Promise<SweepResult> {
  const { dryRun = false, batchSize = BATCH_SIZE, stopping = () => false } = options;
  const rules = kinds(now, settings);
  const counts: SweepCounts = { sessions: 0, drafts: 0, attempts: 0, loginFailures: 0, auditEntries: 0 };
  for (const kind of SWEPT) {
    if (dryRun) {
      counts[kind] = await rules[kind].count(db);
      continue;
    }
    for (;;) {
      const deleted = await rules[kind].remove(db, batchSize);
      counts[kind] += deleted;
      // Only an empty batch means done: a short one may be short because another instance deleted
      // some of the rows this one picked, while more are left.
      if (deleted === 0 || stopping()) break;
      await nextTurn();
    }
    if (stopping()) break;
  }
  const at = now.toISOString();
  if (!dryRun && SWEPT.some((kind) => counts[kind] > 0)) {
    await recordAudit(db, { at, actor: null, action: 'housekeeping.sweep', details: { deleted: counts, attemptDays: settings.attemptDays, auditMonths: settings.auditMonths } });
  }
  return { at, dryRun, counts };
}

export interface HousekeepingRun {
  /** When it started, by the app's clock. */
  readonly at: Date;
  readonly ok: boolean;
  readonly counts: SweepCounts | null;
}

export interface HousekeepingTiming {
  /** The first sweep after start: soon, so a restarted server does not wait a whole interval. */
  readonly firstDelayMs: number;
  readonly intervalMs: number;
}

export const DEFAULT_TIMING: HousekeepingTiming = { firstDelayMs: 60_000, intervalMs: 10 * 60_000 };

/**
 * Runs the sweep on a schedule inside the server: once shortly after start, then every interval,
 * never two at once. Its timer is unref'd (it never keeps a process alive) and `stop` waits for a
 * sweep in progress, which ends after its current batch.
 */
export class Housekeeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepResult> | null = null;
  private stopped = false;
  private readonly listeners: ((run: HousekeepingRun) => void)[] = [];
  /** The last finished run of this process, for the metrics. */
  lastRun: HousekeepingRun | null = null;
  lastSuccess: HousekeepingRun | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => Date,
    private readonly settings: HousekeepingSettings,
    private readonly log: { error(object: object, message: string): void },
    private readonly timing: HousekeepingTiming = DEFAULT_TIMING,
    private readonly retention: RetentionRun | null = null,
  ) {}

  /** Called after every run, successful or not. */
  onRun(listener: (run: HousekeepingRun) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.schedule(this.timing.firstDelayMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run()
        // The failure is logged and counted in run(); the schedule goes on.
        .catch(() => undefined)
        .finally(() => this.schedule(this.timing.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  /** One sweep now (or the one already under way). */
  run(): Promise<SweepResult> {
    if (this.running) return this.running;
    const at = this.clock();
    const stopping = () => this.stopped;
    const running = sweep(this.db, at, this.settings, { stopping })
      .then(async (result): Promise<SweepResult> => (this.retention && !this.stopped ? { ...result, retention: await this.retention(at, stopping) } : result))
      .then(
      (result) => {
        this.finish({ at, ok: true, counts: result.counts });
        return result;
      },
      (error: unknown) => {
        this.finish({ at, ok: false, counts: null });
        // The kind and message only: a driver's error can carry more than that.
        this.log.error({ error: error instanceof Error ? { type: error.name, message: error.message } : String(error) }, 'housekeeping failed');
        throw error;
      },
    );
    this.running = running.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private finish(run: HousekeepingRun): void {
    this.lastRun = run;
    if (run.ok) this.lastSuccess = run;
    for (const listener of this.listeners) listener(run);
  }

  /** Stops the schedule and waits for a sweep under way (it stops after its current batch). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
