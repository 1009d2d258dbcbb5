import { CompiledQuery, type Kysely } from 'kysely';
import { Batcher, BATCHER_RETRY_TOKEN } from 'promise-batcher';
import type { Database } from './schema.ts';

/** One unit of work: its statements run inside a savepoint of a shared transaction. */
export type Work<T> = (trx: Kysely<Database>) => Promise<T>;

export interface GroupCommitOptions {
  /**
   * How long the first write of a batch waits for others to join it, in milliseconds. Writes that
   * arrive while a batch's transaction runs join the next batch anyway.
   */
  readonly windowMs: number;
  /** Most writes in one transaction; 1 turns group commit off (each write its own transaction). */
  readonly maxBatch: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = Object.freeze({ windowMs: 2, maxBatch: 64 });

interface Job {
  readonly work: Work<unknown>;
  /** Batches this job was rolled back from by a deadlock or serialization failure. */
  retries: number;
}

// PostgreSQL's deadlock_detected and serialization_failure: the work itself was fine, another
// transaction's locks crossed ours (two instances writing to one database), so it is run again.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_RETRIES = 5;

const isRetryable = (error: unknown) =>
  typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));

// One name for every job's savepoint: each is released (or rolled back to and released) before the next.
const SAVEPOINT = CompiledQuery.raw('savepoint job');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint job');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint job');

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Group commit: writes that arrive together share one transaction, so one commit (one fsync with
 * SQLite's synchronous=FULL or PostgreSQL's synchronous_commit=on) makes all of them durable.
 *
 * Each write runs in a savepoint of its own: one that throws (a refusal such as a full survey or a
 * used invitation, or a failed statement) is rolled back to its savepoint alone and rejects with its
 * own error, while the others commit. Every write's promise settles only after the commit that
 * holds it, so nothing is acknowledged before it is durable. Writes in a batch run one after
 * another, in arrival order, and each sees the writes before it in the batch, so counts taken inside
 * a write (a response cap, an invitation's use) stay exact. If the transaction fails as a whole (a
 * failed COMMIT, or an error that ends the transaction, such as a full disk), each write of the
 * batch is tried again alone, so that one write cannot take the others down with it.
 *
 * The queue is promise-batcher's: it collects writes while a batch runs (`queuingThresholds: [1,
 * Infinity]`: at most one batch at a time, the next one starts when it ends), waits the window
 * before a batch, caps its size, and re-queues a write on request. The transaction and savepoints
 * around the writes are ours.
 */
export class GroupCommit {
  private readonly batcher: Batcher<Job, unknown> | null;
  private batches = 0;
  private writes = 0;

  constructor(
    private readonly kysely: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {
    this.batcher =
      options.maxBatch <= 1
        ? null
        : new Batcher<Job, unknown>({
            batchingFunction: (jobs) => this.runBatch(jobs),
            maxBatchSize: options.maxBatch,
            queuingDelay: options.windowMs,
            queuingThresholds: [1, Infinity],
          });
  }

  /** Runs `work` in the next batch; resolves with its result once the batch has committed. */
  run<T>(work: Work<T>): Promise<T> {
    // Group commit off: exactly the old path, a transaction of its own per write.
    if (!this.batcher) return this.kysely.transaction().execute(work);
    return this.batcher.getResult({ work, retries: 0 }) as Promise<T>;
  }

  /** Batches committed and writes in them so far (for the benchmark's report). */
  get stats(): { batches: number; writes: number } {
    return { batches: this.batches, writes: this.writes };
  }

  /** Resolves when no write is queued or running (before the database is closed). */
  async idle(): Promise<void> {
    if (this.batcher) await this.batcher.idlePromise();
  }

  private async runBatch(jobs: readonly Job[]): Promise<unknown[]> {
    try {
      return await this.transaction(jobs);
    } catch (error) {
      if (jobs.length === 1) return [isRetryable(error) && jobs[0]!.retries++ < MAX_RETRIES ? BATCHER_RETRY_TOKEN : asError(error)];
      const outcomes: unknown[] = [];
      for (const job of jobs) {
        try {
          outcomes.push((await this.transaction([job]))[0]);
        } catch (alone) {
          outcomes.push(isRetryable(alone) && job.retries++ < MAX_RETRIES ? BATCHER_RETRY_TOKEN : asError(alone));
        }
      }
      return outcomes;
    }
  }

  /** One transaction, a savepoint per job; the outcomes (results, errors or retry tokens) after COMMIT. */
  private async transaction(jobs: readonly Job[]): Promise<unknown[]> {
    const outcomes = await this.kysely.transaction().execute(async (trx) => {
      const done: unknown[] = [];
      for (const job of jobs) {
        await trx.executeQuery(SAVEPOINT);
        try {
          done.push(await job.work(trx));
        } catch (error) {
          // Undoes this job's statements only; a failure here means the transaction itself is gone,
          // and runBatch tries each job alone.
          await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
          done.push(isRetryable(error) && job.retries++ < MAX_RETRIES ? BATCHER_RETRY_TOKEN : asError(error));
        }
        await trx.executeQuery(RELEASE_SAVEPOINT);
      }
      return done;
    });
    this.batches++;
    this.writes += jobs.length;
    return outcomes;
  }
}
