/**
 * The loop benchmark's residents (test/bench/loop.ts), in a worker thread of their own: they make up
 * answers with the demo generator, write them as JSON and send them over HTTP, all of which is
 * client work. Run on the server's thread, as they were first, their own pauses (the generator's
 * planning, undici's parsing) were counted as the server's. The main thread pauses and resumes them
 * and reads their counts through shared memory, without a message round trip.
 */
import crypto from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startModuleWorker } from '../../server/module-worker.ts';

/** Slots of the shared counters. */
const PAUSED = 0;
const STOPPED = 1;
const SUBMITTED = 2;
const FAILED = 3;

interface SendersData {
  readonly kuuloLoopSenders: true;
  readonly base: string;
  readonly survey: string;
  readonly version: number;
  readonly senders: number;
  readonly shared: SharedArrayBuffer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(data: SendersData): Promise<void> {
  const state = new Int32Array(data.shared);
  const { residentResponses } = await import('../../tools/demo/index.ts');
  // Planned up front (planning is the generator's first step, seconds at a million), then reused round.
  const PLANNED = 50_000;
  let generated = residentResponses({ seed: 4242, count: PLANNED });
  let next = generated.next();
  const sender = async () => {
    while (Atomics.load(state, STOPPED) === 0) {
      if (Atomics.load(state, PAUSED) === 1) {
        await sleep(5);
        continue;
      }
      if (next.done) {
        generated = residentResponses({ seed: 4242, count: PLANNED });
        next = generated.next();
      }
      const r = next.value;
      next = generated.next();
      try {
        const res = await fetch(`${data.base}/api/surveys/${data.survey}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: crypto.randomUUID(), version: data.version, data: r.data, locale: r.locale }),
        });
        await res.arrayBuffer();
        Atomics.add(state, res.status === 201 ? SUBMITTED : FAILED, 1);
      } catch {
        // A connection reset (a kept-alive socket closed by the server as it was reused): counted, not fatal.
        Atomics.add(state, FAILED, 1);
      }
    }
  };
  await Promise.all(Array.from({ length: data.senders }, sender));
  parentPort!.postMessage('stopped');
}

if (!isMainThread && (workerData as Partial<SendersData> | null)?.kuuloLoopSenders) void run(workerData as SendersData);

export interface Senders {
  /** Answers stored (201) and not stored so far. */
  counts(): { submitted: number; failed: number };
  pause(paused: boolean): void;
  stop(): Promise<void>;
}

/** Starts `senders` residents answering `survey` on the server at `base`, in a worker thread. */
export function startSenders(base: string, survey: string, version: number, senders: number): Senders {
  const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(shared);
  const workerData: SendersData = { kuuloLoopSenders: true, base, survey, version, senders, shared };
  const worker = startModuleWorker(import.meta.url, { workerData });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', () => resolve());
  });
  return {
    counts: () => ({ submitted: Atomics.load(state, SUBMITTED), failed: Atomics.load(state, FAILED) }),
    pause: (paused) => void Atomics.store(state, PAUSED, paused ? 1 : 0),
    stop: async () => {
      Atomics.store(state, STOPPED, 1);
      await done;
      await worker.terminate();
    },
  };
}
