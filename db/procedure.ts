import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** An error as it crosses from the writer's thread: its class's name, its message and its own fields. */
export interface CrossedError {
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * A unit of work that the database's writer can run where it is: an exported constant of a module
 * (made by `procedure`), called with plain data. On a SQLite file the writer is a thread of its own
 * (db/sqlite-writer.ts), and a closure's every statement is a message to it and back, each waiting
 * for the server's thread to turn; a batch of procedures crosses once, and the writer's thread runs
 * them, their savepoints and the COMMIT by itself. Elsewhere (PostgreSQL, an in-memory database) a
 * procedure runs as a closure would. The module is imported in the writer's thread: it should
 * import little, and do nothing when imported.
 */
export interface Procedure<I, O> {
  /** The defining module's `import.meta.url`. */
  readonly module: string;
  /** The name it is exported under. */
  readonly name: string;
  /** Run with the database's dialect (connect.ts's `Dialect`, spelled out: connect.ts imports this module). */
  readonly run: (trx: Kysely<Database>, input: I, dialect: 'sqlite' | 'postgres') => Promise<O>;
  /** What it threw, as its own error class again (null: the writer's generic revival). */
  readonly revive: (error: CrossedError) => Error | null;
}

export function procedure<I, O>(module: string, name: string, run: Procedure<I, O>['run'], revive: Procedure<I, O>['revive'] = () => null): Procedure<I, O> {
  return Object.freeze({ module, name, run, revive });
}

/** A call of a procedure as it goes to the writer's thread. */
export interface ProcedureCall {
  readonly module: string;
  readonly name: string;
  readonly input: unknown;
}

export type ProcedureOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: CrossedError };

/**
 * The writer's thread (db/sqlite-writer.ts): runs calls in one transaction, each in a savepoint of
 * its own, and answers after the COMMIT; rejects when the transaction failed as a whole.
 */
export interface ProcedureRunner {
  run(calls: readonly ProcedureCall[]): Promise<ProcedureOutcome[]>;
  /** An error that crossed, as the class it was (SQLite's errors, say) when its procedure does not claim it. */
  revive(error: CrossedError): Error;
}
