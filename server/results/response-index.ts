import type { Kysely } from 'kysely';
import { deletionGeneration, findReceipts } from '../../db/responses.ts';
import { answersInRange, answersOf, countResponses, countResponsesStoredBefore, pageResponses, responsesStoredSince, type AnswerCell, type ResponseHead } from '../../db/results.ts';
import type { Database } from '../../db/schema.ts';
import type { Geography } from '../geography.ts';
import { CodeColumn, grow, MaskColumn, NumberColumn, PresenceColumn, RankColumn, type Column } from './columns.ts';
import { SnapshotRejected, typeOf, type SavedColumn, type Snapshot } from './snapshot.ts';
import { RESULT_KIND_FACETS, type IndexColumnKind } from '../questions/result-kinds.ts';
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
// A catch-up reads the responses stored since in pages of this many, each page's answers by one `IN` list (each a short query).
const CATCH_UP_CHUNK = 400;

/** Lets timers, I/O and other requests run before the next slice of long work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * For a loop over many small steps (rows written to a file): `due()` says when `ms` have passed
 * since the last turn of the event loop, and `turn()` takes one and starts the count anew.
 */
export function timeSlices(ms = 10): { due(): boolean; turn(): Promise<void> } {
  let began = performance.now();
  return {
    due: () => performance.now() - began > ms,
    turn: async () => {
      await yieldToLoop();
      began = performance.now();
    },
  };
}
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

const ARRAY_TYPE = { codes: 'u16', masks: 'u32', numbers: 'f64', ranks: 'u8', presence: 'u8' } as const;

const COLUMN_OF: { readonly [K in IndexColumnKind]: new (capacity: number) => Column } = {
  codes: CodeColumn,
  masks: MaskColumn,
  numbers: NumberColumn,
  ranks: RankColumn,
  presence: PresenceColumn,
};

