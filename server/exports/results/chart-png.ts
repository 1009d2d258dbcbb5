// The chart's SVG as a PNG, rendered with resvg and the DejaVu fonts bundled as a dependency, so
// the picture is the same on every server whatever fonts its system has.
//
// All of it runs in a worker thread of its own (this module, started on first use and kept; it holds
// the process only while a picture is pending). resvg's renderAsync moved the font parsing and the
// rasterising to libuv's thread pool, but its PNG encoding (`asPng`) stays synchronous: about 200 ms
// of the server's thread for a chart at scale 2 on a loaded machine, the longest pause of a chart
// export in `npm run bench -- loop`. The worker renders and encodes; the bytes come back transferred.
import { createRequire } from 'node:module';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { Resvg } from '@resvg/resvg-js';
import { startModuleWorker } from '../../module-worker.ts';
import { FONT_FAMILY } from './chart-svg.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf')];

interface Task {
  readonly id: number;
  readonly svg: string;
  readonly scale: number;
}
type Reply = { id: number; ok: true; png: Uint8Array } | { id: number; ok: false; message: string };

/** The same renderer on either thread: `scale` 2 gives a picture sharp enough for a slide or a printed page. */
function render(svg: string, scale: number): Uint8Array {
  const image = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  }).render();
  return image.asPng();
}

if (!isMainThread && (workerData as { kuuloChartPng?: boolean } | null)?.kuuloChartPng) {
  parentPort!.on('message', (task: Task) => {
    let reply: Reply;
    try {
      reply = { id: task.id, ok: true, png: render(task.svg, task.scale) };
    } catch (error) {
      reply = { id: task.id, ok: false, message: (error as Error).message };
    }
    parentPort!.postMessage(reply, reply.ok ? [reply.png.buffer as ArrayBuffer] : []);
  });
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }>();

function pngWorker(): Worker {
  if (worker) return worker;
  const started = startModuleWorker(import.meta.url, { workerData: { kuuloChartPng: true } });
  const fail = (error: Error) => {
    if (worker === started) worker = null;
    for (const [, task] of pending) task.reject(error);
    pending.clear();
  };
  started.on('message', (reply: Reply) => {
    const task = pending.get(reply.id);
    if (!task) return;
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if (reply.ok) task.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    else task.reject(new Error(`the chart could not be drawn as PNG: ${reply.message}`));
  });
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the chart picture worker exited with code ${code}`)));
  worker = started;
  return started;
}

export function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const target = pngWorker();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Held while a picture is pending (a command-line export awaiting it must not exit), let go when idle.
    target.ref();
    target.postMessage({ id, svg, scale } satisfies Task);
  });
}
