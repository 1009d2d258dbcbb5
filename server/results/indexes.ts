import type { Kysely } from 'kysely';
import type { NewAnswer, NewResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { deletionGeneration } from '../../db/responses.ts';
import { listVersionDefinitions } from '../../db/surveys.ts';
import type { Geography } from '../geography.ts';
import { ApiError } from '../errors.ts';
import { ResponseIndex } from './response-index.ts';
import { definitionsDigest, readSnapshot, snapshotFile, SnapshotRejected, typeOf as typeOfArray, writeSnapshot } from './snapshot.ts';
import { surveyVariables, type Variable } from './variables.ts';

// Another instance's writes show up here at most this late; this process's own at once.
const CATCH_UP_INTERVAL_MS = 1000;

/**
 * The variables of every version of a survey, the newest version's wording first: responses to an
 * older version are counted under the same keys, and categories that only an old version had are
 * kept after the current ones.
 */
export function mergeVariables(definitionsNewestFirst: readonly object[]): Map<string, Variable> {
  const merged = new Map<string, Variable>();
  for (const definition of definitionsNewestFirst) {
    for (const variable of surveyVariables(definition)) {
      const known = merged.get(variable.key);
      if (!known) merged.set(variable.key, variable);
      else if (known.kind === variable.kind) {
        const values = new Set(known.categories.map((c) => c.value));
        const extra = variable.categories.filter((c) => !values.has(c.value));
        if (extra.length > 0) merged.set(variable.key, { ...known, categories: [...known.categories, ...extra] });
      }
    }
  }
  return merged;
}

interface Entry {
  index: Promise<ResponseIndex>;
  lastCatchUp: number;
  progress: BuildProgress;
  /** The digest of the survey's versions the index holds (a snapshot's header carries it). */
  definitions?: string;
  /** Rows in the snapshot file as last written or read; -1 when it must be written. */
  savedSize: number;
  writing?: Promise<void>;
}

// A changed index's snapshot is written again at most this often (and when the server stops).
const SNAPSHOT_INTERVAL_MS = 5 * 60_000;

/** Where the snapshots' messages go (the app's pino logger). */
export interface SnapshotLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The last snapshot written, for the benchmark. */
export interface SnapshotWrite {
  readonly surveyId: string;
  readonly rows: number;
  readonly bytes: number;
  readonly ms: number;
}

/** The index while it loads and after: the operations views read its state and size. */
interface BuildProgress {
  index?: ResponseIndex;
  ready: boolean;
}

/** Where a survey's index is, for the readiness check and the metrics. */
export interface IndexState {
  readonly surveyId: string;
  readonly state: 'building' | 'ready';
  /** Responses in the index: while building, those loaded so far. */
  readonly responses: number;
  /** While building, the survey's responses when the build began (progress: responses / total); else responses. */
  readonly total: number;
  readonly bytes: number;
}

// How long a results request waits for a build before it is answered 503 with the progress.
const BUILD_WAIT_MS = 1000;

/** A results request made while the survey's index loads: 503 with Retry-After, try again shortly. */
export class ResultsPreparing extends ApiError {
  constructor(
    readonly survey: string,
    readonly percent: number,
    readonly loaded: number,
    readonly total: number,
  ) {
    super(503, 'results_preparing', `the results of survey '${survey}' are being prepared: ${loaded} of ${total} responses loaded (${percent} %)`);
  }
}

/** The results indexes of the surveys, built on first use and kept in step with stored responses. */
export class ResultsIndexes {
  private readonly entries = new Map<string, Entry>();
  /** How long a results request waits for a running build before its 503 (a test sets 0; the command line Infinity). */
  buildWaitMs = BUILD_WAIT_MS;
  private snapshotDir: string | null = null;
  private databaseKey = '';
  private log: SnapshotLog | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** How the last index was loaded, and the last snapshot written (the benchmark's figures). */
  lastLoad: { surveyId: string; from: 'snapshot' | 'database'; toppedUp: number; ms: number } | null = null;
  lastWrite: SnapshotWrite | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly geography: Geography,
    /** For the counts over a whole survey (db/connect.ts `scans`). */
    private readonly scans: Kysely<Database> = db,
  ) {}

  /** The survey's index, caught up with what other processes stored. */
  async get(surveyId: string): Promise<ResponseIndex> {
    const entry = this.entry(surveyId);
    const index = await entry.index;
    // A deletion (an erasure, the retention sweep, `npm run demo` replacing the synthetic set, another
    // instance's) shows at the very next request: one small read of the survey's deletion generation,
    // where a figure still counting an erased answer would break the promise that it is gone.
    if (await index.stale(this.db)) {
      if (this.entries.get(surveyId) === entry) this.entries.delete(surveyId);
      return this.get(surveyId);
    }
    // New responses from other processes are caught up at most once a second.
    if (Date.now() - entry.lastCatchUp >= CATCH_UP_INTERVAL_MS) {
      entry.lastCatchUp = Date.now();
      await index.catchUp(this.db);
    }
    return index;
  }

  private entry(surveyId: string): Entry {
    let entry = this.entries.get(surveyId);
    if (!entry) {
      const progress: BuildProgress = { ready: false };
      const created: Entry = { index: Promise.resolve(null as unknown as ResponseIndex), lastCatchUp: Date.now(), progress, savedSize: -1 };
      created.index = this.build(surveyId, created);
      entry = created;
      this.entries.set(surveyId, entry);
      entry.index.catch(() => this.entries.delete(surveyId));
    }
    return entry;
  }

  /**
   * The survey's index for a results request: starts its build if none is running and waits for it
   * a moment; if it is still loading after that, a 503 with how far it has come (ResultsPreparing),
   * rather than a request hanging for the minute a million responses take to load.
   */
  async ready(surveyId: string, waitMs = this.buildWaitMs): Promise<ResponseIndex> {
    const entry = this.entry(surveyId);
    // Infinity: wait for the whole build (the command line, which has nothing else to answer).
    if (!entry.progress.ready && Number.isFinite(waitMs)) {
      let timer: NodeJS.Timeout | undefined;
      const built = await Promise.race([entry.index.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(resolve, waitMs, false)))]).finally(() => clearTimeout(timer));
      const progress = entry.progress.index?.progress;
      if (!built) {
        const loaded = progress?.loaded ?? 0;
        const total = progress?.total ?? 0;
        throw new ResultsPreparing(surveyId, total > 0 ? Math.min(99, Math.floor((100 * loaded) / total)) : 0, loaded, total);
      }
    }
    return this.get(surveyId);
  }

  private async build(surveyId: string, entry: Entry): Promise<ResponseIndex> {
    const { progress } = entry;
    const started = performance.now();
    const versions = await listVersionDefinitions(this.db, surveyId);
    entry.definitions = definitionsDigest(versions);
    const definitions = versions.reverse().map((v) => JSON.parse(v.definition) as object);
    const variables = mergeVariables(definitions);
    if (this.snapshotDir) {
      const file = snapshotFile(this.snapshotDir, this.databaseKey, surveyId);
      const index = new ResponseIndex(surveyId, variables, this.geography);
      progress.index = index;
      try {
        const snapshot = await readSnapshot(file);
        if (snapshot) {
          const { header } = snapshot;
          if (header.surveyId !== surveyId) throw new SnapshotRejected(`it is of survey '${header.surveyId}'`);
          if (header.definitions !== entry.definitions) throw new SnapshotRejected('it is of other survey versions');
          const generation = await deletionGeneration(this.db, surveyId);
          if (header.generation !== generation) throw new SnapshotRejected(`responses were deleted or changed since (generation ${header.generation}, now ${generation})`);
          index.generation = generation;
          const { toppedUp } = await index.restore(this.db, snapshot, this.scans);
          entry.savedSize = toppedUp > 0 ? -1 : header.size;
          progress.ready = true;
          this.lastLoad = { surveyId, from: 'snapshot', toppedUp, ms: performance.now() - started };
          this.log?.info({ survey: surveyId, responses: index.size, toppedUp, ms: Math.round(this.lastLoad.ms) }, 'results index loaded from its snapshot');
          if (toppedUp > 0) void this.save(surveyId, entry, index);
          return index;
        }
      } catch (error) {
        if (!(error instanceof SnapshotRejected)) throw error;
        this.log?.warn({ survey: surveyId, file, reason: error.message }, 'results snapshot not used; building the index from the database');
      }
    }
    const index = new ResponseIndex(surveyId, variables, this.geography);
    progress.index = index;
    await index.load(this.db, this.scans);
    progress.ready = true;
    this.lastLoad = { surveyId, from: 'database', toppedUp: 0, ms: performance.now() - started };
    if (this.snapshotDir) void this.save(surveyId, entry, index);
    return index;
  }

  /**
   * Keeps a snapshot of each index in `dir` (null: none): read at a build, written after one, then
   * again every few minutes when the index has grown, and when the server stops (close()).
   */
  useSnapshots(dir: string | null, databaseKey: string, log: SnapshotLog): void {
    this.snapshotDir = dir;
    this.databaseKey = databaseKey;
    this.log = log;
    clearInterval(this.timer);
    if (dir) {
      this.timer = setInterval(() => void this.saveChanged(), SNAPSHOT_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes the snapshots of the ready indexes that changed since theirs was written. */
  async saveChanged(): Promise<void> {
    for (const [surveyId, entry] of this.entries) {
      const index = entry.progress.ready ? entry.progress.index : undefined;
      if (index && index.size !== entry.savedSize) await this.save(surveyId, entry, index);
    }
  }

  private async save(surveyId: string, entry: Entry, index: ResponseIndex): Promise<void> {
    if (!this.snapshotDir || entry.definitions === undefined) return;
    // One write of a survey's file at a time; a change meanwhile is written at the next turn.
    if (entry.writing) return entry.writing;
    const dir = this.snapshotDir;
    entry.writing = (async () => {
      const started = performance.now();
      const saved = index.saved();
      const header = {
        format: 1 as const,
        surveyId,
        definitions: entry.definitions!,
        generation: index.generation,
        size: saved.size,
        completeBefore: saved.completeBefore,
        columns: saved.columns,
        arrays: saved.arrays.map((a) => ({ type: typeOfArray(a), length: a.length })),
        writtenAt: new Date().toISOString(),
      };
      try {
        const bytes = await writeSnapshot(snapshotFile(dir, this.databaseKey, surveyId), header, saved.arrays);
        entry.savedSize = saved.size;
        this.lastWrite = { surveyId, rows: saved.size, bytes, ms: performance.now() - started };
        this.log?.info({ survey: surveyId, responses: saved.size, bytes, ms: Math.round(this.lastWrite.ms) }, 'results snapshot written');
      } catch (error) {
        this.log?.warn({ survey: surveyId, reason: (error as Error).message }, 'results snapshot not written');
      } finally {
        entry.writing = undefined;
      }
    })();
    return entry.writing;
  }

  /** Stops the snapshot schedule and writes what changed (the server is stopping). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const entry of this.entries.values()) await entry.writing;
    await this.saveChanged();
  }

  /** Every index this process holds or is building; a survey not listed has none yet. */
  states(): IndexState[] {
    const states: IndexState[] = [];
    for (const [surveyId, entry] of this.entries) {
      const { index, ready } = entry.progress;
      states.push({ surveyId, state: ready ? 'ready' : 'building', responses: index?.size ?? 0, total: ready ? (index?.size ?? 0) : (index?.progress.total ?? 0), bytes: index?.bytes() ?? 0 });
    }
    return states;
  }

  /** Called after this process stored a response: appended at once if the index is built. */
  stored(surveyId: string, row: NewResponse, answers: readonly NewAnswer[]): void {
    const entry = this.entries.get(surveyId);
    // While it is being built, the build's catch-up finds the response in the database instead.
    if (!entry) return;
    const head = { id: row.id, municipality_code: row.municipality_code ?? null, channel: row.channel, submitted_at: row.submitted_at, synthetic: row.synthetic ?? 0 };
    const cells = answers.map((a) => ({ question: a.question, value: a.value, num: a.num ?? null }));
    void entry.index.then((index) => index.append(head, cells, row.stored_at)).catch(() => undefined);
  }

  /**
   * Builds the indexes of the given surveys one after another, in the background, so that the
   * first analyst after a restart does not wait for a large survey's load (about a minute at a million
   * responses; the build yields to the event loop between pages). Failures are left for the first real request to report.
   */
  async warm(surveyIds: readonly string[]): Promise<void> {
    for (const id of surveyIds) await this.get(id).catch(() => undefined);
  }

  /** Forget a survey's index (after deletions); the next request rebuilds it. */
  invalidate(surveyId: string): void {
    this.entries.delete(surveyId);
  }
}
