// Passes over the results index in slices (server/results/tally.ts inSlices): over an index larger
// than one slice, a filter and a tally take turns of the event loop between slices, give exactly what
// one pass over every row gives, and leave out rows appended during those turns (they are not in
// the selection). An index within one slice takes no turn at all.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { loadGeography } from '../../server/geography.ts';
import type { Variable } from '../../server/questions/facets.ts';
import { ResponseIndex } from '../../server/results/response-index.ts';
import { selectRows, SLICE_ROWS, tallyCategories, type Selection } from '../../server/results/tally.ts';
import type { CodeColumn, MaskColumn } from '../../server/results/columns.ts';
import { turnsDuring } from '../helpers/loop.ts';
import { tallyMultiCrosstab } from '../../server/results/crosstab-multi.ts';

const geography = loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
const variable = (key: string, kind: 'single' | 'multi', values: string[]): Variable => ({
  key,
  question: key,
  kind: kind as Variable['kind'],
  title: key,
  subtitle: null,
  categories: values.map((value) => ({ value, label: value, nonSubstantive: false })),
  visibleIf: null,
  page: null,
});
const AGES = ['a', 'b', 'c', 'd'];
const OPTIONS = ['x', 'y', 'z'];

/** An index of `size` rows with a single choice and a multiple choice, answered in a fixed pattern. */
function indexOf(size: number): ResponseIndex {
  const index = new ResponseIndex('s', new Map([['ika', variable('ika', 'single', AGES)], ['valinnat', variable('valinnat', 'multi', OPTIONS)]]), geography);
  for (let r = 0; r < size; r++) {
    const answers = [{ question: 'ika', value: AGES[r % 4]!, num: null }];
    for (let o = 0; o < 3; o++) if ((r >> o) % 3 === 0) answers.push({ question: 'valinnat', value: OPTIONS[o]!, num: null });
    append(index, r, answers);
  }
  return index;
}

function append(index: ResponseIndex, r: number, answers: { question: string; value: string; num: null }[]) {
  const municipality = geography.municipalities[r % geography.municipalities.length]!.code;
  index.append({ id: `00000000-0000-4000-8000-${String(r).padStart(12, '0')}`, municipality_code: municipality, channel: 'web', submitted_at: new Date(1_700_000_000_000 + r * 1000).toISOString(), synthetic: 0 }, answers);
}

const selection: Selection = { filters: [{ key: 'ika', values: ['a', 'c'] }, { key: 'valinnat', values: ['y'] }], channels: null, from: 1_700_000_000_000 + 5000 * 1000, to: null, slots: new Set([1, 2, 3, 5, 8, 13, 21]) };

/** The same selection in one plain pass, row by row. */
function expectedKeep(index: ResponseIndex): Uint8Array {
  const ika = index.columns.get('ika') as CodeColumn;
  const valinnat = index.columns.get('valinnat') as MaskColumn;
  const keep = new Uint8Array(index.size);
  const y = 1 << (valinnat.dictionary.find('y')! - 1);
  for (let r = 0; r < index.size; r++) {
    const age = ika.dictionary.values[ika.data[r]! - 1];
    keep[r] = selection.slots!.has(index.municipality[r]!) && index.submittedAt[r]! >= selection.from! && (age === 'a' || age === 'c') && (valinnat.words[0]![r]! & y) !== 0 ? 1 : 0;
  }
  return keep;
}

describe('passes over the index in slices', () => {
  const size = Math.round(2.5 * SLICE_ROWS);
  const index = indexOf(size);

  it('filter over three slices with turns of the loop between, as one plain pass does', async () => {
    const { result: keep, turns } = await turnsDuring(() => selectRows(index, selection));
    expect(turns).toBeGreaterThanOrEqual(2);
    const expected = expectedKeep(index);
    expect(keep.length).toBe(size);
    expect(Buffer.from(keep).equals(Buffer.from(expected))).toBe(true);
    expect(expected.reduce((s, k) => s + k, 0)).toBeGreaterThan(1000);
  });

  it('tally over slices as one plain pass does, leaving out rows appended during the turns', async () => {
    const keep = await selectRows(index, { filters: [], channels: null, from: null, to: null, slots: null });
    const column = index.columns.get('valinnat') as MaskColumn;
    const slots = geography.municipalities.length + 1;
    const before = index.size;
    const appending = (async () => {
      // Rows arriving while the tally takes its turns: not in `keep`, so not counted.
      for (let i = 0; i < 50; i++) {
        append(index, before + i, [{ question: 'valinnat', value: 'x', num: null }]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const { result: tally, turns } = await turnsDuring(() => tallyCategories(index, column, keep, slots, null));
    await appending;
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(index.size).toBe(before + 50);
    const counts = new Float64Array(slots * 3);
    const n = new Float64Array(slots);
    for (let r = 0; r < before; r++) {
      const bits = column.words[0]![r]!;
      if (bits === 0) continue;
      n[index.municipality[r]!]!++;
      for (let c = 0; c < 3; c++) if (bits & (1 << c)) counts[index.municipality[r]! * 3 + c]!++;
    }
    expect([...tally.n]).toEqual([...n]);
    expect([...tally.counts]).toEqual([...counts]);
  });

  it('cross-tabulate a multiple choice by a single choice over slices as one plain pass does', async () => {
    const keep = await selectRows(index, { filters: [], channels: null, from: null, to: null, slots: null });
    const inGroup = new Uint8Array(256).fill(1);
    const ika = index.columns.get('ika') as CodeColumn;
    const valinnat = index.columns.get('valinnat') as MaskColumn;
    const { result, turns } = await turnsDuring(() => tallyMultiCrosstab(index, valinnat, OPTIONS, ika, AGES, keep, inGroup));
    expect(turns).toBeGreaterThanOrEqual(2);
    const counts = OPTIONS.map(() => AGES.map(() => 0));
    const totals = AGES.map(() => 0);
    for (let r = 0; r < keep.length; r++) {
      const j = AGES.indexOf(ika.dictionary.values[ika.data[r]! - 1]!);
      if (j < 0) continue;
      let any = false;
      OPTIONS.forEach((o, k) => {
        if (valinnat.words[0]![r]! & (1 << (valinnat.dictionary.find(o)! - 1))) {
          counts[k]![j]!++;
          any = true;
        }
      });
      if (any) totals[j]!++;
    }
    expect(result).toEqual({ counts, totals });
  });

  it('take no turn over an index within one slice', async () => {
    const small = indexOf(1000);
    const { result: keep, turns } = await turnsDuring(() => selectRows(small, selection));
    expect(turns).toBe(0);
    expect(Buffer.from(keep).equals(Buffer.from(expectedKeep(small)))).toBe(true);
  });
});
