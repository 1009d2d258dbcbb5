/**
 * SQLite with its writes on a thread of their own. better-sqlite3 answers on the calling thread,
 * and with synchronous=FULL every COMMIT waits for the disk (the WAL's fsync, and now and then a
 * checkpoint's): on the server's thread those waits stopped every request, timer and index slice
 * for as long (a CPU profile under submissions put most of the server thread's SQLite time in
 * COMMIT). Here one connection in a worker thread runs every transaction and every statement that
 * writes, and a second connection on the server's thread runs the reads outside transactions: WAL
 * lets a reader see the last committed state while the writer works, so reads neither wait for a
 * batch nor block it.
 *
 * Written by hand because no maintained Kysely dialect does this split: kysely's own SqliteDialect
 * runs everything on one synchronous connection on the calling thread, and the worker-based SQLite
 * drivers on npm run all statements (reads too) through one worker, so every read of the results
 * index build would be copied across threads.
 *
 * What stays as before: one writer, transactions one at a time in the order they begin (the
 * writer's lock is held from BEGIN to COMMIT, as kysely's single-connection mutex did); a statement
 * inside a transaction runs on the writer, so the transaction sees its own writes; a write outside
 * a transaction is its own transaction on the writer; an answer (and so an acknowledgement) comes
 * after the writer's COMMIT returned, so after the fsync.
 *
 * And one thing more: a batch of group commit's procedures (db/procedure.ts) runs on the writer's
 * thread whole, its BEGIN, savepoints, statements and COMMIT, in one message there and one back.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import { LRUCache } from 'lru-cache';
import type { CrossedError, ProcedureCall, ProcedureOutcome, ProcedureRunner } from './procedure.ts';

const require = createRequire(import.meta.url);
// From the sources (tests, tsx) the writer's thread needs tsx's loader to import a procedure's
// module; the build (plain node, no tsx installed) imports JavaScript.
const TSX_LOADER = import.meta.url.endsWith('.ts') ? pathToFileURL(path.join(path.dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href : null;

/** The pragmas both connections set: WAL, FULL syncs (an acknowledged answer survives a power cut), foreign keys, and a wait on a lock held by another process. */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 5000'] as const;

// The worker's code, plain JavaScript run with `eval`: it needs nothing of ours but better-sqlite3
// (passed as a resolved path), so it runs the same from the sources under tsx and from dist/ on
// plain node, without a TypeScript loader in the worker. Only a procedure (group commit's) brings
// our code: its module, imported when first called, with Kysely and, from the sources, tsx's loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
let db;
let opened;
try {
  db = new SQLite(workerData.file);
  for (const p of workerData.pragmas) db.pragma(p);
} catch (error) {
  opened = error;
}
const statements = new Map();
const prepare = (text) => {
  let statement = statements.get(text);
  if (!statement) {
    // Bounded: \`in (?, ?, …)\` lists make many distinct texts.
    if (statements.size >= 1000) statements.clear();
    statement = db.prepare(text);
    statements.set(text, statement);
  }
  return statement;
};
const statement = (m) => {
  const statement = prepare(m.sql);
  if (statement.reader) return { id: m.id, rows: statement.all(m.parameters) };
  const { changes, lastInsertRowid } = statement.run(m.parameters);
  return { id: m.id, changes, lastInsertRowid };
};

