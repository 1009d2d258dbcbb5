/**
 * A worker thread running one of the server's own modules, the same way from the compiled build
 * (`node dist/server/…`, plain JavaScript) and from the sources (tests, `tsx`). From the sources the
 * worker must register tsx's loader before it can import TypeScript: Node 20 does not pass a
 * parent's loader on to a worker.
 *
 * And the one way the server hands long work to such a worker (`TaskWorker` on the server's thread,
 * `serveTasks` in the worker): tasks by id, one worker started on first use and kept, started again
 * after it died, holding the process only while a task is pending. Written here rather than with a
 * pool library: the tasks run one after another by design (two cores; the server's thread is the
 * other), and the replies must come back as the callers' own error classes.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, workerData, Worker, type WorkerOptions } from 'node:worker_threads';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts a worker on the module at `moduleUrl` (its `import.meta.url`). */
export function startModuleWorker(moduleUrl: string, options: WorkerOptions = {}): Worker {
  const file = fileURLToPath(moduleUrl);
  if (file.endsWith('.js')) return new Worker(file, options);
  const tsx = pathToFileURL(path.join(projectRoot, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  const source = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(moduleUrl)}); })()`;
  return new Worker(source, { ...options, eval: true });
}

/** A task's failure as it crosses the thread: its class name, message and the fields the caller's error class needs. */
export interface TaskError {
  readonly name: string;
  readonly message: string;
  readonly fields?: Record<string, string>;
}

type TaskMessage = { id: number; kind: string; input: unknown };
type TaskReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: TaskError };

/** What a handler gives back: the result, and the buffers in it to transfer rather than copy. */
export interface Handled {
  readonly result: unknown;
  readonly transfer?: ArrayBuffer[];
}

/**
 * In the worker: answers the tasks of `tag`'s TaskWorker with `handlers` (by task kind), one at a
 * time. `describe` turns a thrown error into what crosses back (by default its name and message).
 * Does nothing on the server's thread or in a worker started for another tag, so a module can hold
 * both sides.
 */
export function serveTasks(tag: string, handlers: Record<string, (input: never) => Handled | Promise<Handled>>, describe: (error: unknown) => TaskError = describeError): void {
  if (isMainThread || (workerData as { kuuloTasks?: string } | null)?.kuuloTasks !== tag) return;
  // One at a time: a handler that awaits must not let the next task start beside it.
  let queue = Promise.resolve();
  parentPort!.on('message', (task: TaskMessage) => {
    queue = queue.then(async () => {
      let reply: TaskReply;
      let transfer: ArrayBuffer[] = [];
      try {
        const handler = handlers[task.kind];
        if (!handler) throw new Error(`no task '${task.kind}'`);
        const handled = await handler(task.input as never);
        reply = { id: task.id, ok: true, result: handled.result };
        transfer = handled.transfer ?? [];
      } catch (error) {
        reply = { id: task.id, ok: false, error: describe(error) };
      }
      parentPort!.postMessage(reply, transfer);
    });
  });
}

function describeError(error: unknown): TaskError {
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}

/** On the server's thread: runs tasks in the worker on `moduleUrl` that called `serveTasks(tag, …)`. */
export class TaskWorker {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private held: TaskReply[] | null = null;
  /** Tasks handed to the worker since the process started, by kind. */
  readonly started: Record<string, number> = {};

  constructor(
    private readonly moduleUrl: string,
    private readonly tag: string,
    /** The worker's name in errors ("the chart picture worker"). */
    private readonly name: string,
    /** A failed task's error as the caller's own class (by default an Error with the message). */
    private readonly toError: (error: TaskError) => Error = (e) => new Error(e.message),
  ) {}

  /** Tasks still waiting for their reply. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Runs `kind` on `input` in the worker; `transfer`'s buffers move to it (unusable here after). */
  run<T>(kind: string, input: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    const target = this.start();
    const id = this.nextId++;
    this.started[kind] = (this.started[kind] ?? 0) + 1;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Held while a task is pending (a command-line export awaiting it must not exit), let go when idle.
      target.ref();
      target.postMessage({ id, kind, input } satisfies TaskMessage, transfer);
    });
  }

  /**
   * Holds the worker's replies until the returned function is called (for the tests: a task still
   * running when a second request arrives, however fast the machine). Replies wait in order.
   */
  hold(): () => void {
    this.held ??= [];
    return () => {
      const replies = this.held ?? [];
      this.held = null;
      for (const reply of replies) this.settle(reply);
    };
  }

  /** The worker, started when first needed (and again after one died). */
  private start(): Worker {
    if (this.worker) return this.worker;
    const started = startModuleWorker(this.moduleUrl, { workerData: { kuuloTasks: this.tag } });
    const fail = (error: Error) => {
      if (this.worker === started) this.worker = null;
      for (const [, task] of this.pending) task.reject(error);
      this.pending.clear();
    };
    started.on('message', (reply: TaskReply) => {
      if (this.held) this.held.push(reply);
      else this.settle(reply);
    });
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`${this.name} exited with code ${code}`)));
    this.worker = started;
    return started;
  }

  private settle(reply: TaskReply): void {
    const task = this.pending.get(reply.id);
    if (!task) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) task.resolve(reply.result);
    else task.reject(this.toError(reply.error));
  }
}
