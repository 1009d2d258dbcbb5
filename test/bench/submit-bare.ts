// The submit benchmark's floor: a bare Fastify + better-sqlite3 server that stores each request's
// body as one row (no validation, no answer rows, no distribution, no other plugin), a commit per
// request in WAL mode with synchronous=NORMAL: no disk sync per commit, so it is not durable against
// a power cut (with FULL it would be bound by the disk's syncs, one per request, and no floor at
// all). Same protocol as submit-server.ts.
import crypto from 'node:crypto';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';

const file = process.env.DATABASE_URL;
if (!file || /^postgres/.test(file)) throw new Error('the bare server takes an SQLite file in DATABASE_URL');
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists bodies (id text primary key, stored_at text not null, body text not null)');
const insert = db.prepare('insert into bodies (id, stored_at, body) values (?, ?, ?) on conflict (id) do nothing');

const app = Fastify({ logger: false });
app.post<{ Params: { id: string }; Body: { id?: unknown } }>('/api/surveys/:id/responses', async (request, reply) => {
  const id = typeof request.body?.id === 'string' ? request.body.id : crypto.randomUUID();
  insert.run(id, new Date().toISOString(), JSON.stringify(request.body));
  return reply.status(201).send({ receipt: { id, surveyId: request.params.id } });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ cpu: process.cpuUsage(), writes: null });
});
process.on('SIGTERM', () => {
  app.close().then(() => {
    db.close();
    process.exit(0);
  });
});
