import { describe, expect, it } from 'vitest';
import type { ChartModel, ChartSeries } from '../../chart/model.ts';
import { BARS_PER_CHART, chartChunks } from '../../server/exports/results/deck.ts';
import { pickQuotes } from '../../server/results/quotes.ts';
import type { ExportView } from '../../server/exports/results/view.ts';

const series = (key: string, answers: number): ChartSeries => ({
  key,
  level: 'municipality',
  label: key,
  n: 100,
  weightedN: null,
  hidden: null,
  bars: Array.from({ length: answers }, (_, i) => ({ value: `a${i}`, label: `A${i}`, percent: 10, interval: null, count: 10, hidden: null })),
});
const viewOf = (groups: number, answers: number) =>
  ({ chart: { series: Array.from({ length: groups }, (_, g) => series(`g${g}`, answers)) } as unknown as ChartModel }) as unknown as ExportView;

describe('a deck’s charts', () => {
  it('keep three groups on one chart when their bars fit', () => {
    const chunks = chartChunks(viewOf(3, 5));
    expect(chunks.map((c) => c.map((s) => s.key))).toEqual([['g0', 'g1', 'g2']]);
  });

  it('split a crowded comparison by group, evenly, every answer on each', () => {
    const chunks = chartChunks(viewOf(3, 19));
    expect(chunks.map((c) => c.map((s) => s.key))).toEqual([['g0'], ['g1'], ['g2']]);
    for (const c of chunks) expect(c[0]!.bars).toHaveLength(19);
    // Two groups of ten fit a chart (20 bars): three groups make two slides.
    expect(chartChunks(viewOf(3, 10)).map((c) => c.length)).toEqual([2, 1]);
    // Four of five fit (20 bars), but five groups go three and two, not four and one.
    expect(chartChunks(viewOf(5, 5)).map((c) => c.length)).toEqual([3, 2]);
    for (const c of chartChunks(viewOf(5, 7))) expect(c.length * 7).toBeLessThanOrEqual(BARS_PER_CHART);
  });

  it('split one group’s answers in parts when even they are too many', () => {
    const chunks = chartChunks(viewOf(1, 30));
    expect(chunks).toHaveLength(2);
    expect(chunks.map((c) => c[0]!.bars.length)).toEqual([15, 15]);
    expect(chunks.flatMap((c) => c[0]!.bars.map((b) => b.value))).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`));
  });
});

describe('the quotes of an open question', () => {
  it('are distinct whatever their case and punctuation, and not repeated from another group', () => {
    const said = new Set<string>();
    const first = pickQuotes(['Lisää bussivuoroja!', 'lisää bussivuoroja', 'Kirjasto auki pidempään', 'Uimahalli kuntoon'], 3, said);
    expect(first).toEqual(['Lisää bussivuoroja!', 'Kirjasto auki pidempään', 'Uimahalli kuntoon']);
    const second = pickQuotes(['LISÄÄ BUSSIVUOROJA.', 'Parempi katuvalaistus', 'Uimahalli kuntoon'], 3, said);
    expect(second).toEqual(['Parempi katuvalaistus']);
  });

  it('spread over the answers instead of taking the newest few, preferring more than one word', () => {
    const answers = ['ok', ...Array.from({ length: 12 }, (_, i) => `vastaus numero ${i}`)];
    const chosen = pickQuotes(answers, 3, new Set());
    expect(chosen).toEqual(['vastaus numero 0', 'vastaus numero 4', 'vastaus numero 8']);
  });
});
