import type { CodeColumn, MaskColumn, RankColumn } from './columns.ts';
import { CHANNELS, yieldToLoop, type ChannelName, type ResponseIndex } from './response-index.ts';

/**
 * Rows per slice of a pass over the index. A pass over a million rows (a filter, a tally with
 * weights over a multiple choice) took 10–35 ms of the server's thread on a quiet machine, and a
 * request makes several; in slices of this many, with a turn of the loop between, each is a few
 * milliseconds. Smaller indexes are one slice, with no turn at all.
 */
export const SLICE_ROWS = 131_072;

/** Runs `pass(from, to)` over rows [0, size) in slices of SLICE_ROWS, with a turn of the loop between. */
export async function inSlices(size: number, pass: (from: number, to: number) => void): Promise<void> {
  for (let from = 0; from < size; from += SLICE_ROWS) {
    if (from > 0) await yieldToLoop();
    pass(from, Math.min(size, from + SLICE_ROWS));
  }
}

/** Which responses count: filters on closed questions (AND across, OR within), channel, time, place. */
export interface Selection {
  readonly filters: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly channels: readonly ChannelName[] | null;
  /** Submission time bounds in ms since the epoch, inclusive from, exclusive to. */
  readonly from: number | null;
  readonly to: number | null;
  /** Municipality slots (index + 1) a viewer may see; null for everyone else. */
  readonly slots: ReadonlySet<number> | null;
}

export class UnknownFilter extends Error {}

/**
 * 1 for each response the selection keeps (of the rows the index holds when called). Filters name
 * variables; an unknown one is an error, thrown before any row is read.
 */
export async function selectRows(index: ResponseIndex, selection: Selection): Promise<Uint8Array> {
  const size = index.size;
  const keep = new Uint8Array(size).fill(1);
  const passes: ((from: number, to: number) => void)[] = [];
  if (selection.slots) {
    const allowed = new Uint8Array(256);
    for (const s of selection.slots) allowed[s] = 1;
    const municipality = index.municipality;
    passes.push((from, to) => {
      for (let r = from; r < to; r++) if (!allowed[municipality[r]!]) keep[r] = 0;
    });
  }
  if (selection.channels) {
    const allowed = new Uint8Array(CHANNELS.length);
    for (const c of selection.channels) allowed[CHANNELS.indexOf(c)] = 1;
    const channel = index.channel;
    passes.push((from, to) => {
      for (let r = from; r < to; r++) if (!allowed[channel[r]!]) keep[r] = 0;
    });
  }
  if (selection.from !== null || selection.to !== null) {
    const from = selection.from ?? -Infinity;
    const to = selection.to ?? Infinity;
    const submittedAt = index.submittedAt;
    passes.push((a, b) => {
      for (let r = a; r < b; r++) {
        const t = submittedAt[r]!;
        if (t < from || t >= to) keep[r] = 0;
      }
    });
  }
  for (const filter of selection.filters) {
    const column = index.columns.get(filter.key);
    if (!column || (column.kind !== 'codes' && column.kind !== 'masks')) throw new UnknownFilter(filter.key);
    if (column.kind === 'codes') {
      const accepted = new Uint8Array(column.dictionary.values.length + 1);
      for (const v of filter.values) {
        const code = column.dictionary.find(v);
        if (code !== undefined) accepted[code] = 1;
      }
      const data = column.data;
      passes.push((from, to) => {
        for (let r = from; r < to; r++) if (!accepted[data[r]!]) keep[r] = 0;
      });
    } else {
      // A multiple choice matches when any of the wanted options is picked.
      const wanted = column.words.map(() => 0);
      for (const v of filter.values) {
        const code = column.dictionary.find(v);
        if (code !== undefined) wanted[(code - 1) >>> 5]! |= 1 << ((code - 1) & 31);
      }
      const words = column.words;
      passes.push((from, to) => {
        for (let r = from; r < to; r++) {
          if (!keep[r]) continue;
          let hit = false;
          for (let w = 0; w < wanted.length && !hit; w++) if (words[w]![r]! & wanted[w]!) hit = true;
          if (!hit) keep[r] = 0;
        }
      });
    }
  }
  await inSlices(size, (from, to) => {
    for (const pass of passes) pass(from, to);
  });
  return keep;
}

/**
 * Counts per municipality slot (0 = none, 1… the municipalities) and category. `n` is the number
 * of kept responses that answered; with weights, the weighted sums a linearisation variance
 * needs ride along: Σw and Σw² per slot, Σw·y and Σw²·y per slot and category. Weighted sums are
 * kept per publication unit, at the slot `sumSlot` names for each slot (the unit's first): a
 * floating-point sum depends on its order, so sums per municipality added up later would differ in
 * their last bits with how respondents are spread over a unit's hidden members, and tell them apart.
 */