/** A variable's column is its results kind's `indexColumn` (server/questions/result-kinds.ts). */
function columnFor(variable: Variable, capacity: number): Column {
  return new COLUMN_OF[RESULT_KIND_FACETS[variable.kind].indexColumn](capacity);
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
  /** When each response was stored (ms), so a snapshot can say which rows it holds. */
  storedAt = new Float64Array(this.capacity);
  /**
   * Per municipality slot: responses, the latest submission (ms) and synthetic responses, kept as
   * rows arrive, so every answer's meta sums a few dozen slots instead of passing over every row
   * (about 20 ms a request at a million responses).
   */
  readonly perSlot = { responses: new Float64Array(256), latest: new Float64Array(256).fill(-Infinity), synthetic: new Float64Array(256) };
  readonly columns = new Map<string, Column>();
  /**
   * A dynamic matrix's or panel's answer rows are its inner questions' (`<name>.<inner>`): each
   * marks the question's own column (its categories are the inner questions) as answered.
   */
  private readonly innerColumns = new Map<string, PresenceColumn>();
  /** Columns of a dynamic question's inner number (`<name>.<inner>`): the respondent's total over rows. */
  private readonly totalled = new Set<string>();
  private readonly municipalitySlot: Map<string, number>;
  /** Ids stored recently (by stored_at), so a catch-up does not append them twice. */
  private readonly recent = new Map<string, number>();
  caughtUpTo = 0;
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
    for (const variable of variables.values()) {
      const column = columnFor(variable, this.capacity);
      this.columns.set(variable.key, column);
      if (variable.kind === 'repeated') for (const inner of variable.categories) this.innerColumns.set(`${variable.key}.${inner.value}`, column as PresenceColumn);
      if (variable.entries && variable.kind === 'number') this.totalled.add(variable.key);
    }
  }

  /**
   * Grows the arrays to hold `rows` one array per turn of the loop: growing them all at once copied
   * (or zero-filled) every column in one go, 50–150 ms of the server's thread at a million responses
   * in `npm run bench -- loop`. Used before an index build (room for the survey's count) and when a
   * growing index comes within a 32nd of full (see append). Rows keep arriving meanwhile: an array
   * already grown takes them, and `ensure` grows the rest at once should the rows outrun this (a
   * grown array is left as it is).
   */
  private growing = false;
  private loading = false;
  private async reserve(rows: number): Promise<void> {
    let target = this.capacity;
    while (target < rows) target *= 2;
    if (target === this.capacity || this.growing) return;
    this.growing = true;
    try {
      for (const step of this.growSteps(target)) {
        step();
        await yieldToLoop();
      }
      this.capacity = Math.max(this.capacity, target);
    } finally {
      this.growing = false;
    }
  }

  /** One step per array: each grows it to `capacity` rows (an array already that large is left as it is). */
  private growSteps(capacity: number): (() => void)[] {
    return [
      () => (this.ids = grow(this.ids, capacity * 16)),
      () => (this.municipality = grow(this.municipality, capacity)),
      () => (this.channel = grow(this.channel, capacity)),
      () => (this.submittedAt = grow(this.submittedAt, capacity)),
      () => (this.synthetic = grow(this.synthetic, capacity)),
      () => (this.storedAt = grow(this.storedAt, capacity)),
      ...[...this.columns.values()].map((column) => () => column.ensure(capacity)),
    ];
  }

  private ensure(rows: number) {
    if (rows <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < rows) capacity *= 2;
    this.capacity = capacity;
    for (const step of this.growSteps(capacity)) step();
  }

  /** Responses, synthetic responses and the latest submission (ms, −Infinity for none) over the slots `visible` holds (null: all). */
  totals(visible: Uint8Array | null): { responses: number; synthetic: number; latest: number } {
    let latest = -Infinity;
    let synthetic = 0;
    let responses = 0;
    const { perSlot } = this;
    for (let slot = 0; slot < perSlot.responses.length; slot++) {
      if (visible && !visible[slot]) continue;
      responses += perSlot.responses[slot]!;
      latest = Math.max(latest, perSlot.latest[slot]!);
      synthetic += perSlot.synthetic[slot]!;
    }
    return { responses, synthetic, latest };
  }

  private countInSlot(row: number) {
    const slot = this.municipality[row]!;
    this.perSlot.responses[slot]!++;
    if (this.submittedAt[row]! > this.perSlot.latest[slot]!) this.perSlot.latest[slot] = this.submittedAt[row]!;
    this.perSlot.synthetic[slot]! += this.synthetic[row]!;
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
    // Unknown only for a caller that does not say (none in the server): counted as just stored.
    this.storedAt[row] = storedAt === undefined ? Date.now() : Date.parse(storedAt);
    for (const answer of answers) {
      // An inner question's answer marks its dynamic question as answered, and is its own variable's.
      this.innerColumns.get(answer.question)?.set(row);
      const column = this.columns.get(answer.question);
      if (!column) continue;
      switch (column.kind) {
        case 'codes':
        case 'masks':
          column.set(row, answer.value);
          break;
        case 'numbers': {
          const value = answer.num ?? Number(answer.value);
          const sum = column.data[row]!;
          column.set(row, this.totalled.has(answer.question) && !Number.isNaN(sum) ? sum + value : value);
          break;
        }
        case 'ranks':
          column.set(row, answer.value, answer.num ?? 0);
          break;
        case 'presence':
          column.set(row);
          break;
      }
    }
    this.size = row + 1;
    this.countInSlot(row);
    // Within a 32nd of full (32,768 rows at a million): time to grow one array per turn.
    // (Not while a build loads: it made room for its count, and the rows after come from submissions.)
    if (!this.growing && !this.loading && this.size > this.capacity - Math.max(1024, this.capacity / 32)) void this.reserve(this.capacity * 2).catch(() => undefined);
    if (storedAt !== undefined && Date.parse(storedAt) >= Date.now() - 2 * LOOKBACK_MS) this.recent.set(head.id, Date.parse(storedAt));
  }

  /**
   * Loads every response of the survey in one ordered pass: keyset pages by response id, each
   * page's answers read as an id range, and a turn of the event loop between pages so that
   * submissions and health checks are answered while a large survey loads.
   */
  async load(db: Kysely<Database>, scans: Kysely<Database> = db): Promise<void> {
    const started = Date.now();
    this.generation = await deletionGeneration(db, this.surveyId);
    // A count over the whole survey (100 ms at a million on this thread): on the scans' connection.
    this.progress.total = await countResponses(scans, this.surveyId);
    // Room for them all before the first page: doubling as the rows come copies every array about 20 times.
    await this.reserve(this.progress.total);
    this.loading = true;
    try {
      await this.loadPages(db, started);
    } finally {
      this.loading = false;
    }
  }

  private async loadPages(db: Kysely<Database>, started: number): Promise<void> {
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
    const since = new Date(this.caughtUpTo - LOOKBACK_MS).toISOString();
    let appended = 0;
    let after: ResponseHead | null = null;
    // Page by page with a turn of the loop between (responses stored meanwhile come in a later page
    // or the next catch-up; one already appended is skipped by `recent`).
    for (;;) {
      const page = await responsesStoredSince(db, this.surveyId, since, after, CATCH_UP_CHUNK);
      const heads = page.filter((h) => !this.recent.has(h.id));
      if (heads.length > 0) this.appendPage(heads, await answersOf(db, heads.map((h) => h.id)));
      appended += heads.length;
      if (page.length < CATCH_UP_CHUNK) break;
      after = page[page.length - 1]!;
      await yieldToLoop();
    }
    this.caughtUpTo = now;
    for (const [id, at] of this.recent) if (at < now - 2 * LOOKBACK_MS) this.recent.delete(id);
    return appended;
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

  /**
   * The rows held now, as a snapshot's columns and arrays (views of the first `size` rows: rows
   * below `size` never change, so they may be written out while responses are appended).
   */
  saved(): { size: number; completeBefore: number; columns: SavedColumn[]; arrays: (Uint8Array | Uint16Array | Uint32Array | Float64Array)[] } {
    const size = this.size;
    const arrays: (Uint8Array | Uint16Array | Uint32Array | Float64Array)[] = [
      this.ids.subarray(0, size * 16),
      this.municipality.subarray(0, size),
      this.channel.subarray(0, size),
      this.submittedAt.subarray(0, size),
      this.synthetic.subarray(0, size),
      this.storedAt.subarray(0, size),
    ];
    const columns: SavedColumn[] = [];
    for (const [key, column] of this.columns) {
      const parts = column.saved(size);
      columns.push({ key, kind: column.kind, dictionary: 'dictionary' in column ? column.dictionary.values.slice() : [], arrays: parts.length });
      arrays.push(...parts);
    }
    return { size, completeBefore: this.caughtUpTo - LOOKBACK_MS, columns, arrays };
  }

  /**
   * Takes a snapshot's rows (already checked against the survey's definitions and deletion
   * generation), then checks them against the database and tops them up: every response stored
   * before the snapshot's `completeBefore` must be in it (the counts agree; rows are never deleted
   * without the generation changing), the ones it holds from after that must still be there, and
   * those it lacks are read and appended. Throws SnapshotRejected when the database disagrees.
   */
  async restore(db: Kysely<Database>, snapshot: Snapshot, scans: Kysely<Database> = db): Promise<{ toppedUp: number }> {
    const { header, arrays } = snapshot;
    const size = header.size;
    const saved = new Map(header.columns.map((c) => [c.key, c]));
    if (saved.size !== this.columns.size || [...this.columns].some(([key, column]) => saved.get(key)?.kind !== column.kind)) throw new SnapshotRejected('its columns are not the survey\'s');
    const expected = 6 + header.columns.reduce((n, c) => n + c.arrays, 0);
    const types = ['u8', 'u8', 'u8', 'f64', 'u8', 'f64'];
    const lengths = [size * 16, size, size, size, size, size];
    if (arrays.length !== expected || arrays.some((a, i) => (i < 6 ? typeOf(a) !== types[i] || a.length !== lengths[i] : a.length !== size))) throw new SnapshotRejected('its arrays do not fit its size');
    const started = Date.now();
    this.ensure(Math.max(size, 1));
    this.ids.set(arrays[0]!);
    this.municipality.set(arrays[1]!);
    this.channel.set(arrays[2]!);
    this.submittedAt.set(arrays[3]!);
    this.synthetic.set(arrays[4]!);
    this.storedAt.set(arrays[5]!);
    let next = 6;
    for (const [key, column] of this.columns) {
      const savedColumn = saved.get(key)!;
      const parts = arrays.slice(next, next + savedColumn.arrays);
      next += savedColumn.arrays;
      if ('dictionary' in column) for (const value of savedColumn.dictionary) column.dictionary.code(value);
      if (parts.some((p) => typeOf(p) !== ARRAY_TYPE[column.kind]) || (column.kind !== 'masks' && column.kind !== 'ranks' && parts.length !== 1)) throw new SnapshotRejected(`column ${key} has arrays of another type`);
      (column.restore as (arrays: readonly (typeof parts)[number][]) => void)(parts);
    }
    this.size = size;
    for (let row = 0; row < size; row++) this.countInSlot(row);
    this.progress.loaded = size;

    // Against the database: the rows before completeBefore, counted on both sides.
    const completeBefore = header.completeBefore;
    let before = 0;
    const tail = new Set<string>();
    for (let row = 0; row < size; row++) {
      if (this.storedAt[row]! < completeBefore) before++;
      else tail.add(this.idAt(row));
    }
    const inDatabase = await countResponsesStoredBefore(scans, this.surveyId, new Date(completeBefore).toISOString());
    if (inDatabase !== before) throw new SnapshotRejected(`it holds ${before} responses stored before ${new Date(completeBefore).toISOString()}, the database ${inDatabase}`);
    // A few of its older rows by id, spread over the file: a snapshot of another database with the
    // same survey and as many responses fails here.
    const sample = new Set<string>();
    for (let k = 0; k < 16 && size > 0; k++) sample.add(this.idAt(Math.floor(((size - 1) * k) / 15)));
    const known = await findReceipts(db, [...sample]);
    if (known.length !== sample.size || known.some((r) => r.survey_id !== this.surveyId)) throw new SnapshotRejected('some of its responses are not in the database');
    const since: ResponseHead[] = [];
    for (let after: ResponseHead | null = null; ; ) {
      const page = await responsesStoredSince(db, this.surveyId, new Date(completeBefore).toISOString(), after, CATCH_UP_CHUNK);
      since.push(...page);
      if (page.length < CATCH_UP_CHUNK) break;
      after = page[page.length - 1]!;
      await yieldToLoop();
    }
    const found = new Set(since.map((h) => h.id));
    for (const id of tail) if (!found.has(id)) throw new SnapshotRejected(`response ${id} is in it but not in the database`);
    const missing = since.filter((h) => !tail.has(h.id));
    for (let row = 0; row < size; row++) if (this.storedAt[row]! >= started - 2 * LOOKBACK_MS) this.recent.set(this.idAt(row), this.storedAt[row]!);
    await this.appendWithAnswers(db, missing);
    this.progress.total = this.size;
    this.progress.loaded = this.size;
    this.caughtUpTo = started;
    return { toppedUp: missing.length };
  }

  /** Rough bytes held, for the benchmark's memory figures. */
  bytes(): number {
    let total = this.ids.byteLength + this.municipality.byteLength + this.channel.byteLength + this.submittedAt.byteLength + this.synthetic.byteLength + this.storedAt.byteLength;
    for (const c of this.columns.values()) {
      if (c.kind === 'masks') total += c.words.reduce((s, w) => s + w.byteLength, 0);
      else if (c.kind === 'ranks') total += c.positions.reduce((s, p) => s + p.byteLength, 0);
      else total += c.data.byteLength;
    }
    return total;
  }
}
