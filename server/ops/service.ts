// Liveness and readiness: what the probes ask of the database, the survey catalogue and the results
// indexes, answered in the operations contract's shapes. The routes only pick the status code.
import type { Db } from '../../db/connect.ts';
import { MIGRATION_NAMES } from '../../db/connect.ts';
import { appliedMigrations, ping } from '../../db/health.ts';
import type { IndexState } from '../results/indexes.ts';
import type { Health, MigrationState, Readiness } from './schemas.ts';

// A readiness probe must answer quickly even when the database does not: a PostgreSQL server that
// stopped answering would otherwise hold the probe until the load balancer's own timeout.
const DATABASE_TIMEOUT_MS = 2000;

class TimedOut extends Error {}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The schema's state against the migrations this code knows (the states are explained in schemas.ts). */
function migrationState(applied: readonly string[] | null): MigrationState {
  if (applied === null) return 'behind';
  const known = new Set(MIGRATION_NAMES);
  if (applied.some((name) => !known.has(name))) return 'ahead';
  const done = new Set(applied);
  return MIGRATION_NAMES.every((name) => done.has(name)) ? 'current' : 'behind';
}

export class OpsService {
  constructor(
    private readonly db: Pick<Db, 'kysely' | 'dialect'>,
    /** The ids of the loaded surveys. */
    private readonly surveys: () => readonly string[],
    private readonly indexes: () => readonly IndexState[],
  ) {}

  /** Liveness: throws when the database does not answer (the error handler makes that a 5xx). */
  async health(): Promise<Health> {
    await ping(this.db.kysely);
    return { status: 'ok', database: this.db.dialect, surveys: this.surveys().length };
  }

  /**
   * Readiness: ready when this instance can take answers (database reachable, schema exactly the one
   * this code knows). Results indexes still building do not make it unready (answers are taken and
   * stored meanwhile; the first analyst just waits). The answer is public, so it says states and
   * counts only: no error text, no survey ids (a draft survey's id is not public), no response counts.
   */
  async readiness(): Promise<Readiness> {
    let database: Readiness['database'] = 'ok';
    let migrations: MigrationState = 'unchecked';
    try {
      await within(ping(this.db.kysely), DATABASE_TIMEOUT_MS);
      migrations = migrationState(await within(appliedMigrations(this.db.kysely), DATABASE_TIMEOUT_MS));
    } catch {
      database = 'unreachable';
    }
    const surveys = this.surveys();
    const states = new Map(this.indexes().map((s) => [s.surveyId, s]));
    const resultsIndexes: Readiness['resultsIndexes'] = { ready: 0, building: 0, notStarted: 0, progress: null };
    let loaded = 0;
    let total = 0;
    for (const id of surveys) {
      const state = states.get(id);
      if (state?.state === 'ready') resultsIndexes.ready++;
      else if (state?.state === 'building') {
        resultsIndexes.building++;
        loaded += state.responses;
        total += state.total;
      } else resultsIndexes.notStarted++;
    }
    // A percent, not counts: how many answered a survey is not for the public. Never 100 while building.
    if (resultsIndexes.building > 0) resultsIndexes.progress = total > 0 ? Math.min(99, Math.floor((100 * loaded) / total)) : 0;
    const ready = database === 'ok' && migrations === 'current';
    return { status: ready ? 'ready' : 'unready', database, migrations, surveys: { state: 'loaded', count: surveys.length }, resultsIndexes };
  }
}
