import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKey, readSnapshot, snapshotFile } from '../../server/results/snapshot.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, isPostgresRun, type TestDatabase } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn } from '../factories/users.ts';

/*
 * Two instances on one PostgreSQL database sharing one RESULTS_SNAPSHOT_DIR (one volume mounted
 * into both containers): both start from the same snapshot file, one stores answers and rewrites
 * the file while the other reads it (serving results, and a third instance starting from it), and
 * no instance ever serves figures other than the database's: no torn file is loaded (each write is
 * to a temporary name, then renamed), and no start from an older file leaves out answers stored
 * after it (the start tops it up from the database). Each instance is an app of its own (its own
 * pool, index and snapshot schedule), here in one test process.
 */

let database: TestDatabase;
let dir: string;
const surveys = { 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) };
const ages = ['13-17', '18-29', '30-64', '65+'];
let counter = 0;

function answer(): Record<string, unknown> {
  const i = counter++;
  const data = allTypesAnswer({ kunta: ['564', '305', '072'][i % 3], ikaryhma: ages[i % 4], muutos: 'ei', elama: 1 + (i % 5) });
  delete data['alueet-Comment'];
  delete data.alueet;
  return data;
}

const start = (snapshots: boolean) => buildTestApp(surveys, { database, config: { resultsSnapshotDir: snapshots ? dir : false, submitRateLimit: 100_000, loginRateLimit: 100_000 } });
const file = () => snapshotFile(dir, databaseKey(database.url), 'kaikki');

async function submit(t: TestApp, count: number) {
  const version = t.app.catalog.get('kaikki')!.version;
  for (let k = 0; k < count; k++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id: crypto.randomUUID(), version, data: answer(), locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
}

/** What an analyst of this instance sees: the respondents, and the age groups' and life ratings' counts. */
async function figures(t: TestApp) {
  const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const out: Record<string, unknown> = {};
  for (const question of ['ikaryhma', 'elama']) {
    const res = await t.app.inject({ method: 'GET', url: `/api/results/kaikki/questions/${question}`, headers: analyst.headers });
    expect(res.statusCode, res.body).toBe(200);
    const county = (res.json() as { groups: { n: number; categories?: { value: string; count: number | null }[]; rating?: unknown }[] }).groups[0]!;
    out[question] = { n: county.n, categories: county.categories?.map((c) => [c.value, c.count]), rating: county.rating ?? null };
  }
  return out;
}

/** The database's own figures: an index built from it alone, no snapshot. */
async function truth() {
  const t = await start(false);
  try {
    return await figures(t);
  } finally {
    await t.close();
  }
}

const stored = async (t: TestApp) => Number((await t.app.db.kysely.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.skipIf(!isPostgresRun())('two instances sharing a results snapshot folder on PostgreSQL (runs only with DATABASE_URL=postgres://…)', { timeout: 600_000 }, () => {
  let a: TestApp;
  let b: TestApp;
  let open = false;

  beforeAll(async () => {
    database = await freshDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-shared-snapshots-'));
    const seed = await start(true);
    try {
      await submit(seed, 40);
      await figures(seed);
    } finally {
      await seed.close();
    }
  }, 300_000);

  afterAll(async () => {
    if (open) await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('both start from the one snapshot, with the database\'s figures', async () => {
    expect(fs.existsSync(file())).toBe(true);
    [a, b] = await Promise.all([start(true), start(true)]);
    open = true;
    const [figuresA, figuresB] = await Promise.all([figures(a), figures(b)]);
    expect(a.app.results.indexes.lastLoad).toMatchObject({ from: 'snapshot', toppedUp: 0 });
    expect(b.app.results.indexes.lastLoad).toMatchObject({ from: 'snapshot', toppedUp: 0 });
    const expected = await truth();
    expect(figuresA).toEqual(expected);
    expect(figuresB).toEqual(expected);
  });

  it('while A stores answers and rewrites the file, B and a new instance read it: never torn, never stale', async () => {
    for (let round = 0; round < 3; round++) {
      // A: answers, then its snapshot rewritten, again and again; meanwhile B rewrites its own
      // (older) view of the same file, reads of the file run all the time, and C starts from it.
      let writing = true;
      const reads: string[] = [];
      const reader = (async () => {
        while (writing) {
          // Any file read while the two instances write must be whole: readSnapshot checks the
          // checksum and every array against the header, and throws on anything torn.
          const snapshot = await readSnapshot(file());
          reads.push(snapshot ? `${snapshot.header.size}` : 'none');
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const writer = (async () => {
        for (let k = 0; k < 3; k++) {
          await submit(a, 4);
          await Promise.all([a.app.results.indexes.saveChanged(), b.app.results.indexes.saveChanged()]);
        }
      })();
      const c = await start(true);
      let figuresC;
      try {
        await writer;
        figuresC = await figures(c);
        // C started from the file (never rejected as damaged), whatever it held at that moment.
        expect(c.app.results.indexes.lastLoad, `round ${round}`).toMatchObject({ from: 'snapshot' });
      } finally {
        writing = false;
        await reader;
        await c.close();
      }
      expect(reads.length, `round ${round}`).toBeGreaterThan(0);
      expect(reads, `round ${round}`).not.toContain('none');

      const expected = await truth();
      expect((expected.ikaryhma as { n: number }).n).toBe(await stored(a));
      // C answered after all of A's answers were stored: its figures are the database's, though its
      // file may have been written before some of them (a start tops up from the database).
      expect(figuresC, `round ${round}: the instance started during the writes`).toEqual(expected);
      expect(await figures(a), `round ${round}: A`).toEqual(expected);
      // B catches up with A's answers from the database: polled, bounded (up to 10 s), because this
      // is about correctness, not a timing threshold.
      let seen = await figures(b);
      for (let waited = 0; JSON.stringify(seen) !== JSON.stringify(expected) && waited < 10_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        seen = await figures(b);
      }
      expect(seen, `round ${round}: B`).toEqual(expected);
    }
  });

  it('a start after both stopped loads the last file written, topped up to the database', async () => {
    await submit(b, 5);
    open = false;
    await Promise.all([a.close(), b.close()]);
    const snapshot = await readSnapshot(file());
    expect(snapshot).not.toBeNull();
    const again = await start(true);
    try {
      const seen = await figures(again);
      expect(again.app.results.indexes.lastLoad).toMatchObject({ from: 'snapshot' });
      expect(seen).toEqual(await truth());
      expect(again.app.results.indexes.states().find((s) => s.surveyId === 'kaikki')?.responses).toBe(await stored(again));
    } finally {
      await again.close();
    }
  });
});
