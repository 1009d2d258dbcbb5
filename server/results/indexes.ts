import type { Kysely } from 'kysely';
import type { NewAnswer, NewResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { listVersionDefinitions } from '../../db/surveys.ts';
import type { Geography } from '../geography.ts';
import { ApiError } from '../errors.ts';
import { ResponseIndex } from './response-index.ts';
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

  constructor(
    private readonly db: Kysely<Database>,
    private readonly geography: Geography,
  ) {}

  /** The survey's index, caught up with what other processes stored. */
  async get(surveyId: string): Promise<ResponseIndex> {
    const entry = this.entry(surveyId);
    const index = await entry.index;
    if (Date.now() - entry.lastCatchUp >= CATCH_UP_INTERVAL_MS) {
      entry.lastCatchUp = Date.now();
      if (await index.stale(this.db)) {
        // Responses were deleted (e.g. `npm run demo` replaced the synthetic set): load anew.
        this.entries.delete(surveyId);
        return this.get(surveyId);
      }
      await index.catchUp(this.db);
    }
    return index;
  }

  private entry(surveyId: string): Entry {
    let entry = this.entries.get(surveyId);
    if (!entry) {
      const progress: BuildProgress = { ready: false };
      entry = { index: this.build(surveyId, progress), lastCatchUp: Date.now(), progress };
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

  private async build(surveyId: string, progress: BuildProgress): Promise<ResponseIndex> {
    const versions = await listVersionDefinitions(this.db, surveyId);
    const definitions = versions.reverse().map((v) => JSON.parse(v.definition) as object);
    const index = new ResponseIndex(surveyId, mergeVariables(definitions), this.geography);
    progress.index = index;
    await index.load(this.db);
    progress.ready = true;
    return index;
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
