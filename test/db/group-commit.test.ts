// Group commit (db/group-commit.ts) on the real database of the run: writes that arrive together
// share one transaction, each settles only after that transaction's COMMIT (checked from a second,
// independent connection), a failing write is rolled back alone, later writes of a batch see the
// earlier ones, and a write that ends the whole transaction does not take the others down. Also the
// store path's compiled-once queries (db/compiled.ts) and the GROUP_COMMIT_* settings.
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../db/compiled.ts';
import { connect, migrateToLatest, type Db } from '../../db/connect.ts';
import { insertResponse, type NewResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { ApiError } from '../../server/api-error.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';
import { insertProbe } from './probe-procedures.ts';

let database: TestDatabase;
let db: Db;
/** A second connection, not Kuulo's: what it sees is what is committed. */
let outside: { count(key: string): Promise<number>; close(): Promise<void> };

// A table of this test's own (the test database is fresh), so the writes are nothing but writes.
const probe = (trx: Kysely<Database>) => trx as unknown as Kysely<{ probe: { key: string; n: number } }>;
const insert = (trx: Kysely<Database>, key: string) => probe(trx).insertInto('probe').values({ key, n: 0 }).execute();
const rows = async (prefix: string) =>
  (await probe(db.kysely).selectFrom('probe').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute()).map((r) => r.key);

beforeAll(async () => {
  database = await freshDatabase();
  db = connect(database.url);
  await migrateToLatest(db);
  await sql`create table probe (key text primary key, n integer not null)`.execute(db.kysely);
  if (isPostgresRun()) {
    const pool = new pg.Pool({ connectionString: database.url, max: 4 });
    outside = {
      count: async (key) => Number((await pool.query('select count(*) as n from probe where key = $1', [key])).rows[0].n),
      close: () => pool.end(),
    };
  } else {
    const reader = new SQLite(database.url, { readonly: true });
    outside = {
      count: async (key) => (reader.prepare('select count(*) as n from probe where key = ?').get(key) as { n: number }).n,
      close: async () => {
        reader.close();
      },
    };
  }
});

afterAll(async () => {
  await outside?.close();
  await db?.close();
  await database?.drop();
});

describe('group commit', () => {
  it('puts writes that arrive together in one transaction and settles each after its COMMIT', async () => {
    const before = db.writes.stats;
    const seenOutside: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.writes
          .run((trx) => insert(trx, `a${String(i).padStart(2, '0')}`))
          .then(async () => seenOutside.push(await outside.count(`a${String(i).padStart(2, '0')}`))),
      ),
    );
    expect(seenOutside).toEqual(Array(20).fill(1));
    expect(db.writes.stats.writes - before.writes).toBe(20);
    expect(db.writes.stats.batches - before.batches).toBe(1);
  });

  it('rolls a failing write back alone, with its own error, while the others commit', async () => {
    const before = db.writes.stats;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        db.writes.run(async (trx) => {
          await insert(trx, `b${i}`);
          if (i === 2) throw new Error('refused after its insert');
          // A failed statement: the key of the write before it.
          if (i === 5) await insert(trx, 'b4');
          return i;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('refused after its insert');
    expect((outcomes[5] as PromiseRejectedResult).reason.message).toMatch(/unique|duplicate/i);
    expect(await rows('b')).toEqual(['b0', 'b1', 'b3', 'b4', 'b6', 'b7']);
    expect(db.writes.stats.batches - before.batches).toBe(1);
  });

  it('lets each write see the writes before it, so a count taken inside one stays exact', async () => {
    const cap = 5;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        db.writes.run(async (trx) => {
          await insert(trx, `c${String(i).padStart(2, '0')}`);
          const { n } = await probe(trx).selectFrom('probe').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', 'c%').executeTakeFirstOrThrow();
          if (Number(n) > cap) throw new Error('full');
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(cap);
    expect(await rows('c')).toEqual(['c00', 'c01', 'c02', 'c03', 'c04']);
  });

  it('tries each write alone when one ends the shared transaction, so the others still commit', async () => {
    const outcomes = await Promise.allSettled(
      ['d0', 'd1', 'd2', 'd3'].map((key) =>
        db.writes.run(async (trx) => {
          await insert(trx, key);
          // Ends the whole transaction (as a full disk or a lost connection would): the savepoint is gone.
          if (key === 'd1') await sql`rollback`.execute(trx);
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await rows('d')).toEqual(['d0', 'd2', 'd3']);
    // Still usable afterwards (on PostgreSQL: the pool's connection came back clean).
    await db.writes.run((trx) => insert(trx, 'd9'));
    expect(await outside.count('d9')).toBe(1);
  });

  // A SQLite file's writer is a thread of its own: there a batch of procedures runs whole (one
  // message each way); elsewhere they run as closures would. The promises are the same either way.
  const onThread = !isPostgresRun();

  it('runs procedures that arrive together in one transaction, on the writer’s thread, each settling after its COMMIT', async () => {
    const before = db.writes.stats;
    const seenOutside: number[] = [];
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const key = `p${String(i).padStart(2, '0')}`;
        return db.writes.call(insertProbe, { key }).then(async (n) => {
          seenOutside.push(await outside.count(key));
          return n;
        });
      }),
    );
    expect(seenOutside).toEqual(Array(20).fill(1));
    // Each saw the ones before it in the batch, and only those.
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(db.writes.stats.batches - before.batches).toBe(1);
    expect(db.writes.stats.onThread - before.onThread).toBe(onThread ? 1 : 0);
  });

  it('rolls a failing procedure back alone, its error crossing back as its own class, while the others commit', async () => {
    const before = db.writes.stats;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => db.writes.call(insertProbe, { key: `q${i}`, fail: i === 2 ? 'refused' : i === 5 ? 'statement' : undefined })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refused = (outcomes[2] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 409, code: 'probe_refused', message: 'probe q2 refused after its insert' });
    const failed = (outcomes[5] as PromiseRejectedResult).reason;
    expect(failed.message).toMatch(/unique|duplicate/i);
    // SQLite's own error class and code, as on the server's thread (callers test `code`).
    if (onThread) expect(failed).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(await rows('q')).toEqual(['q0', 'q1', 'q3', 'q4', 'q6', 'q7']);
    expect(db.writes.stats.batches - before.batches).toBe(1);
  });

  it('tries each procedure alone when one ends the shared transaction, so the others still commit', async () => {
    const outcomes = await Promise.allSettled(['r0', 'r1', 'r2', 'r3'].map((key) => db.writes.call(insertProbe, { key, fail: key === 'r1' ? 'transaction' : undefined })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await rows('r')).toEqual(['r0', 'r2', 'r3']);
    await db.writes.call(insertProbe, { key: 'r9' });
    expect(await outside.count('r9')).toBe(1);
  });

  it('runs a batch that mixes procedures and closures on the server’s thread, in arrival order', async () => {
    const before = db.writes.stats;
    const done = await Promise.all([
      db.writes.call(insertProbe, { key: 's0' }),
      db.writes.run(async (trx) => {
        await insert(trx, 's1');
        return 2;
      }),
      db.writes.call(insertProbe, { key: 's2' }),
    ]);
    expect(done).toEqual([1, 2, 3]);
    expect(db.writes.stats.batches - before.batches).toBe(1);
    expect(db.writes.stats.onThread - before.onThread).toBe(0);
  });

  it.skipIf(isPostgresRun())('hands a SQLite file’s next batch of procedures to the writer while one runs, and commits them in arrival order (SQLite only)', async () => {
    const small = connect(database.url, { groupCommit: { windowMs: 0, maxBatch: 5, inFlight: 4 } });
    try {
      const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => small.writes.call(insertProbe, { key: `t${String(i).padStart(2, '0')}` })));
      // Arrival order across batches too: each call counted every one before it.
      expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(small.writes.inFlight).toBe(2);
      expect(small.writes.stats.peakInFlight).toBe(2);
      expect(small.writes.stats.batches).toBeGreaterThanOrEqual(6);
    } finally {
      await small.close();
    }
  });

  it('on PostgreSQL runs several batches at once, each write of a batch in its lock-key order', async () => {
    const wide = connect(database.url, { groupCommit: { windowMs: 0, maxBatch: 4, inFlight: 3 } });
    try {
      const ran: string[] = [];
      // Arrival order z, y, x, w in one batch: run as w, x, y, z where batches may overlap.
      const keys = ['z', 'y', 'x', 'w'];
      await Promise.all(keys.map((key) => wide.writes.run(async (trx) => {
        ran.push(key);
        await insert(trx, `f${key}`);
      }, key)));
      // Many more writes than a batch holds, arriving together: on PostgreSQL they overlap.
      await Promise.all(Array.from({ length: 40 }, (_, i) => wide.writes.run((trx) => insert(trx, `g${String(i).padStart(2, '0')}`))));
      expect(await rows('g')).toHaveLength(40);
      if (isPostgresRun()) {
        expect(ran).toEqual(['w', 'x', 'y', 'z']);
        expect(wide.writes.inFlight).toBe(3);
        expect(wide.writes.stats.peakInFlight).toBeGreaterThan(1);
        expect(wide.writes.stats.peakInFlight).toBeLessThanOrEqual(3);
      } else {
        // One writer, batches in arrival order: the next handed over while one runs.
        expect(ran).toEqual(keys);
        expect(wide.writes.inFlight).toBe(2);
        expect(wide.writes.stats.peakInFlight).toBeLessThanOrEqual(2);
      }
    } finally {
      await wide.close();
    }
  });

  it('with a batch size of 1 runs each write in a transaction of its own', async () => {
    const single = connect(database.url, { groupCommit: { windowMs: 0, maxBatch: 1 } });
    try {
      const outcomes = await Promise.allSettled(
        ['e0', 'e1', 'e2'].map((key) =>
          single.writes.run(async (trx) => {
            await insert(trx, key);
            if (key === 'e1') throw new Error('refused');
          }),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await rows('e')).toEqual(['e0', 'e2']);
      expect(single.writes.stats.batches).toBe(0);
    } finally {
      await single.close();
    }
  });

  it.skipIf(!isPostgresRun())('runs a write again when PostgreSQL breaks a deadlock with another instance by aborting it (PostgreSQL only)', async () => {
    await probe(db.kysely).insertInto('probe').values([{ key: 'x', n: 0 }, { key: 'y', n: 0 }]).execute();
    const other = connect(database.url);
    try {
      // Each instance locks one row, waits until the other has locked the other row, then wants it.
      let firstLocked!: () => void;
      let secondLocked!: () => void;
      const first = new Promise<void>((resolve) => (firstLocked = resolve));
      const second = new Promise<void>((resolve) => (secondLocked = resolve));
      const bump = (trx: Kysely<Database>, key: string) => probe(trx).updateTable('probe').set((eb) => ({ n: eb('n', '+', 1) })).where('key', '=', key).execute();
      let runs = 0;
      await Promise.all([
        db.writes.run(async (trx) => {
          runs++;
          await bump(trx, 'x');
          firstLocked();
          await second;
          await bump(trx, 'y');
        }),
        other.writes.run(async (trx) => {
          runs++;
          await bump(trx, 'y');
          secondLocked();
          await first;
          await bump(trx, 'x');
        }),
      ]);
      // One of the two was the deadlock's victim and ran again: both updates of both writes are in.
      expect(runs).toBe(3);
      expect(await probe(db.kysely).selectFrom('probe').select(['key', 'n']).where('key', 'in', ['x', 'y']).orderBy('key').execute()).toEqual([
        { key: 'x', n: 2 },
        { key: 'y', n: 2 },
      ]);
    } finally {
      await other.close();
    }
  });
});

describe('the store path compiled once', () => {
  const dialect = isPostgresRun() ? 'postgres' : 'sqlite';
  const response = (id: string, extra: Partial<NewResponse> = {}): NewResponse => ({
    id,
    survey_id: 'kerran',
    survey_version: 1,
    link_id: null,
    municipality_code: extra.municipality_code ?? '564',
    channel: 'web',
    locale: 'fi',
    started_at: null,
    submitted_at: '2026-11-29T10:00:00.000Z',
    stored_at: '2026-11-29T10:00:00.000Z',
    digest: `d-${id}`,
    data: `{"id":"${id}"}`,
    late: 0,
    ...extra,
  });
  const stored = async (id: string) => ({
    response: await db.kysely.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst(),
    answers: await db.kysely.selectFrom('answers').select(['survey_id', 'survey_version', 'question', 'value', 'num']).where('response_id', '=', id).orderBy('question').execute(),
  });

  it('stores exactly what the query builder stores, for every row count, and recognises a repeat', async () => {
    await db.kysely.insertInto('survey_versions').values({ survey_id: 'kerran', version: 1, content_hash: 'h', meta: '{}', definition: '{}', created_at: 't' }).execute();
    for (const count of [1, 3, 33]) {
      const answers = Array.from({ length: count }, (_, i) => ({ question: `k${String(i).padStart(2, '0')}`, value: `v${i}`, num: i % 2 ? i / 4 : null }));
      // Twice each: the first compiles the shape, the second runs it with other values.
      for (const round of [1, 2]) {
        const [built, compiled] = [`b${count}-${round}`, `c${count}-${round}`];
        const extra = { municipality_code: round === 1 ? '564' : null, late: round - 1 };
        await db.kysely.transaction().execute((trx) => insertResponse(trx, response(built, extra), answers));
        await db.kysely.transaction().execute((trx) => insertResponse(trx, response(compiled, extra), answers, dialect));
        const [a, b] = [await stored(built), await stored(compiled)];
        expect(b.answers).toEqual(a.answers);
        expect(b.answers).toHaveLength(count);
        expect({ ...b.response, id: '', digest: '', data: '' }).toEqual({ ...a.response, id: '', digest: '', data: '' });
        expect(b.response?.late).toBe(round - 1);
      }
    }
    const repeat = await db.kysely.transaction().execute((trx) => insertResponse(trx, response('c3-1', { digest: 'toinen' }), [], dialect));
    expect(repeat).toMatchObject({ inserted: false, existing: { id: 'c3-1', digest: 'd-c3-1' } });
  });

  it('refuses parameters in another order than the query builder compiles them to', () => {
    const build = () => probe(db.kysely).selectFrom('probe').selectAll().where('key', '=', 'a').where('n', '=', 1);
    expect(() => compiledOnce(dialect, 'order check', [1, 'a'], build)).toThrow(/another order/);
    expect(compiledOnce(dialect, 'order check 2', ['a', 1], build).parameters).toEqual(['a', 1]);
  });
});

describe('group commit configuration', () => {
  it('defaults to a 2 ms window, 64 to a transaction and 4 batches at once, and refuses values out of range by name', () => {
    expect(loadConfig({}).groupCommit).toEqual({ windowMs: 2, maxBatch: 64, inFlight: 4 });
    expect(loadConfig({ GROUP_COMMIT_MS: '0', GROUP_COMMIT_MAX: '1', GROUP_COMMIT_BATCHES: '1' }).groupCommit).toEqual({ windowMs: 0, maxBatch: 1, inFlight: 1 });
    expect(() => loadConfig({ GROUP_COMMIT_BATCHES: '9' })).toThrow(/GROUP_COMMIT_BATCHES/);
    expect(() => loadConfig({ GROUP_COMMIT_BATCHES: '0' })).toThrow(/GROUP_COMMIT_BATCHES/);
    expect(() => loadConfig({ GROUP_COMMIT_MAX: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ GROUP_COMMIT_MAX: '0' })).toThrow(/GROUP_COMMIT_MAX/);
    expect(() => loadConfig({ GROUP_COMMIT_MS: '101' })).toThrow(/GROUP_COMMIT_MS/);
    expect(() => loadConfig({ GROUP_COMMIT_MS: 'kaksi' })).toThrow(/GROUP_COMMIT_MS/);
  });
});
