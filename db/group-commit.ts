import { CompiledQuery, type Kysely } from 'kysely';
import { Batcher, BATCHER_RETRY_TOKEN } from 'promise-batcher';
import type { Procedure, ProcedureRunner } from './procedure.ts';
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
  /**
   * PostgreSQL: most batches in flight at once, each a transaction on a connection of its own, so
   * that one batch's COMMIT (its WAL flush) overlaps the next batch's statements. A SQLite file has
   * one writer, and takes at most 2: the next batch is handed to the writer's thread while one runs
   * there, so it starts the moment the first has committed rather than after the answer has come
   * back to the server's thread (and in-memory SQLite takes 1).
   */
  readonly inFlight?: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = Object.freeze({ windowMs: 2, maxBatch: 64, inFlight: 4 });

interface Job {
  readonly work: Work<unknown>;
  /** Set when the work is a procedure's call: then it can run on the writer's thread. */
  readonly procedure?: Procedure<unknown, unknown>;
  readonly input?: unknown;
  /**
   * What the write locks, as a sortable key (the server's: survey, then link). Concurrent batches
   * on PostgreSQL take their row locks in this order, so two batches never wait for each other in
   * a cycle (a deadlock PostgreSQL would find only after deadlock_timeout, a second).
   */
  readonly lockKey: string;
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

/** A failed job's outcome: run again (a deadlock or serialization failure, a few times), else its error. */
const failed = (job: Job, error: unknown) => (isRetryable(error) && job.retries++ < MAX_RETRIES ? BATCHER_RETRY_TOKEN : asError(error));

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
 * On PostgreSQL several batches run at once (`inFlight`), each its own transaction on its own
 * pooled connection, so commits overlap instead of queueing behind one another. Counts that must
 * stay exact across them are the writes' business: the server's store path takes the survey's
 * state row FOR UPDATE when the survey has a response cap (FOR SHARE otherwise, so that a cap an
 * admin sets waits for the batches under way) and claims links by conditional UPDATEs, which wait
 * for another batch's uncommitted claim and then re-check. Within a batch, writes are run in the
 * order of their lock keys (stable: arrival order among equal keys), so batches lock rows in one
 * global order. SQLite runs one batch at a time, in arrival order.
 *
 * Work given as a procedure (`call`, db/procedure.ts) rather than a closure runs the same way, and
 * on a SQLite file a batch of nothing but procedures runs whole on the writer's thread: one message
 * there and one back, instead of one for each statement, savepoint and the COMMIT, each waiting for
 * the server's thread to turn (the store path's throughput went from about 700 to about 1,900
 * submissions a second on two cores).
 *
 * The queue is promise-batcher's: it collects writes while batches run (`queuingThresholds`: one
 * queued write starts a batch while fewer than `inFlight` run, none while all run), waits the
 * window before a batch, caps its size, and re-queues a write on request. The transaction and
 * savepoints around the writes are ours.
 */
export class GroupCommit {
  private readonly batcher: Batcher<Job, unknown> | null;
  private batches = 0;
  private writes = 0;
  private onThread = 0;
  private running = 0;
  private peak = 0;

  constructor(
    private readonly kysely: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
    /** The writer's own thread, where there is one (a SQLite file): batches of procedures run there whole. */
    private readonly runner: ProcedureRunner | null = null,
  ) {
    this.inFlight = dialect === 'postgres' ? Math.max(1, options.inFlight ?? 1) : runner ? Math.min(2, Math.max(1, options.inFlight ?? 1)) : 1;
    this.batcher =
      options.maxBatch <= 1
        ? null
        : new Batcher<Job, unknown>({
            batchingFunction: (jobs) => this.runBatch(jobs),
            maxBatchSize: options.maxBatch,
            queuingDelay: options.windowMs,
            queuingThresholds: [...Array<number>(this.inFlight).fill(1), Infinity],
          });
  }

  /** Batches that may run at once (1 on SQLite). */
  readonly inFlight: number;

  /**
   * Runs `work` in the next batch; resolves with its result once the batch has committed.
   * `lockKey` orders the writes of a batch on PostgreSQL (see the class); writes without one keep
   * their arrival order, before keyed ones.
   */
  run<T>(work: Work<T>, lockKey = ''): Promise<T> {
    // Group commit off: exactly the old path, a transaction of its own per write (run again on a
    // deadlock or serialization failure, as a batch's write would be).
    if (!this.batcher) return this.alone(work);
    return this.batcher.getResult({ work, lockKey, retries: 0 }) as Promise<T>;
  }

