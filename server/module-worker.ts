/**
 * A worker thread running one of the server's own modules, the same way from the compiled build
 * (`node dist/server/…`, plain JavaScript) and from the sources (tests, `tsx`). From the sources the
 * worker must register tsx's loader before it can import TypeScript: Node 20 does not pass a
 * parent's loader on to a worker.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts a worker on the module at `moduleUrl` (its `import.meta.url`). */
export function startModuleWorker(moduleUrl: string, options: WorkerOptions = {}): Worker {
  const file = fileURLToPath(moduleUrl);
  if (file.endsWith('.js')) return new Worker(file, options);
  const tsx = pathToFileURL(path.join(projectRoot, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  const source = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(moduleUrl)}); })()`;
  return new Worker(source, { ...options, eval: true });
}
