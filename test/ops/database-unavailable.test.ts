import crypto from 'node:crypto';
import net from 'node:net';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../db/connect.ts';
import { ERROR_TEXTS } from '../../server/error-texts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';
import { adminSession, countResponses } from '../factories/distribution.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import type { SignedIn } from '../factories/users.ts';

/*
 * A database that cannot be reached or is locked answers 503 database_unavailable with Retry-After,
 * not a 500, and the server needs no restart when it is back. Real outages: on PostgreSQL the app
 * reaches the server through a TCP relay this test closes (every connection dropped, new ones
 * refused) and opens again; on SQLite another process's connection holds the file's write lock.
 */

const SURVEY = 'katko';
const surveys = { [`${SURVEY}.json`]: envelope(SURVEY, allTypesDefinition()) };

function submission(id = crypto.randomUUID()) {
  return { id, version: 1, data: allTypesAnswer(), locale: 'fi' };
}

/** A TCP relay to the PostgreSQL server that can be cut (the database "goes away") and restored on the same port. */
class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops listening (new connections are refused) and drops every open connection. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function expectUnavailable(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string }, language: 'fi' | 'sv' | 'en') {
  expect(res.statusCode, res.body).toBe(503);
  expect(res.headers['retry-after']).toBe('5');
  const body = res.json() as { error: Record<string, unknown> };
  expect(body.error).toEqual({ status: 503, code: 'database_unavailable', message: ERROR_TEXTS.database_unavailable![language], requestId: expect.any(String) });
  // Nothing of the driver's error reaches the client.
  expect(res.body).not.toMatch(/ECONN|SQLITE|terminated|127\.0\.0\.1|locked|busy/i);
}

describe.skipIf(!isPostgresRun())('PostgreSQL that goes away and comes back', () => {
  let database: TestDatabase;
  let relay: Relay;
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    database = await freshDatabase();
    const url = new URL(database.url);
    relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    await relay.open();
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    t = await buildTestApp(surveys, { database: { url: url.toString(), drop: async () => undefined } });
    admin = await adminSession(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await relay?.cut();
    await database?.drop();
  });

  it('answers 503 database_unavailable on public, signed-in and writing routes while it is away, and works again when it is back', async () => {
    const stored = await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: submission() });
    expect(stored.statusCode).toBe(201);

    // A query running as the connection breaks fails with an error the API maps to 503, and the
    // broken connection raises nothing else (it once raised an 'error' event no one heard, which ends a process).
    const running = sql`select pg_sleep(5)`.execute(t.app.db.kysely).then(
      () => 'finished',
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await relay.cut();
    expect(isDatabaseUnavailable(await running), String(await running)).toBe(true);
    expectUnavailable(await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-language': 'fi' } }), 'fi');
    const duringOutage = submission();
    expectUnavailable(await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: duringOutage, headers: { 'accept-language': 'sv' } }), 'sv');
    // A signed-in route fails at its session lookup, before its own work.
    expectUnavailable(await t.app.inject({ method: 'GET', url: '/api/admin/surveys', headers: admin.headers }), 'en');
    // Readiness says so in its own shape.
    const ready = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unready', database: 'unreachable' });

    await relay.open();
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/surveys', headers: admin.headers })).statusCode).toBe(200);
    // The answer refused during the outage was not stored: sent again, it is new (201, not a repeat).
    const again = await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: duringOutage });
    expect(again.statusCode, again.body).toBe(201);
    expect(await countResponses(t.app, SURVEY)).toBe(2);
  }, 60_000);
});

describe.skipIf(isPostgresRun())('SQLite locked by another process', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(surveys);
  });
  afterAll(async () => t?.close());

  it('answers a write 503 database_unavailable once the busy wait runs out, and takes it when the lock is gone', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: submission() })).statusCode).toBe(201);

    // Another connection to the same file (as a backup tool or a hand edit would be) takes the write lock.
    const other = new SQLite(t.database.url);
    try {
      other.exec('begin exclusive');
      const duringLock = submission();
      expectUnavailable(await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: duringLock, headers: { 'accept-language': 'fi' } }), 'fi');
      // Reading goes on meanwhile (WAL): only writing waits for the lock.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      other.exec('rollback');

      const again = await t.app.inject({ method: 'POST', url: `/api/surveys/${SURVEY}/responses`, payload: duringLock });
      expect(again.statusCode, again.body).toBe(201);
      expect(await countResponses(t.app, SURVEY)).toBe(2);
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
    }
  }, 60_000);
});

describe('which driver errors mean the database is unavailable', () => {
  it('takes connection, shutdown, busy and cannot-open errors, and not a wrong query', async () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const error of [
      new SQLite.SqliteError('database is locked', 'SQLITE_BUSY'),
      new SQLite.SqliteError('database is locked', 'SQLITE_BUSY_SNAPSHOT'),
      new SQLite.SqliteError('unable to open database file', 'SQLITE_CANTOPEN'),
      coded('ECONNREFUSED'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]),
      new Error('wrapped', { cause: coded('ECONNRESET') }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
    for (const error of [
      new SQLite.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'),
      new SQLite.SqliteError('no such table: x', 'SQLITE_ERROR'),
      coded('23505', 'duplicate key value'),
      coded('42P01', 'relation does not exist'),
      new Error('Connection terminated unexpectedly, and more'),
      null,
      'ECONNREFUSED',
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; description?: string; content?: Record<string, { schema: unknown }> }> }>>; components: { responses: Record<string, { description: string }> } };
  beforeAll(async () => {
    t = await buildTestApp(surveys);
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(async () => t?.close());

  it('declares 503 database_unavailable on routes that use the database, not on the document itself', () => {
    expect(doc.components.responses.DatabaseUnavailable!.description).toMatch(/database_unavailable/);
    for (const [path, method] of [['/api/health', 'get'], ['/api/surveys/{id}/responses', 'post'], ['/api/admin/surveys', 'get']] as const) {
      expect(doc.paths[path]![method]!.responses['503']!.$ref, path).toBe('#/components/responses/DatabaseUnavailable');
    }
    expect(doc.paths['/api/openapi.json']!.get!.responses['503']).toBeUndefined();
    // A results route's own 503 names both codes.
    const results = Object.entries(doc.paths).find(([path]) => path.startsWith('/api/results/{survey}/questions/'))![1].get!;
    expect(results.responses['503']!.description).toMatch(/results_preparing[\s\S]*database_unavailable/);
  });

  it("describes readiness's 503 in its own shape, without database_unavailable", () => {
    const unready = doc.paths['/api/ready']!.get!.responses['503']!;
    expect(unready.description).toMatch(/unreachable/);
    expect(unready.description).not.toMatch(/database_unavailable|Default Response/);
    expect(JSON.stringify(unready.content)).toMatch(/unready/);
  });
});
