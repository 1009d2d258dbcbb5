import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKey, snapshotFile } from '../../server/results/snapshot.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn } from '../factories/users.ts';

/*
 * A results index started from its snapshot must give exactly the figures of an index built from
 * the database, whatever happened since the snapshot was written; a snapshot that cannot be
 * trusted is ignored and the index is built from the database.
 */

let database: TestDatabase;
let dir: string;
const definition = allTypesDefinition();
const surveys = { 'kaikki.json': envelope('kaikki', definition, { municipalityQuestion: 'kunta' }) };
const places = ['564', '305', '072', '564', 'muu'];
const ages = ['13-17', '18-29', '30-64', '65+'];
const areas = ['ihmissuhteet', 'talous', 'tyo', 'harrastukset', 'asunto'];
let counter = 0;

function answer(): Record<string, unknown> {
  const i = counter++;
  const muutos = ['ei', 'pieni', 'suuri'][i % 3]!;
  const data = allTypesAnswer({ kunta: places[i % places.length], ikaryhma: ages[i % 4], muutos, elama: 1 + (i % 5) });
  delete data['alueet-Comment'];
  if (muutos === 'ei') delete data.alueet;
  else data.alueet = [areas[i % 5]!, areas[(i + 2) % 5]!];
  return data;
}

async function start(snapshots: boolean, files: Record<string, object> = surveys): Promise<TestApp> {
  return buildTestApp(files, { database, config: { resultsSnapshotDir: snapshots ? dir : false, submitRateLimit: 100_000, loginRateLimit: 100_000 } });
}