// Procedures (db/procedure.ts): their modules are imported on first use (from the sources,
// after registering tsx's loader, as module-worker.ts does), and they run on a Kysely of this
// thread's connection, its statements prepared once.
const modules = new Map();
let loader = null;
let kysely = null;
const procedureOf = async (call) => {
  let exports = modules.get(call.module);
  if (!exports) {
    if (call.module.endsWith('.ts')) {
      loader ??= import(workerData.tsx).then((api) => api.register());
      await loader;
    }
    exports = await import(call.module);
    modules.set(call.module, exports);
  }
  const procedure = exports[call.name];
  if (!procedure || typeof procedure.run !== 'function') throw new Error('no procedure ' + call.name + ' in ' + call.module);
  return procedure;
};
const crossed = (error) => {
  let fields = {};
  try { fields = JSON.parse(JSON.stringify(Object.assign({}, error))); } catch {}
  return { name: String((error && error.name) || 'Error'), message: String(error && error.message !== undefined ? error.message : error), fields };
};
// What GroupCommit.transaction does on the server's thread, here in one go: BEGIN, a savepoint per
// call (rolled back alone when its call throws), COMMIT, and the outcomes only after the COMMIT.
const procedures = async (m) => {
  const runs = [];
  for (const call of m.procedures) runs.push(await procedureOf(call));
  if (!kysely) {
    const { Kysely, SqliteDialect } = require(workerData.kysely);
    kysely = new Kysely({ dialect: new SqliteDialect({ database: { prepare, close() {} } }) });
  }
  const outcomes = [];
  prepare('begin').run();
  try {
    for (let i = 0; i < runs.length; i++) {
      prepare('savepoint job').run();
      try {
        outcomes.push({ ok: true, value: await runs[i].run(kysely, m.procedures[i].input, 'sqlite') });
      } catch (error) {
        prepare('rollback to savepoint job').run();
        outcomes.push({ ok: false, error: crossed(error) });
      }
      prepare('release savepoint job').run();
    }
    prepare('commit').run();
  } catch (error) {
    if (db.inTransaction) try { prepare('rollback').run(); } catch {}
    throw error;
  }
  return { id: m.id, outcomes };
};

const handle = async (m) => {
  if (m.close) {
    try { if (db) db.close(); } catch {}
    parentPort.postMessage({ id: m.id, rows: [] });
    parentPort.close();
    return;
  }
  try {
    if (opened) throw opened;
    parentPort.postMessage(m.procedures ? await procedures(m) : statement(m));
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: { message: String(error && error.message), code: error && error.code, name: error && error.name } });
  }
};
// One message at a time, in order: a batch of procedures awaits, and nothing may run beside it.
let queue = Promise.resolve();
parentPort.on('message', (m) => {
  queue = queue.then(() => handle(m));
});
`;

interface Reply {
  readonly id: number;
  readonly outcomes?: ProcedureOutcome[];
  readonly rows?: Record<string, unknown>[];
  readonly changes?: number;
  readonly lastInsertRowid?: number | bigint;
  readonly error?: { message: string; code?: string; name?: string };
}

/** A connection in a thread of its own (the writer, or the scans' reader): statements in, results out, one at a time in the order sent. */
class StatementThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private next = 0;
  private failure: Error | null = null;

  constructor(
    file: string,
    private readonly name: string,
    pragmas: readonly string[] = SQLITE_PRAGMAS,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, module: require.resolve('better-sqlite3'), kysely: require.resolve('kysely'), tsx: TSX_LOADER, pragmas },
    });
    // Referenced only while a statement is out, so an idle connection does not keep a process
    // alive (a plain better-sqlite3 connection never did), and a pending one does.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      waiting.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(new Error(`the SQLite ${name} thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`the SQLite ${name} thread exited (code ${code})`)));
  }

  send(message: { sql: string; parameters: readonly unknown[] } | { procedures: readonly ProcedureCall[] } | { close: true }): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<Reply>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.send({ close: true }).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Kysely's single-connection mutex, for the writer alone: held from a transaction's BEGIN to its end, or for one write outside a transaction. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with the function that releases the lock, once every earlier holder released it. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }
}

// Transaction control is read-only to SQLite (sqlite3_stmt_readonly) but must run where the transaction is.
const CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

const asBuffers = (rows: Record<string, unknown>[]) => {
  // A BLOB crosses the thread as a Uint8Array; better-sqlite3 hands out Buffers, and callers expect them.
  for (const row of rows) for (const key in row) if (row[key] instanceof Uint8Array && !Buffer.isBuffer(row[key])) row[key] = Buffer.from(row[key].buffer, row[key].byteOffset, row[key].byteLength);
  return rows;
};

function threadError(error: NonNullable<Reply['error']>): Error {
  // The same class and code as better-sqlite3 would have thrown on this thread (callers test `code`).
  if (error.name === 'SqliteError') return new SQLite.SqliteError(error.message, error.code ?? 'SQLITE_ERROR');
  const e = new Error(error.message) as Error & { code?: string };
  if (error.code !== undefined) e.code = error.code;
  return e;
}