  /**
   * Runs `procedure` on `input` in the next batch, as `run` runs a closure; a batch of nothing but
   * procedures runs on the writer's thread where there is one. `input` must be plain data (it is
   * copied to that thread); its outcome too.
   */
  call<I, O>(procedure: Procedure<I, O>, input: I, lockKey = ''): Promise<O> {
    const work: Work<O> = (trx) => procedure.run(trx, input, this.dialect);
    // Group commit off: the old path, a closure in a transaction of its own.
    if (!this.batcher) return this.alone(work);
    return this.batcher.getResult({ work, procedure: procedure as Procedure<unknown, unknown>, input, lockKey, retries: 0 }) as Promise<O>;
  }

  private async alone<T>(work: Work<T>): Promise<T> {
    for (let retries = 0; ; retries++) {
      try {
        return await this.kysely.transaction().execute(work);
      } catch (error) {
        if (!isRetryable(error) || retries >= MAX_RETRIES) throw error;
      }
    }
  }

  /**
   * Batches committed and writes in them so far, how many of the batches ran whole on the writer's
   * thread, and the most batches seen running at once (for the benchmark's report and the tests).
   */
  get stats(): { batches: number; writes: number; onThread: number; peakInFlight: number } {
    return { batches: this.batches, writes: this.writes, onThread: this.onThread, peakInFlight: this.peak };
  }

  /** Resolves when no write is queued or running (before the database is closed). */
  async idle(): Promise<void> {
    if (this.batcher) await this.batcher.idlePromise();
  }

  private async runBatch(jobs: readonly Job[]): Promise<unknown[]> {
    this.peak = Math.max(this.peak, ++this.running);
    try {
      return await this.runJobs(jobs);
    } finally {
      this.running--;
    }
  }

  private async runJobs(jobs: readonly Job[]): Promise<unknown[]> {
    try {
      return await this.transaction(jobs);
    } catch (error) {
      if (jobs.length === 1) return [failed(jobs[0]!, error)];
      const outcomes: unknown[] = [];
      for (const job of jobs) {
        try {
          outcomes.push((await this.transaction([job]))[0]);
        } catch (alone) {
          outcomes.push(failed(job, alone));
        }
      }
      return outcomes;
    }
  }

  /** One transaction, a savepoint per job; the outcomes (results, errors or retry tokens) after COMMIT. */
  private async transaction(jobs: readonly Job[]): Promise<unknown[]> {
    if (this.runner && jobs.every((job) => job.procedure)) return this.onWriterThread(this.runner, jobs);
    // Array.prototype.sort is stable: equal keys keep their arrival order.
    const order = jobs.map((_, i) => i);
    if (this.dialect === 'postgres' && this.inFlight > 1) order.sort((a, b) => (jobs[a]!.lockKey < jobs[b]!.lockKey ? -1 : jobs[a]!.lockKey > jobs[b]!.lockKey ? 1 : 0));
    const outcomes = await this.kysely.transaction().execute(async (trx) => {
      const done: unknown[] = new Array(jobs.length);
      for (const i of order) {
        const job = jobs[i]!;
        await trx.executeQuery(SAVEPOINT);
        try {
          done[i] = await job.work(trx);
        } catch (error) {
          // Undoes this job's statements only; a failure here means the transaction itself is gone,
          // and runBatch tries each job alone.
          await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
          done[i] = failed(job, error);
        }
        await trx.executeQuery(RELEASE_SAVEPOINT);
      }
      return done;
    });
    this.batches++;
    this.writes += jobs.length;
    return outcomes;
  }

  /** `transaction` on the writer's thread, in one message there and back: the same savepoints and outcomes. */
  private async onWriterThread(runner: ProcedureRunner, jobs: readonly Job[]): Promise<unknown[]> {
    const outcomes = await runner.run(jobs.map((job) => ({ module: job.procedure!.module, name: job.procedure!.name, input: job.input })));
    this.batches++;
    this.onThread++;
    this.writes += jobs.length;
    return outcomes.map((outcome, i) => {
      if (outcome.ok) return outcome.value;
      const job = jobs[i]!;
      return failed(job, job.procedure!.revive(outcome.error) ?? runner.revive(outcome.error));
    });
  }
}
