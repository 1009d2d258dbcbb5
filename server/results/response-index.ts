import type { Kysely } from 'kysely';
import { deletionGeneration } from '../../db/responses.ts';
import { answersInRange, answersOf, countResponses, pageResponses, responsesStoredSince, type AnswerCell, type ResponseHead } from '../../db/results.ts';
import type { Database } from '../../db/schema.ts';
import type { Geography } from '../geography.ts';
import { CodeColumn, grow, MaskColumn, NumberColumn, PresenceColumn, RankColumn, type Column } from './columns.ts';
import type { Variable } from './variables.ts';

export const CHANNELS = ['web', 'interview', 'paper', 'import'] as const;
export type ChannelName = (typeof CHANNELS)[number];

// A build's slices: better-sqlite3 runs a query on the event loop's thread, so a slice (one page of
// responses and their ~33 answer rows each, then appending them) holds the loop for its whole
// length. The page is resized after each slice to take about SLICE_MS on this machine as loaded
// now (a fixed size that is right on an idle machine holds the loop several times longer on a
// busy one), and the build yields between slices.
const SLICE_MS = 10;
const PAGE_MIN = 20;
const PAGE_MAX = 5000;
// A catch-up's answers are fetched by `IN` lists of at most this many ids (each list a short query).
const CATCH_UP_CHUNK = 400;

/** Lets timers, I/O and other requests run before the next slice of long work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
// Another instance's transaction may commit a little after its stored_at; look back this far.
const LOOKBACK_MS = 120_000;

function packId(id: string, target: Uint8Array, row: number) {
  const hex = id.replaceAll('-', '');
  for (let i = 0; i < 16; i++) target[row * 16 + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

function unpackId(source: Uint8Array, row: number): string {
  let hex = '';
  for (let i = 0; i < 16; i++) hex += source[row * 16 + i]!.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function columnFor(variable: Variable, capacity: number): Column {
  switch (variable.kind) {
    case 'single':
    case 'rating':
      return new CodeColumn(capacity);
    case 'multi':
      return new MaskColumn(capacity);
    case 'number':
      return new NumberColumn(capacity);
    case 'ranking':
      return new RankColumn(capacity);
    case 'text':
      return new PresenceColumn(capacity);
  }
}

/**
 * All responses of one survey as typed-array columns: a row per response, a column per variable
 * (see columns.ts), plus municipality, channel, time and the response id. Built once from the
 * database, then kept in step: responses this process stores are appended as they are stored,
 * and before answering, the index catches up with what other processes (another server instance,
 * an import) stored, by the responses' `stored_at`.
 */
export class ResponseIndex {
  size = 0;
  private capacity = 1024;
  ids = new Uint8Array(this.capacity * 16);
  /** Index into geography.municipalities plus one; 0 = no municipality of the county. */
  municipality = new Uint8Array(this.capacity);
  channel = new Uint8Array(this.capacity);
  submittedAt = new Float64Array(this.capacity);
  synthetic = new Uint8Array(this.capacity);
  readonly columns = new Map<string, Column>();
  private readonly municipalitySlot: Map<string, number>;
  /** Ids stored recently (by stored_at), so a catch-up does not append them twice. */
  private readonly recent = new Map<string, number>();
  private caughtUpTo = 0;
  /** The survey's deletion generation when loaded: a later one means this index is out of date. */
  generation = 0;
  /** A build's progress: responses loaded of the count when it started (total 0 until counted). */
  readonly progress = { loaded: 0, total: 0, slices: 0 };

  constructor(
    readonly surveyId: string,
    readonly variables: ReadonlyMap<string, Variable>,
    geography: Geography,
  ) {
    this.municipalitySlot = new Map(geography.municipalities.map((m, i) => [m.code, i + 1]));
    for (const variable of variables.values()) this.columns.set(variable.key, columnFor(variable, this.capacity));
  }

  private ensure(rows: number) {
    if (rows <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < rows) capacity *= 2;
    this.capacity = capacity;
    this.ids = grow(this.ids, capacity * 16);
    this.municipality = grow(this.municipality, capacity);
    this.channel = grow(this.channel, capacity);
    this.submittedAt = grow(this.submittedAt, capacity);
    this.synthetic = grow(this.synthetic, capacity);
    for (const column of this.columns.values()) column.ensure(capacity);
  }

  idAt(row: number): string {
    return unpackId(this.ids, row);
  }

