import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { isPostgresRun } from '../helpers/database.ts';
import { adminSession } from '../factories/distribution.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';
import type { SignedIn } from '../factories/users.ts';

/*
 * GET /api/ready on a real database: ready when the database answers and its schema is exactly the
 * one this code migrates to; results indexes still building do not make it unready.
 */

let t: TestApp;
let admin: SignedIn;
const surveys = { 'eka.json': envelope('eka', allTypesDefinition()), 'toka.json': envelope('toka', allTypesDefinition()) };
const ready = () => t.app.inject({ method: 'GET', url: '/api/ready' });

beforeAll(async () => {
  t = await buildTestApp(surveys, { config: { loginRateLimit: 100_000 } });
  admin = await adminSession(t.app);
});
afterAll(async () => t?.close());

describe('GET /api/ready', () => {
  it('is 200 on a migrated database, with every survey loaded and no index started yet', async () => {
    const res = await ready();
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      status: 'ready',
      database: 'ok',
      migrations: 'current',
      surveys: { state: 'loaded', count: 2 },
      resultsIndexes: { ready: 0, building: 0, notStarted: 2, progress: null },
    });
  });

  it('counts an index once it is built, and one being built as building', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/results/eka/questions/ikaryhma', headers: admin.headers })).statusCode).toBe(200);
    expect((await ready()).json().resultsIndexes).toEqual({ ready: 1, building: 0, notStarted: 1, progress: null });
    // The entry exists from the moment a build is asked for, before its first query returns.
    const building = t.app.results.indexes.get('toka');
    expect(t.app.results.indexes.states().find((s) => s.surveyId === 'toka')).toMatchObject({ state: 'building' });
    await building;
    expect(t.app.results.indexes.states().find((s) => s.surveyId === 'toka')).toMatchObject({ state: 'ready', responses: 0 });
  });

  it.skipIf(!isPostgresRun())('stays 200 while an index is building, and says so (PostgreSQL: a lock holds the build)', async () => {
    t.app.results.indexes.invalidate('eka');
    const locker = new pg.Client({ connectionString: t.database.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table responses in access exclusive mode');
      const building = t.app.results.indexes.get('eka');
      const res = await ready();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ready', resultsIndexes: { ready: 1, building: 1, notStarted: 0, progress: 0 } });
      await locker.query('rollback');
      await building;
      expect((await ready()).json().resultsIndexes).toEqual({ ready: 2, building: 0, notStarted: 0, progress: null });
    } finally {
      await locker.end();
    }
  });

  it('is 503 while a migration this code knows has not run, and 200 again once it has', async () => {
    const db = t.app.db.kysely;
    const last = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
    const { name, timestamp } = last.rows[0]!;
    await sql`delete from kysely_migration where name = ${name}`.execute(db);
    try {
      const res = await ready();
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unready', database: 'ok', migrations: 'behind' });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${timestamp})`.execute(db);
    }
    expect((await ready()).statusCode).toBe(200);
  });

  it('is 503 when a newer version has migrated the database further than this code knows', async () => {
    const db = t.app.db.kysely;
    await sql`insert into kysely_migration (name, timestamp) values (${'2099-01-01T0000-from-the-future'}, ${new Date().toISOString()})`.execute(db);
    try {
      const res = await ready();
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unready', database: 'ok', migrations: 'ahead' });
    } finally {
      await sql`delete from kysely_migration where name = ${'2099-01-01T0000-from-the-future'}`.execute(db);
    }
    expect((await ready()).statusCode).toBe(200);
  });

  it.skipIf(!isPostgresRun())('is 503 when the database does not answer in time (PostgreSQL: a lock holds the query)', async () => {
    const locker = new pg.Client({ connectionString: t.database.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table kysely_migration in access exclusive mode');
      const res = await ready();
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'unready', database: 'unreachable', migrations: 'unchecked' });
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await ready()).statusCode).toBe(200);
  });
});

describe('GET /api/ready without a database', () => {
  it('is 503 naming only the state, never the error', async () => {
    const gone = await buildTestApp(surveys);
    try {
      if (isPostgresRun()) {
        // The server is there, the database is not: every new connection of the pool is refused.
        await gone.database.drop();
      } else {
        // SQLite cannot lose its open file; a closed handle fails every query the same way.
        await gone.app.db.kysely.destroy();
      }
      const res = await gone.app.inject({ method: 'GET', url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'unready',
        database: 'unreachable',
        migrations: 'unchecked',
        surveys: { state: 'loaded', count: 2 },
        resultsIndexes: { ready: 0, building: 0, notStarted: 2, progress: null },
      });
      expect(res.body).not.toMatch(/destroyed|does not exist|kuulo_test|error/i);
    } finally {
      await gone.close();
    }
  });
});
