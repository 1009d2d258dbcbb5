/**
 * Typed-array columns of an in-memory results index, one per variable. A per-request SQL or JSON
 * scan over a million responses takes seconds; counting over typed arrays takes milliseconds, so
 * the results API counts here and the database stays the source of truth (see response-index.ts).
 * Written by hand because no maintained columnar library for Node does incremental appends with
 * per-row bitmasks for multiple choice; the code is small and tested against SQL GROUP BYs.
 */

/** Category values get codes 1, 2, …; 0 means "not answered". */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      this.values.push(value);
      code = this.values.length;
      this.codes.set(value, code);
    }
    return code;
  }

  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(array: T, capacity: number, fill?: number): T {
  if (array.length >= capacity) return array;
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

/** One category per response (single choice, boolean, rating, a matrix row). */
export class CodeColumn {
  readonly kind = 'codes';
  readonly dictionary = new Dictionary();
  data: Uint16Array;
  constructor(capacity: number) {
    this.data = new Uint16Array(capacity);
  }
  ensure(capacity: number) {
    this.data = grow(this.data, capacity);
  }
  set(row: number, value: string) {
    this.data[row] = this.dictionary.code(value);
  }
  saved(size: number): Uint16Array[] {
    return [this.data.subarray(0, size)];
  }
  restore(arrays: readonly Uint16Array[]) {
    this.data.set(arrays[0]!);
  }
}

/** Any number of categories per response (multiple choice): one bit per category in 32-bit words. */
export class MaskColumn {
  readonly kind = 'masks';
  readonly dictionary = new Dictionary();
  words: Uint32Array[] = [];
  private capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }
  ensure(capacity: number) {
    this.capacity = Math.max(this.capacity, capacity);
    this.words = this.words.map((w) => grow(w, capacity));
  }
  set(row: number, value: string) {
    const bit = this.dictionary.code(value) - 1;
    const word = bit >>> 5;
    while (this.words.length <= word) this.words.push(new Uint32Array(this.capacity));
    this.words[word]![row]! |= 1 << (bit & 31);
  }
  answered(row: number): boolean {
    for (const w of this.words) if (w[row] !== 0) return true;
    return false;
  }
  saved(size: number): Uint32Array[] {
    return this.words.map((w) => w.subarray(0, size));
  }
  restore(arrays: readonly Uint32Array[]) {
    this.words = arrays.map((saved) => {
      const words = new Uint32Array(this.capacity);
      words.set(saved);
      return words;
    });
  }
}

/** A number per response; NaN when not answered. */
export class NumberColumn {
  readonly kind = 'numbers';
  data: Float64Array;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity).fill(NaN);
  }
  ensure(capacity: number) {
    this.data = grow(this.data, capacity, NaN);
  }
  set(row: number, value: number) {
    this.data[row] = value;
  }
  saved(size: number): Float64Array[] {
    return [this.data.subarray(0, size)];
  }
  restore(arrays: readonly Float64Array[]) {
    this.data.set(arrays[0]!);
  }
}

/** Ranked items: per item, its position (1 = first; 0 = not ranked). */
export class RankColumn {
  readonly kind = 'ranks';
  readonly dictionary = new Dictionary();
  positions: Uint8Array[] = [];
  private capacity: number;
  constructor(capacity: number) {
    this.capacity = capacity;
  }
  ensure(capacity: number) {
    this.capacity = Math.max(this.capacity, capacity);
    this.positions = this.positions.map((p) => grow(p, capacity));
  }
  set(row: number, item: string, position: number) {
    const code = this.dictionary.code(item) - 1;
    while (this.positions.length <= code) this.positions.push(new Uint8Array(this.capacity));
    this.positions[code]![row] = Math.min(255, Math.max(0, Math.round(position)));
  }
  answered(row: number): boolean {
    for (const p of this.positions) if (p[row] !== 0) return true;
    return false;
  }
  saved(size: number): Uint8Array[] {
    return this.positions.map((p) => p.subarray(0, size));
  }
  restore(arrays: readonly Uint8Array[]) {
    this.positions = arrays.map((saved) => {
      const positions = new Uint8Array(this.capacity);
      positions.set(saved);
      return positions;
    });
  }
}

/** Open text: only whether it was answered (the texts stay in the database). */
export class PresenceColumn {
  readonly kind = 'presence';
  data: Uint8Array;
  constructor(capacity: number) {
    this.data = new Uint8Array(capacity);
  }
  ensure(capacity: number) {
    this.data = grow(this.data, capacity);
  }
  set(row: number) {
    this.data[row] = 1;
  }
  saved(size: number): Uint8Array[] {
    return [this.data.subarray(0, size)];
  }
  restore(arrays: readonly Uint8Array[]) {
    this.data.set(arrays[0]!);
  }
}

export type Column = CodeColumn | MaskColumn | NumberColumn | RankColumn | PresenceColumn;

export { grow };