/** A procedure's error that crossed, as the class it was: SQLite's own, else an Error with its code. */
function revived(error: CrossedError): Error {
  const code = typeof error.fields.code === 'string' ? error.fields.code : undefined;
  return threadError({ name: error.name, message: error.message, code });
}

class SplitConnection implements DatabaseConnection {
  /** The writer's lock while this connection holds it (in a transaction, or for one write). */
  release: (() => void) | null = null;
  inTransaction = false;

  constructor(private readonly driver: SplitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.inTransaction && !CONTROL.test(query.sql)) {
      const statement = this.driver.prepareLocal(query.sql);
      if (statement.readonly) {
        if (statement.reader) return { rows: statement.all(query.parameters as unknown[]) as R[] };
        statement.run(query.parameters as unknown[]);
        return { rows: [] };
      }
      // A write on its own: its own transaction on the writer, after any transaction under way.
      const release = await this.driver.writerLock.lock();
      try {
        return await this.onWriter<R>(query);
      } finally {
        release();
      }
    }
    return this.onWriter<R>(query);
  }

  async onWriter<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.driver.writer.send({ sql: query.sql, parameters: query.parameters });
    if (reply.error) throw threadError(reply.error);
    if (reply.rows) return { rows: asBuffers(reply.rows) as R[] };
    return {
      numAffectedRows: reply.changes === undefined || reply.changes === null ? undefined : BigInt(reply.changes),
      insertId: reply.lastInsertRowid === undefined || reply.lastInsertRowid === null ? undefined : BigInt(reply.lastInsertRowid),
      rows: [],
    };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (this.inTransaction) {
      // Inside a transaction the rows come from the writer, all at once (transactions here are short).
      const { rows } = await this.onWriter<R>(query);
      for (const row of rows) yield { rows: [row] };
      return;
    }
    const statement = this.driver.prepareLocal(query.sql);
    if (!statement.readonly || !statement.reader) throw new Error('the SQLite driver streams only queries that read');
    for (const row of statement.iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }
}

class SplitDriver implements Driver, ProcedureRunner {
  readonly writerLock = new Mutex();
  readonly writer: StatementThread;
  private readonly statements = new LRUCache<string, SQLite.Statement>({ max: 1000 });

  constructor(
    private readonly reader: SQLite.Database,
    file: string,
  ) {
    this.writer = new StatementThread(file, 'writer');
  }

