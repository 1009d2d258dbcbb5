/**
 * Raking in a worker thread. rakeWeights sweeps every respondent until the margins are met: at a
 * million responses that is seconds of arithmetic, which on the server's own thread would stop
 * every other request (submissions included) for as long. The respondents cross as typed arrays of
 * category numbers (cheap to transfer), the weights come back as one Float64Array.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { rakeWeights, type Margin, type RakeOptions, type RakeResult } from '../../analysis/rake-weights.ts';

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

/** rakeWeights' result with the weights as a Float64Array (NaN where rakeWeights gave null), and the weighting cells. */
export type RakeOutput = Omit<RakeResult, 'weights'> & { weights: Float64Array; cellOf: Int32Array; cells: WeightingCell[] };

type Reply = { ok: true; result: RakeOutput } | { ok: false; invalid: boolean; fn: string; message: string };

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
  return { ...raked, weights, cellOf, cells };
}

if (!isMainThread && (workerData as { kuuloRake?: boolean } | null)?.kuuloRake) {
  parentPort!.once('message', (input: RakeInput) => {
    let reply: Reply;
    try {
      reply = { ok: true, result: rake(input) };
    } catch (error) {
      reply = error instanceof InvalidInputError ? { ok: false, invalid: true, fn: error.fn, message: error.message.slice(error.fn.length + 2) } : { ok: false, invalid: false, fn: '', message: (error as Error).message };
    }
    parentPort!.postMessage(reply, reply.ok ? [reply.result.weights.buffer as ArrayBuffer, reply.result.cellOf.buffer as ArrayBuffer] : []);
  });
}

const self = fileURLToPath(import.meta.url);

function startWorker(): Worker {
  const options = { workerData: { kuuloRake: true } };
  // The compiled build runs this very file as plain JavaScript; from sources (tests, tsx) the worker
  // needs tsx's loader registered before it can import TypeScript (Node 20 does not pass a
  // parent's loader on to a worker).
  if (self.endsWith('.js')) return new Worker(self, options);
  const tsx = pathToFileURL(path.join(path.dirname(self), '../../node_modules/tsx/dist/esm/api/index.mjs')).href;
  const source = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(pathToFileURL(self).href)}); })()`;
  return new Worker(source, { ...options, eval: true });
}

/** rakeWeights run in a worker thread of its own; rejects with InvalidInputError as rakeWeights would throw it. */
export function rakeInWorker(input: RakeInput): Promise<RakeOutput> {
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (reply: Reply) =>
      settle(() => (reply.ok ? resolve(reply.result) : reject(reply.invalid ? new InvalidInputError(reply.fn, reply.message) : new Error(reply.message)))),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the raking worker exited with code ${code}`))));
    const transfer = [...Object.values(input.codes), ...(input.split ? [input.split] : [])].map((c) => c.buffer as ArrayBuffer);
    worker.postMessage(input, transfer);
  });
}
