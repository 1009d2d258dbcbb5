// The scans' connection (db/connect.ts `scans`): on a SQLite file a read that passes over many rows
// runs in a thread of its own, so the server's event loop keeps turning while it runs (on the
// server's own reader it turns not at all); it sees what was committed, and nothing can write or
// open a transaction through it. On PostgreSQL it is the same Kysely as `kysely`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest, type Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';
import { turnsDuring } from '../helpers/loop.ts';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await freshDatabase();
  db = connect(database.url);
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

/** A query SQLite takes a while over (counting 3 million generated rows), and how often the loop turned while it ran. */
async function longCount(on: Kysely<Database>): Promise<{ count: number; turns: number }> {
  const { result, turns } = await turnsDuring(() => sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000) select count(*) as n from c`.execute(on));
  return { count: Number(result.rows[0]!.n), turns };
}

describe.skipIf(isPostgresRun())('scans on a SQLite file', () => {
  it('run off the server’s thread: the loop turns while one runs, and not while the same runs on the server’s reader', async () => {
    const off = await longCount(db.scans);
    const on = await longCount(db.kysely);
    expect(off.count).toBe(3_000_000);
    expect(on.count).toBe(3_000_000);
    // Counting the same rows on this thread holds the loop for the whole query.
    expect(on.turns).toBeLessThanOrEqual(1);
    expect(off.turns).toBeGreaterThan(20);
  });

  it('see what was committed on the writer', async () => {
    const count = async () => Number((await db.scans.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await db.kysely.insertInto('users').values({ id: 'scan-user', email: 'scan@example.fi', password_hash: 'x', role: 'viewer', municipalities: '[]', areas: '[]', disabled_at: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute();
    expect(await count()).toBe(before + 1);
  });

  it('refuse writes and transactions, and the refused write changes nothing', async () => {
    await expect(db.scans.deleteFrom('users').execute()).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    await expect(db.scans.transaction().execute(async () => undefined)).rejects.toThrow(/outside transactions/);
    expect(Number((await db.kysely.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
  });

  it('end with the database: a scan after close is refused, and the file is whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-scans-'));
    const own = connect(path.join(dir, 'kuulo.db'));
    try {
      await migrateToLatest(own);
      expect((await longCount(own.scans)).count).toBe(3_000_000);
    } finally {
      await own.close();
    }
    await expect(sql`select 1`.execute(own.scans)).rejects.toThrow();
    const again = connect(path.join(dir, 'kuulo.db'));
    try {
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(again.kysely);
      expect(rows[0]!.integrity_check).toBe('ok');
    } finally {
      await again.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(isPostgresRun())('scans on PostgreSQL', () => {
  it('are the server’s own connections (PostgreSQL answers asynchronously)', () => {
    expect(db.scans).toBe(db.kysely);
  });
});