  /** Adds one response; answers to questions the index does not know (none, normally) are skipped. */
  append(head: Pick<ResponseHead, 'id' | 'municipality_code' | 'channel' | 'submitted_at' | 'synthetic'>, answers: readonly Pick<AnswerCell, 'question' | 'value' | 'num'>[], storedAt?: string) {
    if (this.recent.has(head.id)) return;
    const row = this.size;
    this.ensure(row + 1);
    packId(head.id, this.ids, row);
    this.municipality[row] = head.municipality_code === null ? 0 : (this.municipalitySlot.get(head.municipality_code) ?? 0);
    this.channel[row] = Math.max(0, CHANNELS.indexOf(head.channel as ChannelName));
    this.submittedAt[row] = Date.parse(head.submitted_at);
    this.synthetic[row] = head.synthetic;
    for (const answer of answers) {
      const column = this.columns.get(answer.question);
      if (!column) continue;
      switch (column.kind) {
        case 'codes':
        case 'masks':
          column.set(row, answer.value);
          break;
        case 'numbers':
          column.set(row, answer.num ?? Number(answer.value));
          break;
        case 'ranks':
          column.set(row, answer.value, answer.num ?? 0);
          break;
        case 'presence':
          column.set(row);
          break;
      }
    }
    this.size = row + 1;
    if (storedAt !== undefined && Date.parse(storedAt) >= Date.now() - 2 * LOOKBACK_MS) this.recent.set(head.id, Date.parse(storedAt));
  }

  /**
   * Loads every response of the survey in one ordered pass: keyset pages by response id, each
   * page's answers read as an id range, and a turn of the event loop between pages so that
   * submissions and health checks are answered while a large survey loads.
   */
  async load(db: Kysely<Database>): Promise<void> {
    const started = Date.now();
    this.generation = await deletionGeneration(db, this.surveyId);
    this.progress.total = await countResponses(db, this.surveyId);
    let after: string | null = null;
    let page = 100;
    for (;;) {
      const began = performance.now();
      const heads: ResponseHead[] = await pageResponses(db, this.surveyId, after, page);
      if (heads.length === 0) break;
      const last = heads[heads.length - 1]!.id;
      this.appendPage(heads, await answersInRange(db, this.surveyId, after, last));
      after = last;
      this.progress.loaded = this.size;
      this.progress.slices++;
      if (heads.length < page) break;
      const took = Math.max(performance.now() - began, 0.1);
      page = Math.min(PAGE_MAX, Math.max(PAGE_MIN, Math.round(page * Math.min(2, Math.max(0.5, SLICE_MS / took)))));
      await yieldToLoop();
    }
    this.progress.total = Math.max(this.progress.total, this.size);
    this.caughtUpTo = started;
  }

  /** Whether responses were deleted since this index was loaded (it must then be rebuilt). */
  async stale(db: Kysely<Database>): Promise<boolean> {
    return (await deletionGeneration(db, this.surveyId)) !== this.generation;
  }

  /** Appends what other processes stored since the last catch-up. */
  async catchUp(db: Kysely<Database>): Promise<number> {
    const now = Date.now();
    const heads = (await responsesStoredSince(db, this.surveyId, new Date(this.caughtUpTo - LOOKBACK_MS).toISOString())).filter((h) => !this.recent.has(h.id));
    await this.appendWithAnswers(db, heads);
    this.caughtUpTo = now;
    for (const [id, at] of this.recent) if (at < now - 2 * LOOKBACK_MS) this.recent.delete(id);
    return heads.length;
  }

  private async appendWithAnswers(db: Kysely<Database>, heads: ResponseHead[]) {
    for (let start = 0; start < heads.length; start += CATCH_UP_CHUNK) {
      const chunk = heads.slice(start, start + CATCH_UP_CHUNK);
      this.appendPage(chunk, await answersOf(db, chunk.map((h) => h.id)));
      if (start + CATCH_UP_CHUNK < heads.length) await yieldToLoop();
    }
  }

  private appendPage(heads: readonly ResponseHead[], cells: readonly AnswerCell[]) {
    const byResponse = new Map<string, AnswerCell[]>();
    for (const cell of cells) {
      const list = byResponse.get(cell.response_id);
      if (list) list.push(cell);
      else byResponse.set(cell.response_id, [cell]);
    }
    for (const head of heads) this.append(head, byResponse.get(head.id) ?? [], head.stored_at);
  }

  /** Rough bytes held, for the benchmark's memory figures. */
  bytes(): number {
    let total = this.ids.byteLength + this.municipality.byteLength + this.channel.byteLength + this.submittedAt.byteLength + this.synthetic.byteLength;
    for (const c of this.columns.values()) {
      if (c.kind === 'masks') total += c.words.reduce((s, w) => s + w.byteLength, 0);
      else if (c.kind === 'ranks') total += c.positions.reduce((s, p) => s + p.byteLength, 0);
      else total += c.data.byteLength;
    }
    return total;
  }
}