async function submit(t: TestApp, count: number) {
  const version = t.app.catalog.get('kaikki')!.version;
  for (let k = 0; k < count; k++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id: crypto.randomUUID(), version, data: answer(), locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
}

/** What an analyst sees: the summary per municipality, two questions per area, a cross-tab. */
async function figures(t: TestApp) {
  const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const urls = [
    '/api/results/kaikki/summary?groupBy=municipality',
    '/api/results/kaikki/questions/alueet?groupBy=area',
    '/api/results/kaikki/questions/elama?groupBy=municipality&filter=suostumus:true',
    '/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos',
  ];
  const out: unknown[] = [];
  for (const url of urls) {
    const res = await t.app.inject({ method: 'GET', url, headers: analyst.headers });
    expect(res.statusCode, url).toBe(200);
    out.push(res.json());
  }
  return out;
}

/** Starts on the snapshot, then on the database alone: the same figures; returns how the first loaded. */
async function startAndCompare(files: Record<string, object> = surveys) {
  const fromSnapshot = await start(true, files);
  let load;
  let withSnapshot;
  try {
    withSnapshot = await figures(fromSnapshot);
    load = fromSnapshot.app.results.indexes.lastLoad;
  } finally {
    await fromSnapshot.close();
  }
  const full = await start(false, files);
  try {
    expect(withSnapshot).toEqual(await figures(full));
    expect(fromSnapshot.app.results.indexes.lastLoad).toBeDefined();
  } finally {
    await full.close();
  }
  return load!;
}

const file = () => snapshotFile(dir, databaseKey(database.url), 'kaikki');

/** Stored long ago by the database's clock: rows the snapshot must hold, checked by count. */
async function ageAll(t: TestApp) {
  await t.app.db.kysely.updateTable('responses').set({ stored_at: '2021-06-01T00:00:00.000Z' }).execute();
}

beforeAll(async () => {
  database = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-snapshots-'));
  const t = await start(true);
  try {
    await submit(t, 60);
    await ageAll(t);
  } finally {
    await t.close();
  }
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Each case starts the app several times (and signs in with scrypt): slow on a busy machine.
describe('a results snapshot', { timeout: 400_000 }, () => {
  it('is written when the server stops, and a start loads it with the figures of a full build', async () => {
    const first = await start(true);
    try {
      await figures(first);
      expect(first.app.results.indexes.lastLoad).toMatchObject({ from: 'database' });
    } finally {
      await first.close();
    }
    expect(fs.existsSync(file())).toBe(true);
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot', toppedUp: 0 });
  });

  it('is topped up with the responses stored after it (another instance, an import)', async () => {
    const other = await start(false);
    try {
      await submit(other, 7);
    } finally {
      await other.close();
    }
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot', toppedUp: 7 });
    // That start wrote the topped-up snapshot: the next has nothing to add.
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot', toppedUp: 0 });
  });

  it('is ignored when a response it holds was deleted by hand (older ones by count, recent ones by id)', async () => {
    const t = await start(false);
    try {
      await submit(t, 3);
    } finally {
      await t.close();
    }
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot', toppedUp: 3 });
    const t2 = await start(false);
    try {
      const db = t2.app.db.kysely;
      const recent = await db.selectFrom('responses').select('id').where('stored_at', '>', '2022-01-01').orderBy('id').executeTakeFirstOrThrow();
      await db.deleteFrom('answers').where('response_id', '=', recent.id).execute();
      await db.deleteFrom('responses').where('id', '=', recent.id).execute();
    } finally {
      await t2.close();
    }
    expect(await startAndCompare()).toMatchObject({ from: 'database' });
    const t3 = await start(false);
    try {
      await ageAll(t3);
      await figures(t3);
    } finally {
      await t3.close();
    }
    // Written again from the database (all old now); then an old row goes.
    const t4 = await start(true);
    try {
      await figures(t4);
      const db = t4.app.db.kysely;
      const old = await db.selectFrom('responses').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      await t4.app.results.indexes.close();
      await db.deleteFrom('answers').where('response_id', '=', old.id).execute();
      await db.deleteFrom('responses').where('id', '=', old.id).execute();
    } finally {
      await t4.close();
    }
    expect(await startAndCompare()).toMatchObject({ from: 'database' });
  });

  it('is ignored after responses were deleted the product way (the deletion generation moved)', async () => {
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot' });
    const t = await start(false);
    try {
      const db = t.app.db.kysely;
      const one = await db.selectFrom('responses').select('id').orderBy('id').executeTakeFirstOrThrow();
      await db.updateTable('responses').set({ synthetic: 1 }).where('id', '=', one.id).execute();
      const { deleteSyntheticResponses } = await import('../../db/responses.ts');
      await deleteSyntheticResponses(db, new Date().toISOString());
    } finally {
      await t.close();
    }
    expect(await startAndCompare()).toMatchObject({ from: 'database' });
  });

  it('is ignored when truncated or damaged', async () => {
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot' });
    const whole = fs.readFileSync(file());
    fs.writeFileSync(file(), whole.subarray(0, Math.floor(whole.length * 0.7)));
    expect(await startAndCompare()).toMatchObject({ from: 'database' });
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot' });
    const damaged = fs.readFileSync(file());
    damaged[damaged.length - 9]! ^= 0x10;
    fs.writeFileSync(file(), damaged);
    expect(await startAndCompare()).toMatchObject({ from: 'database' });
    fs.writeFileSync(file(), 'not a snapshot');
    expect(await startAndCompare()).toMatchObject({ from: 'database' });
  });

  it('is ignored for another survey version and for another survey', async () => {
    expect(await startAndCompare()).toMatchObject({ from: 'snapshot' });
    const changed = structuredClone(definition);
    (changed.pages[0]!.elements[0] as { title?: string }).title = 'Kotikunta (muutettu)';
    const newVersion = { 'kaikki.json': envelope('kaikki', changed, { municipalityQuestion: 'kunta' }) };
    expect(await startAndCompare(newVersion)).toMatchObject({ from: 'database' });
    expect(await startAndCompare(newVersion)).toMatchObject({ from: 'snapshot' });
    // Another survey's file under this one's name.
    const other = { ...newVersion, 'toinen.json': envelope('toinen', definition, { municipalityQuestion: 'kunta' }) };
    const t = await start(true, other);
    try {
      const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
      expect((await t.app.inject({ method: 'GET', url: '/api/results/toinen/summary', headers: analyst.headers })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
    fs.copyFileSync(snapshotFile(dir, databaseKey(database.url), 'toinen'), file());
    expect(await startAndCompare(newVersion)).toMatchObject({ from: 'database' });
  });
});