export interface CategoryTally {
  readonly categories: readonly string[];
  readonly slots: number;
  readonly n: Float64Array;
  readonly counts: Float64Array;
  readonly weighted: {
    readonly sumW: Float64Array;
    readonly sumW2: Float64Array;
    readonly countsW: Float64Array;
    readonly countsW2: Float64Array;
  } | null;
}

export async function tallyCategories(
  index: ResponseIndex,
  column: CodeColumn | MaskColumn,
  keep: Uint8Array,
  slots: number,
  weights: Float64Array | null,
  /** Per slot, the slot its weighted sums go to; null: its own. */
  sumSlot: ArrayLike<number> | null = null,
): Promise<CategoryTally> {
  const categories = column.dictionary.values;
  const k = categories.length;
  const n = new Float64Array(slots);
  const counts = new Float64Array(slots * k);
  const weighted = weights
    ? { sumW: new Float64Array(slots), sumW2: new Float64Array(slots), countsW: new Float64Array(slots * k), countsW2: new Float64Array(slots * k) }
    : null;
  const municipality = index.municipality;
  // The rows `keep` covers: rows appended during the turns between slices are not in the selection.
  const size = Math.min(index.size, keep.length);
  if (column.kind === 'codes') {
    const data = column.data;
    await inSlices(size, (from, to) => {
      for (let r = from; r < to; r++) {
        const code = data[r]!;
        if (code === 0 || !keep[r]) continue;
        const slot = municipality[r]!;
        n[slot]!++;
        counts[slot * k + code - 1]!++;
        if (weighted && weights) {
          const w = weights[r]!;
          const at = sumSlot ? sumSlot[slot]! : slot;
          weighted.sumW[at]! += w;
          weighted.sumW2[at]! += w * w;
          weighted.countsW[at * k + code - 1]! += w;
          weighted.countsW2[at * k + code - 1]! += w * w;
        }
      }
    });
  } else {
    const words = column.words;
    await inSlices(size, (from, to) => {
      for (let r = from; r < to; r++) {
        if (!keep[r]) continue;
        let answered = false;
        const slot = municipality[r]!;
        const at = sumSlot ? sumSlot[slot]! : slot;
        const w = weights ? weights[r]! : 0;
        for (let wi = 0; wi < words.length; wi++) {
          let bits = words[wi]![r]!;
          if (bits === 0) continue;
          answered = true;
          while (bits !== 0) {
            const low = bits & -bits;
            const bit = 31 - Math.clz32(low);
            const c = wi * 32 + bit;
            counts[slot * k + c]!++;
            if (weighted) {
              weighted.countsW[at * k + c]! += w;
              weighted.countsW2[at * k + c]! += w * w;
            }
            bits ^= low;
          }
        }
        if (answered) {
          n[slot]!++;
          if (weighted) {
            weighted.sumW[at]! += w;
            weighted.sumW2[at]! += w * w;
          }
        }
      }
    });
  }
  return { categories, slots, n, counts, weighted };
}

/** The numbers answered per slot (for n, mean, quartiles …). */
export async function collectNumbers(index: ResponseIndex, data: Float64Array, keep: Uint8Array, slots: number): Promise<number[][]> {
  const out: number[][] = Array.from({ length: slots }, () => []);
  const municipality = index.municipality;
  await inSlices(Math.min(index.size, keep.length), (from, to) => {
    for (let r = from; r < to; r++) {
      const v = data[r]!;
      if (keep[r] && !Number.isNaN(v)) out[municipality[r]!]!.push(v);
    }
  });
  return out;
}

/** Per slot: how many answered, and per item how many ranked it, how many ranked it first, the sum of its positions. */
export async function tallyRanks(index: ResponseIndex, column: RankColumn, keep: Uint8Array, slots: number) {
  const items = column.dictionary.values;
  const k = items.length;
  const n = new Float64Array(slots);
  const ranked = new Float64Array(slots * k);
  const first = new Float64Array(slots * k);
  const positionSum = new Float64Array(slots * k);
  await inSlices(Math.min(index.size, keep.length), (from, to) => {
    for (let r = from; r < to; r++) {
      if (!keep[r]) continue;
      const slot = index.municipality[r]!;
      let answered = false;
      for (let c = 0; c < k; c++) {
        const p = column.positions[c]![r]!;
        if (p === 0) continue;
        answered = true;
        ranked[slot * k + c]!++;
        positionSum[slot * k + c]! += p;
        if (p === 1) first[slot * k + c]!++;
      }
      if (answered) n[slot]!++;
    }
  });
  return { items, n, ranked, first, positionSum };
}

/** How many answered an open question per slot. */
export async function tallyPresence(index: ResponseIndex, data: Uint8Array, keep: Uint8Array, slots: number): Promise<Float64Array> {
  const n = new Float64Array(slots);
  await inSlices(Math.min(index.size, keep.length), (from, to) => {
    for (let r = from; r < to; r++) if (keep[r] && data[r]) n[index.municipality[r]!]!++;
  });
  return n;
}
