import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/connect.ts';
import { databaseKey, snapshotFile } from '../../server/results/snapshot.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn } from '../factories/users.ts';

/*
 * Answers changed in the database by hand (SQL outside the app: a response deleted, an answer or a
 * response edited in place) must not be served from a results snapshot written before the change,
 * nor from the index in memory: the change is detected, and the figures are the database's. An edit
 * in place keeps every count a snapshot is checked by, so only the database can tell (its triggers
 * move the survey's deletion generation).
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

async function start(snapshots: boolean): Promise<TestApp> {
  return buildTestApp(surveys, { database, config: { resultsSnapshotDir: snapshots ? dir : false, submitRateLimit: 100_000, loginRateLimit: 100_000 } });
}

/** The age groups' counts as an analyst sees them, and the total. */
async function ageCounts(t: TestApp): Promise<{ n: number; counts: Record<string, number> }> {
  const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const res = await t.app.inject({ method: 'GET', url: '/api/results/kaikki/questions/ikaryhma', headers: analyst.headers });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { groups: { n: number; categories: { value: string; count: number | null }[] }[] };
  const county = body.groups[0]!;
  return { n: county.n, counts: Object.fromEntries(county.categories.map((v) => [v.value, v.count ?? -1])) };
}

/** A change made beside the app, on a connection of its own, as an operator's SQL session would. */
async function byHand(change: (db: ReturnType<typeof connect>['kysely']) => Promise<unknown>) {
  const db = connect(database.url);
  try {
    await change(db.kysely);
  } finally {
    await db.close();
  }
}

/** Starts with the snapshot folder: how the index loaded, and its figures. */
async function startFromSnapshot() {
  const t = await start(true);
  try {
    const figures = await ageCounts(t);
    return { load: t.app.results.indexes.lastLoad, figures };
  } finally {
    await t.close();
  }
}

/** The figures of an index built from the database alone. */
async function fullBuild() {
  const t = await start(false);
  try {
    return await ageCounts(t);
  } finally {
    await t.close();
  }
}

beforeAll(async () => {
  database = await freshDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-hand-edit-'));
  const t = await start(true);
  try {
    const version = t.app.catalog.get('kaikki')!.version;
    for (let k = 0; k < 24; k++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id: crypto.randomUUID(), version, data: answer(), locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
    await ageCounts(t);
  } finally {
    await t.close();
  }
}, 300_000);
afterAll(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a change made by hand in SQL', { timeout: 300_000 }, () => {
  it('to an answer in place is not served from the snapshot: the index is built from the database', async () => {
    const before = await startFromSnapshot();
    expect(before.load).toMatchObject({ from: 'snapshot' });
    expect(fs.existsSync(snapshotFile(dir, databaseKey(database.url), 'kaikki'))).toBe(true);
    expect(before.figures.counts['65+']).toBe(6);

    // One respondent's age group moved from 13-17 to 65+: every count a snapshot is checked by stays.
    await byHand(async (db) => {
      const one = await db.selectFrom('answers').select('response_id').where('question', '=', 'ikaryhma').where('value', '=', '13-17').orderBy('response_id').executeTakeFirstOrThrow();
      await db.updateTable('answers').set({ value: '65+' }).where('response_id', '=', one.response_id).where('question', '=', 'ikaryhma').execute();
    });
    const after = await startFromSnapshot();
    expect(after.load).toMatchObject({ from: 'database' });
    expect(after.figures.counts['65+']).toBe(7);
    expect(after.figures.counts['13-17']).toBe(5);
    expect(after.figures).toEqual(await fullBuild());
    // The start after that wrote a snapshot of the edited data, which the next start trusts.
    const again = await startFromSnapshot();
    expect(again.load).toMatchObject({ from: 'snapshot' });
    expect(again.figures).toEqual(after.figures);
  });

  it('to a response row in place (its municipality) is detected as well', async () => {
    await startFromSnapshot();
    await byHand(async (db) => {
      const one = await db.selectFrom('responses').select('id').where('municipality_code', '=', '564').orderBy('id').executeTakeFirstOrThrow();
      await db.updateTable('responses').set({ municipality_code: '305' }).where('id', '=', one.id).execute();
    });
    expect((await startFromSnapshot()).load).toMatchObject({ from: 'database' });
  });

  it('deleting one response and its answers, even with another added so the count stays, is detected', async () => {
    const before = await startFromSnapshot();
    expect(before.load).toMatchObject({ from: 'snapshot' });
    await byHand(async (db) => {
      const one = await db.selectFrom('responses').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      const answers = await db.selectFrom('answers').selectAll().where('response_id', '=', one.id).execute();
      await db.deleteFrom('answers').where('response_id', '=', one.id).execute();
      await db.deleteFrom('responses').where('id', '=', one.id).execute();
      // The same answers under another id, stored at the same moment: the count before the cut is the same.
      const id = crypto.randomUUID();
      await db.insertInto('responses').values({ ...one, id }).execute();
      await db.insertInto('answers').values(answers.map((a) => ({ ...a, response_id: id }))).execute();
    });
    const after = await startFromSnapshot();
    expect(after.load).toMatchObject({ from: 'database' });
    expect(after.figures).toEqual(await fullBuild());
    expect(after.figures.n).toBe(before.figures.n);
  });

  it('while the server runs makes the index in memory reload', async () => {
    const t = await start(true);
    try {
      const before = await ageCounts(t);
      await byHand(async (db) => {
        const one = await db.selectFrom('answers').select('response_id').where('question', '=', 'ikaryhma').where('value', '=', '18-29').orderBy('response_id').executeTakeFirstOrThrow();
        await db.updateTable('answers').set({ value: '30-64' }).where('response_id', '=', one.response_id).where('question', '=', 'ikaryhma').execute();
      });
      // The index looks for changes made beside it on a schedule (as for another instance's
      // answers), not on every request: wait for the reload, then check what it read.
      let after = await ageCounts(t);
      for (let i = 0; i < 80 && after.counts['18-29'] === before.counts['18-29']; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await ageCounts(t);
      }
      expect(after.counts['18-29']).toBe(before.counts['18-29']! - 1);
      expect(after.counts['30-64']).toBe(before.counts['30-64']! + 1);
    } finally {
      await t.close();
    }
  });

  it('the app\'s own deletion of demo responses still bumps the generation once, not once per row', async () => {
    const generation = async () => {
      let value = 0;
      await byHand(async (db) => (value = (await db.selectFrom('response_deletions').select('generation').where('survey_id', '=', 'kaikki').executeTakeFirst())?.generation ?? 0));
      return value;
    };
    const { deleteSyntheticResponses } = await import('../../db/responses.ts');
    // Marking two responses as demo data is itself a change by hand (one bump each).
    await byHand((db) => db.updateTable('responses').set({ synthetic: 1 }).where('id', 'in', db.selectFrom('responses').select('id').orderBy('id').limit(2)).execute());
    const before = await generation();
    await byHand((db) => db.transaction().execute((trx) => deleteSyntheticResponses(trx, new Date().toISOString())));
    expect(await generation()).toBe(before + 1);
  });
});
