import type { Kysely } from 'kysely';
import { openTexts, openTextsOf } from '../../db/coding.ts';
import type { Database } from '../../db/schema.ts';
import type { ResultsIndexes } from '../results/indexes.ts';
import type { ResponseIndex } from '../results/response-index.ts';
import { parseSearch, stems, type SearchTerm } from './search.ts';

/**
 * The coding search's stems, kept per open question between requests: stemming every answer per
 * search took about 450 ms at 20,000 answers (a LIKE scan 19 ms). An inverted index (stem → the
 * answers that have it) answers a search with a few lookups.
 *
 * Kept current through the survey's results index, which every stored response reaches: a grown
 * index adds only the new responses' texts; a new index (responses were erased, which makes the
 * results rebuild theirs) drops the erased answers. Texts changed in place (an anonymised name)
 * reach it when the entry is rebuilt, at the latest MAX_AGE_MS later; for that window the search's
 * page of texts and a bulk coding's answers are read again from the database and checked against
 * the search there, so neither shows nor codes by an old text.
 */
const MAX_AGE_MS = 5 * 60_000;

interface Entry {
  index: ResponseIndex;
  size: number;
  built: number;
  /** Answers by position; null where erased. */
  ids: (string | null)[];
  at: Map<string, number>;
  postings: Map<string, number[]>;
}

export class StemIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly indexes: ResultsIndexes,
    private readonly clock: () => number = Date.now,
  ) {}

  private add(entry: Entry, id: string, text: string): void {
    if (entry.at.has(id)) return;
    const position = entry.ids.length;
    entry.ids.push(id);
    entry.at.set(id, position);
    for (const stem of new Set(stems(text))) {
      const list = entry.postings.get(stem);
      if (list) list.push(position);
      else entry.postings.set(stem, [position]);
    }
  }

  private async fresh(surveyId: string, question: string): Promise<Entry> {
    const index = await this.indexes.ready(surveyId);
    const entry: Entry = { index, size: index.size, built: this.clock(), ids: [], at: new Map(), postings: new Map() };
    for (const t of await openTexts(this.db, surveyId, question)) this.add(entry, t.response_id, t.value);
    return entry;
  }

  /** The question's entry, brought up to the survey's results index. */
  private async entry(surveyId: string, question: string): Promise<Entry> {
    const key = `${surveyId}\u0000${question}`;
    const running = this.building.get(key);
    if (running) return running;
    const work = this.update(key, surveyId, question);
    this.building.set(key, work);
    try {
      return await work;
    } finally {
      this.building.delete(key);
    }
  }

  private async update(key: string, surveyId: string, question: string): Promise<Entry> {
    let index = await this.indexes.ready(surveyId);
    // The results index notices erasures within a second; a search (and a bulk coding) must not
    // count an erased answer even for that second: one small query asks.
    if (await index.stale(this.db)) {
      this.indexes.invalidate(surveyId);
      index = await this.indexes.ready(surveyId);
    }
    let entry = this.entries.get(key);
    if (!entry || this.clock() - entry.built > MAX_AGE_MS) {
      entry = await this.fresh(surveyId, question);
    } else if (entry.index !== index) {
      // Responses were erased: keep the answers the new index still has, add any it has that we lack.
      const present = new Set<string>();
      for (let r = 0; r < index.size; r++) present.add(index.idAt(r));
      entry.ids.forEach((id, position) => {
        if (id !== null && !present.has(id)) {
          entry!.ids[position] = null;
          entry!.at.delete(id);
        }
      });
      const missing = [...present].filter((id) => !entry!.at.has(id));
      for (const t of await openTextsOf(this.db, surveyId, question, missing)) this.add(entry, t.response_id, t.value);
      entry.index = index;
      entry.size = index.size;
    } else if (index.size > entry.size) {
      const added: string[] = [];
      for (let r = entry.size; r < index.size; r++) added.push(index.idAt(r));
      for (const t of await openTextsOf(this.db, surveyId, question, added)) this.add(entry, t.response_id, t.value);
      entry.size = index.size;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /** The response ids (in id order) of the answers whose words have every term's stem (search.ts). */
  async match(surveyId: string, question: string, terms: readonly SearchTerm[]): Promise<string[]> {
    const entry = await this.entry(surveyId, question);
    let hits: Set<number> | undefined;
    for (const term of terms) {
      const positions = new Set<number>();
      if (term.prefix) {
        for (const [stem, list] of entry.postings) if (stem.startsWith(term.stem)) for (const p of list) positions.add(p);
      } else for (const p of entry.postings.get(term.stem) ?? []) positions.add(p);
      if (hits) for (const p of hits) if (!positions.has(p)) hits.delete(p);
      if (!hits) hits = positions;
      if (hits.size === 0) break;
    }
    const ids: string[] = [];
    for (const p of hits ?? []) {
      const id = entry.ids[p];
      if (id !== null && id !== undefined) ids.push(id);
    }
    return ids.sort();
  }
}

export { parseSearch };
