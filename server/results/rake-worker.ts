/**
 * The weighting's arithmetic in a worker thread: raking (with the calibrated design over its cells)
 * and the calibrated Rao–Scott test of a cross-tabulation. rakeWeights sweeps every respondent until
 * the margins are met: at a million responses that is seconds of arithmetic, which on the server's
 * own thread would stop every other request (submissions included) for as long; the Rao–Scott test
 * solves the calibration model once per table cell over every weighting cell (about 100 ms at
 * 50,000 responses, a CPU profile of `npm run bench -- loop` found). The respondents cross as typed
 * arrays of category numbers (cheap to transfer), the weights come back as one Float64Array. The
 * same functions run on the same numbers (structured clone keeps every double), so the figures are
 * the ones the server's thread would compute.
 *
 * One worker, started on first use and kept: a worker's start (module loading) would otherwise be
 * added to every weighted cross-tab. Tasks run one after another in it; it keeps the process alive
 * only while a task is pending.
 */
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { calibratedCellDesign, calibratedRaoScottFromCells, type CalibratedCellDesign } from '../../analysis/calibrated-design.ts';
import type { RaoScottResult } from '../../analysis/rao-scott-chi-square.ts';
import { rakeWeights, type Margin, type RakeOptions, type RakeResult } from '../../analysis/rake-weights.ts';
import { serveTasks, TaskWorker } from '../module-worker.ts';

export interface RakeInput {
  /** Per margin variable: the category of each respondent as an index into `categories`, −1 when missing. */
  readonly codes: Record<string, Int32Array>;
  readonly categories: Record<string, readonly string[]>;
  readonly margins: readonly Margin[];
  readonly options: RakeOptions;
  /**
   * Per respondent, a number the weighting cells are further split by (the municipality slot, so a
   * cell never spans two municipalities even when a margin is by publication unit).
   */
  readonly split?: Int32Array;
}

/**
 * Respondents with the same category on every margin (and the same `split`): raking from equal
 * weights gives them one weight, so the calibrated variance is a sum over these cells.
 */
export interface WeightingCell {
  readonly split: number;
  /** The cell's category on each margin, as an index into `categories`, in `codes`' key order. */
  readonly codes: readonly number[];
  readonly weight: number;
  readonly size: number;
}

/**
 * rakeWeights' result with the weights as a Float64Array (NaN where rakeWeights gave null), the
 * weighting cells, and the calibrated design over them (calibratedCellDesign, cells in the same order).
 */
export type RakeOutput = Omit<RakeResult, 'weights'> & { weights: Float64Array; cellOf: Int32Array; cells: WeightingCell[]; design: CalibratedCellDesign };

function rake(input: RakeInput): RakeOutput {
  const variables = Object.keys(input.codes);
  const size = variables.length === 0 ? 0 : input.codes[variables[0]!]!.length;
  const respondents: Record<string, string | null>[] = new Array(size);
  for (let r = 0; r < size; r++) {
    const respondent: Record<string, string | null> = {};
    for (const v of variables) {
      const code = input.codes[v]![r]!;
      respondent[v] = code < 0 ? null : input.categories[v]![code]!;
    }
    respondents[r] = respondent;
  }
  const raked = rakeWeights(respondents, input.margins, input.options);
  const weights = new Float64Array(size);
  raked.weights.forEach((w, i) => (weights[i] = w ?? NaN));
  // The cells, numbered in order of first appearance; −1 for a respondent left out of the weighting.
  const cellOf = new Int32Array(size).fill(-1);
  const cells: { split: number; codes: number[]; weight: number; size: number }[] = [];
  const ids = new Map<number, number>();
  const widths = variables.map((v) => input.categories[v]!.length + 1);
  for (let r = 0; r < size; r++) {
    if (Number.isNaN(weights[r]!)) continue;
    let key = input.split ? input.split[r]! : 0;
    for (let v = 0; v < variables.length; v++) key = key * widths[v]! + input.codes[variables[v]!]![r]!;
    let id = ids.get(key);
    if (id === undefined) {
      id = cells.length;
      ids.set(key, id);
      cells.push({ split: input.split ? input.split[r]! : 0, codes: variables.map((v) => input.codes[v]![r]!), weight: weights[r]!, size: 0 });
    }
    cells[id]!.size++;
    cellOf[r] = id;
  }
  const design = calibratedCellDesign(cells.map((c) => ({ categories: c.codes.map((k, v) => input.categories[variables[v]!]![k]!), weight: c.weight, size: c.size })));
  return { ...raked, weights, cellOf, cells, design };
}

/** The calibrated Rao–Scott test's input: the design and, per design cell and table cell, the respondents (calibratedRaoScottFromCells). */
export interface RaoScottInput {
  readonly design: CalibratedCellDesign;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly counts: Float64Array;
}

const TAG = 'analysis';

// In the worker: the two tasks. An InvalidInputError crosses as its function's name and message, so
// the caller gets the same error (and its 400) as the server's thread would have thrown.
serveTasks(
  TAG,
  {
    rake: (input: RakeInput) => {
      const result = rake(input);
      return { result, transfer: [result.weights.buffer as ArrayBuffer, result.cellOf.buffer as ArrayBuffer] };
    },
    raoScott: ({ design, rows, columns, counts }: RaoScottInput) => ({ result: calibratedRaoScottFromCells(design, { rows, columns, counts }) }),
  },
  (error) =>
    error instanceof InvalidInputError
      ? { name: 'InvalidInputError', message: error.message.slice(error.fn.length + 2), fields: { fn: error.fn } }
      : { name: 'Error', message: (error as Error).message },
);

const analysis = new TaskWorker(import.meta.url, TAG, 'the analysis worker', (e) => (e.name === 'InvalidInputError' ? new InvalidInputError(e.fields!.fn!, e.message) : new Error(e.message)));

/** Tasks handed to the worker since the process started, by kind, and how many are pending (for the tests). */
export function analysisTasks(): { rake: number; raoScott: number; pending: number } {
  return { rake: analysis.started.rake ?? 0, raoScott: analysis.started.raoScott ?? 0, pending: analysis.waiting };
}

/**
 * Holds the worker's replies until the returned function is called (for the tests: a rake that is
 * still running when a second request arrives, however fast the machine). Replies wait in order.
 */
export function holdAnalysisReplies(): () => void {
  return analysis.hold();
}

/** rakeWeights (and the cells' calibrated design) in the worker; rejects with InvalidInputError as rakeWeights or calibratedCellDesign would throw it. The input's arrays are transferred. */
export function rakeInWorker(input: RakeInput): Promise<RakeOutput> {
  const transfer = [...Object.values(input.codes), ...(input.split ? [input.split] : [])].map((c) => c.buffer as ArrayBuffer);
  return analysis.run<RakeOutput>('rake', input, transfer);
}

/** calibratedRaoScottFromCells in the worker; rejects with InvalidInputError as it would throw it. `counts` is transferred. */
export function raoScottInWorker(input: RaoScottInput): Promise<RaoScottResult> {
  return analysis.run<RaoScottResult>('raoScott', input, [input.counts.buffer as ArrayBuffer]);
}
