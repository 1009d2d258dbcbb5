import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest } from '../../db/connect.ts';
import { projectRoot } from '../../server/config.ts';
import { loadGeography } from '../../server/geography.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';
import { DEMO_CODING_QUESTION, replaceDemoCoding } from '../../tools/demo/coding.ts';
import { replaceDemoData } from '../../tools/demo/store.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

// `npm run demo`'s coded question, read back through the coding and results API on the shipped surveys.
const surveys = path.join(projectRoot, 'surveys');
let database: TestDatabase;
let t: TestApp;
let analyst: SignedIn;
let made: Awaited<ReturnType<typeof replaceDemoCoding>>;

beforeAll(async () => {
  database = await freshDatabase();
  const db = connect(database.url);
  try {
    await migrateToLatest(db);
    const geography = loadGeography(path.join(surveys, 'geography/municipalities.csv'));
    const catalog = await SurveyCatalog.open(db.kysely, surveys, geography);
    await replaceDemoData(db.kysely, catalog, geography, { seed: 2021, residents: 1500 });
    catalog.dispose();
    await replaceDemoCoding(db.kysely, new Date());
    // A second run replaces the demo's codebook rather than adding another.
    made = await replaceDemoCoding(db.kysely, new Date());
  } finally {
    await db.close();
  }
  t = await buildTestApp({}, { database, config: { surveysDir: surveys, loginRateLimit: 100_000 } });
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
}, 240_000);
afterAll(async () => {
  await t?.close();
  await database?.drop();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });

describe('the demo data set codes an open question', () => {
  it('has one codebook of five codes and a finished two-coder sample with agreement and disagreements', async () => {
    expect(made).not.toBeNull();
    const books = (await get('/api/coding/surveys/minun-arkeni/codebooks')).json().codebooks;
    expect(books).toHaveLength(1);
    expect(books[0]).toMatchObject({ question: DEMO_CODING_QUESTION, codes: 5 });
    const samples = (await get(`/api/coding/codebooks/${books[0].id}/samples`)).json().samples;
    expect(samples).toHaveLength(1);
    const sample = (await get(`/api/coding/samples/${samples[0].id}`)).json();
    expect(sample.complete).toBe(true);
    const agreement = (await get(`/api/coding/samples/${sample.id}/agreement`)).json();
    expect(agreement.overall.units).toBe(sample.size);
    // Two coders who mostly agree: high but not perfect agreement.
    expect(agreement.overall.kappa).toBeGreaterThan(0.6);
    expect(agreement.overall.kappa).toBeLessThan(1);
    const disagreements = (await get(`/api/coding/samples/${sample.id}/disagreements`)).json().items;
    expect(disagreements).toHaveLength(made!.disagreements);
    expect(disagreements.some((d: { consensus: unknown }) => d.consensus !== null)).toBe(true);
  });

  it('gives the results a coded variable with figures by area', async () => {
    const res = await get(`/api/results/minun-arkeni/questions/${DEMO_CODING_QUESTION}:codes?groupBy=area`);
    expect(res.statusCode, res.body).toBe(200);
    const county = res.json().groups.find((g: { key: string }) => g.key === 'county');
    expect(county.n).toBeGreaterThan(100);
    expect(county.categories).toHaveLength(5);
    expect(county.categories.filter((c: { count: number | null }) => (c.count ?? 0) > 0).length).toBeGreaterThanOrEqual(4);
  });
});
