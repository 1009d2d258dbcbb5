import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest, type Db } from '../../db/connect.ts';
import { findReceipts, insertResponse, type NewResponse } from '../../db/responses.ts';
import { ensureVersion, findLatestVersion, findVersion } from '../../db/surveys.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';

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

const t0 = new Date('2026-11-29T10:00:00.000Z');
const content = (hash: string) => ({ surveyId: 'kysely', contentHash: hash, meta: '{}', definition: '{"elements":[]}' });

function response(id: string, overrides: Partial<NewResponse> = {}): NewResponse {
  return {
    id,
    survey_id: 'kysely',
    survey_version: 1,
    link_id: null,
    municipality_code: '564',
    channel: 'web',
    locale: 'fi',
    started_at: null,
    submitted_at: t0.toISOString(),
    stored_at: t0.toISOString(),
    digest: 'd',
    data: '{}',
    ...overrides,
  };
}

describe(`repositories on ${isPostgresRun() ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('migrating twice is a no-op', async () => {
    await expect(migrateToLatest(db)).resolves.toBeUndefined();
  });

  it('keeps one version per distinct content, numbered in order', async () => {
    const v1 = await ensureVersion(db.kysely, content('a'), t0);
    const again = await ensureVersion(db.kysely, content('a'), t0);
    const v2 = await ensureVersion(db.kysely, content('b'), t0);
    expect([v1.version, again.version, v2.version]).toEqual([1, 1, 2]);
    expect((await findLatestVersion(db.kysely, 'kysely'))?.content_hash).toBe('b');
    expect((await findVersion(db.kysely, 'kysely', 1))?.content_hash).toBe('a');
    expect(await findVersion(db.kysely, 'kysely', 3)).toBeUndefined();
  });

  it('gives two racing writers of the same new content one version', async () => {
    const [x, y] = await Promise.all([ensureVersion(db.kysely, content('c'), t0), ensureVersion(db.kysely, content('c'), t0)]);
    expect(x.version).toBe(y.version);
    expect((await findLatestVersion(db.kysely, 'kysely'))?.version).toBe(x.version);
  });

  it('stores a response with its answers once and returns the same JavaScript values on every dialect', async () => {
    const answers = [
      { question: 'ika', value: '18-29', num: null },
      { question: 'elama', value: '4', num: 4 },
      { question: 'osuus', value: '0.25', num: 0.25 },
    ];
    const first = await db.kysely.transaction().execute((trx) => insertResponse(trx, response('r1'), answers));
    const second = await db.kysely.transaction().execute((trx) => insertResponse(trx, response('r1', { digest: 'other' }), answers));
    expect(first).toEqual({ inserted: true });
    expect(second).toEqual({ inserted: false, existing: { id: 'r1', survey_id: 'kysely', survey_version: 1, submitted_at: t0.toISOString(), digest: 'd' } });
    const rows = await db.kysely.selectFrom('answers').select(['question', 'value', 'num', 'survey_version']).where('response_id', '=', 'r1').orderBy('question').execute();
    expect(rows).toEqual([
      { question: 'elama', value: '4', num: 4, survey_version: 1 },
      { question: 'ika', value: '18-29', num: null, survey_version: 1 },
      { question: 'osuus', value: '0.25', num: 0.25, survey_version: 1 },
    ]);
    const counted = await db.kysely.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(counted.n).toBe(3); // a number, not pg's bigint string
    expect(await findReceipts(db.kysely, ['r1', 'nope'])).toHaveLength(1);
  });

  it('stores nothing of a response whose transaction fails', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await insertResponse(trx, response('r2'), [{ question: 'a', value: 'x', num: null }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await findReceipts(db.kysely, ['r2'])).toHaveLength(0);
    const orphans = await db.kysely.selectFrom('answers').select('question').where('response_id', '=', 'r2').execute();
    expect(orphans).toHaveLength(0);
  });

  it('refuses a response for a survey version that was never stored', async () => {
    await expect(
      db.kysely.transaction().execute((trx) => insertResponse(trx, response('r3', { survey_version: 99 }), [])),
    ).rejects.toThrow();
  });

  it('writes a response with thousands of answer rows in chunks', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ question: `q${i}`, value: String(i), num: i }));
    await db.kysely.transaction().execute((trx) => insertResponse(trx, response('r4'), many));
    const counted = await db.kysely.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).where('response_id', '=', 'r4').executeTakeFirstOrThrow();
    expect(counted.n).toBe(2500);
  });
});
