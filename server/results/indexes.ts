import type { Kysely } from 'kysely';
import type { NewAnswer, NewResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { listVersionDefinitions } from '../../db/surveys.ts';
import type { Geography } from '../geography.ts';
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
}

/** The results indexes of the surveys, built on first use and kept in step with stored responses. */
export class ResultsIndexes {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly geography: Geography,
  ) {}

  /** The survey's index, caught up with what other processes stored. */
  async get(surveyId: string): Promise<ResponseIndex> {
    let entry = this.entries.get(surveyId);
    if (!entry) {
      entry = { index: this.build(surveyId), lastCatchUp: Date.now() };
      this.entries.set(surveyId, entry);
      entry.index.catch(() => this.entries.delete(surveyId));
    }
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

  private async build(surveyId: string): Promise<ResponseIndex> {
    const versions = await listVersionDefinitions(this.db, surveyId);
    const definitions = versions.reverse().map((v) => JSON.parse(v.definition) as object);
    const index = new ResponseIndex(surveyId, mergeVariables(definitions), this.geography);
    await index.load(this.db);
    return index;
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
   * first analyst after a restart does not wait for a large survey's load (about 1.5 minutes at a
   * million responses). Failures are left for the first real request to report.
   */
  async warm(surveyIds: readonly string[]): Promise<void> {
    for (const id of surveyIds) await this.get(id).catch(() => undefined);
  }

  /** Forget a survey's index (after deletions); the next request rebuilds it. */
  invalidate(surveyId: string): void {
    this.entries.delete(surveyId);
  }
}