  /**
   * Kysely's SQLite driver prepares every query anew, and preparing (parsing and planning) was a
   * large share of a request's cost; the same SQL text gets the same prepared statement here. A
   * statement still being iterated (a streamed query) is never handed out twice.
   */
  prepareLocal(text: string): SQLite.Statement {
    let statement = this.statements.get(text);
    if (!statement || statement.busy) {
      statement = this.reader.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async init(): Promise<void> {}

  /** Procedures in one transaction on the writer's thread, after any transaction under way (db/group-commit.ts). */
  async run(calls: readonly ProcedureCall[]): Promise<ProcedureOutcome[]> {
    // The lock only while the batch is handed over: the thread runs its messages in order, so the
    // batch is one step there, and the next transaction's BEGIN may follow it at once.
    const release = await this.writerLock.lock();
    let sent: Promise<Reply>;
    try {
      sent = this.writer.send({ procedures: calls });
    } finally {
      release();
    }
    const reply = await sent;
    if (reply.error) throw threadError(reply.error);
    return reply.outcomes!;
  }

  revive(error: CrossedError): Error {
    return revived(error);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this);
  }

  async beginTransaction(connection: SplitConnection): Promise<void> {
    connection.release = await this.writerLock.lock();
    connection.inTransaction = true;
    await connection.onWriter(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: SplitConnection): Promise<void> {
    await connection.onWriter(CompiledQuery.raw('commit'));
    connection.inTransaction = false;
  }

  async rollbackTransaction(connection: SplitConnection): Promise<void> {
    try {
      await connection.onWriter(CompiledQuery.raw('rollback'));
    } finally {
      connection.inTransaction = false;
    }
  }

  async savepoint(connection: SplitConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.onWriter(CompiledQuery.raw(`savepoint ${quote(name)}`));
    void compile;
  }

  async rollbackToSavepoint(connection: SplitConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.onWriter(CompiledQuery.raw(`rollback to ${quote(name)}`));
    void compile;
  }

  async releaseSavepoint(connection: SplitConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.onWriter(CompiledQuery.raw(`release ${quote(name)}`));
    void compile;
  }

  async releaseConnection(connection: SplitConnection): Promise<void> {
    connection.inTransaction = false;
    const release = connection.release;
    connection.release = null;
    release?.();
  }

  async destroy(): Promise<void> {
    this.statements.clear();
    // The reader first: the writer, closing last, checkpoints the WAL into the database file.
    this.reader.close();
    await this.writer.close();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Kysely's SQLite dialect but for its driver: the compiler, adapter and introspector are SQLite's own. */
abstract class SqliteThreadsDialect implements Dialect {
  abstract createDriver(): Driver;

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** Kysely's SQLite dialect with the split above: `reader` is this thread's connection (opened, pragmas set), `file` the database the writer thread opens. */
export class SqliteWriterDialect extends SqliteThreadsDialect {
  private driver: SplitDriver | null = null;

  constructor(
    private readonly reader: SQLite.Database,
    private readonly file: string,
  ) {
    super();
  }

  createDriver(): Driver {
    this.driver = new SplitDriver(this.reader, this.file);
    return this.driver;
  }

  /** The writer's thread as group commit's runner of procedures (there once a Kysely was made on this dialect). */
  get procedures(): ProcedureRunner {
    if (!this.driver) throw new Error('no Kysely on this dialect yet');
    return this.driver;
  }
}

/**
 * Reads that pass over a whole survey's responses (a data export's counts per municipality and its
 * longest repeated answers, say) take as long as the survey is large: about 70 ms at 50,000
 * responses on the server's thread, over a second at a million, with every request and timer
 * waiting. This dialect runs each statement on a read-only connection in a thread of its own
 * (`query_only`, so nothing can write through it); the server's thread only waits for the rows.
 * WAL gives it the last committed state, as it does the server's reader. Outside transactions
 * only: a scan that must see a transaction's own writes belongs on `kysely`.
 */
export class SqliteScanDialect extends SqliteThreadsDialect {
  private driver: ScanDriver | null = null;

  constructor(private readonly file: string) {
    super();
  }

  createDriver(): Driver {
    this.driver = new ScanDriver(this.file);
    return this.driver;
  }

  /**
   * Ends the scans' thread and its connection. Kysely's `destroy()` leaves a driver that never ran a
   * query alone, and this one's thread starts with it: an open connection left behind would keep
   * the writer from being the last to close (so from checkpointing and removing the WAL).
   */
  async close(): Promise<void> {
    await this.driver?.destroy();
  }
}

class ScanDriver implements Driver {
  private readonly thread: StatementThread;
  private closed = false;

  // Started with the connection, as the writer is: a thread's start (about 30 ms) would otherwise
  // delay the first scan, the index build's count among them. It holds the process only while a
  // scan is out.
  constructor(file: string) {
    this.thread = new StatementThread(file, 'scan', [...SQLITE_PRAGMAS.filter((p) => !p.startsWith('journal_mode')), 'query_only = ON']);
  }

  async init(): Promise<void> {}

  private scanner(): StatementThread {
    if (this.closed) throw new Error('the database is closed');
    return this.thread;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const scanner = () => this.scanner();
    return {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        const reply = await scanner().send({ sql: query.sql, parameters: query.parameters });
        if (reply.error) throw threadError(reply.error);
        return { rows: asBuffers(reply.rows ?? []) as R[] };
      },
      async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
        throw new Error('scans are read whole: stream a query on the server’s own connection');
      },
    };
  }

  async beginTransaction(): Promise<void> {
    throw new Error('scans run outside transactions');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.thread.close();
  }
}
