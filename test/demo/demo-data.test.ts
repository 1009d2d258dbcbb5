import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest, type Db } from '../../db/connect.ts';
import { projectRoot } from '../../server/config.ts';
import { CHANGE_AREA_PERCENT, MUNICIPALITIES_WITHOUT_ANSWERS, SEED_WANTING_CHANGE, demoSurveys } from '../../tools/demo/index.ts';
import { replaceDemoData, type DemoSummary } from '../../tools/demo/store.ts';
import { loadGeography } from '../../server/geography.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// The shipped surveys and geography, as `npm run demo` uses them, on a database of this file's own.
const geography = loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
let database: TestDatabase;
let db: Db;
let catalog: SurveyCatalog;
let first: DemoSummary;

beforeAll(async () => {
  database = await freshDatabase();
  db = connect(database.url);
  await migrateToLatest(db);
  catalog = await SurveyCatalog.open(db.kysely, path.join(projectRoot, 'surveys'), geography);
  first = await replaceDemoData(db.kysely, catalog, geography, { seed: 2021 });
}, 120_000);

afterAll(async () => {
  catalog.dispose();
  await db.close();
  await database.drop();
});

const residents = () => db.kysely.selectFrom('responses').where('survey_id', '=', 'minun-arkeni');

describe('npm run demo: the stored data set', () => {
  it('stores every generated answer (none rejected by validation), all marked synthetic', async () => {
    const generated = Object.fromEntries(demoSurveys({ seed: 2021, geography }).map((s) => [s.surveyId, s.count]));
    expect(Object.fromEntries(first.stored.map((s) => [s.surveyId, s.count]))).toEqual(generated);
    expect(first.skipped).toEqual([]);
    const rows = await db.kysely.selectFrom('responses').select(['survey_id', 'synthetic', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['survey_id', 'synthetic']).execute();
    expect(Object.fromEntries(rows.map((r) => [r.survey_id, Number(r.n)]))).toEqual(generated);
    expect(rows.every((r) => r.synthetic === 1)).toBe(true);
  });

  it('has the seed survey\'s 4,693 residents in 28 municipalities, roughly by population, some too few to show', async () => {
    const perMunicipality = await residents()
      .select(['municipality_code', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('municipality_code')
      .execute();
    const counts = new Map(perMunicipality.map((r) => [r.municipality_code, Number(r.n)]));
    expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(4693);
    expect(counts.size).toBe(28);
    for (const code of MUNICIPALITIES_WITHOUT_ANSWERS) expect(counts.has(code)).toBe(false);
    expect([...counts.values()].every((n) => n >= 1)).toBe(true);
    expect([...counts.values()].filter((n) => n < 10).length).toBeGreaterThanOrEqual(2);
    const oulu = counts.get('564')! / 4693;
    expect(oulu).toBeGreaterThan(0.4);
    expect(oulu).toBeLessThan(0.55);
  });

  it('has exactly 2,677 residents wanting change, and they are the ones who answered the 1–3 question', async () => {
    const wanting = await db.kysely
      .selectFrom('answers')
      .select((eb) => eb.fn.count<number>('response_id').distinct().as('n'))
      .where('survey_id', '=', 'minun-arkeni')
      .where('question', '=', 'muutostarve')
      .where('value', 'in', ['pieni_muutos', 'suuri_muutos'])
      .executeTakeFirstOrThrow();
    expect(Number(wanting.n)).toBe(SEED_WANTING_CHANGE);
  });

  it('reproduces the seed chart: each area within half a percentage point of those who answered the 1–3 question', async () => {
    const answered = await db.kysely
      .selectFrom('answers')
      .select((eb) => eb.fn.count<number>('response_id').distinct().as('n'))
      .where('survey_id', '=', 'minun-arkeni')
      .where('question', '=', 'muutos_osa_alueet')
      .executeTakeFirstOrThrow();
    const n = Number(answered.n);
    expect(n).toBe(2677);
    const perValue = await db.kysely
      .selectFrom('answers')
      .select(['value', (eb) => eb.fn.count<number>('response_id').distinct().as('picked')])
      .where('survey_id', '=', 'minun-arkeni')
      .where('question', '=', 'muutos_osa_alueet')
      .groupBy('value')
      .execute();
    const percent = Object.fromEntries(perValue.map((r) => [r.value, (100 * Number(r.picked)) / n]));
    expect(Object.keys(percent).sort()).toEqual(Object.keys(CHANGE_AREA_PERCENT).sort());
    for (const [value, expected] of Object.entries(CHANGE_AREA_PERCENT)) {
      expect(Math.abs(percent[value]! - expected), `${value}: ${percent[value]!.toFixed(2)} % vs ${expected} %`).toBeLessThanOrEqual(0.5);
    }
    // Each resident picked one to three areas.
    const perResponse = await sql<{ picks: number; n: number }>`
      select picks, count(*) as n from (
        select response_id, count(*) as picks from answers
        where survey_id = 'minun-arkeni' and question = 'muutos_osa_alueet' group by response_id
      ) per_response group by picks order by picks`.execute(db.kysely);
    expect(perResponse.rows.map((r) => Number(r.picks))).toEqual([1, 2, 3]);
    // "Jokin muu" always comes with its text.
    const comments = await db.kysely.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', 'minun-arkeni').where('question', '=', 'muutos_osa_alueet-Comment').executeTakeFirstOrThrow();
    expect(Number(comments.n)).toBe(Math.round(0.04 * 2677));
  });

  it('has professionals answering as the deck says: interviews, one answer per municipality', async () => {
    const channels = await db.kysely
      .selectFrom('responses')
      .select(['survey_id', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
      .where('survey_id', 'in', ['nuorisotyo', 'liikuntapalvelut', 'minun-arkeni-jarjestot'])
      .groupBy(['survey_id', 'channel'])
      .execute();
    const by = Object.fromEntries(channels.map((r) => [`${r.survey_id}/${r.channel}`, Number(r.n)]));
    expect(by).toEqual({ 'nuorisotyo/web': 18, 'nuorisotyo/interview': 3, 'liikuntapalvelut/web': 19, 'liikuntapalvelut/interview': 11, 'minun-arkeni-jarjestot/web': 116 });
    // The sport survey's own "filled in an interview" answer agrees with the channel.
    const sport = await db.kysely
      .selectFrom('responses')
      .innerJoin('answers', 'answers.response_id', 'responses.id')
      .select(['responses.channel', 'answers.value'])
      .where('responses.survey_id', '=', 'liikuntapalvelut')
      .where('answers.question', '=', 'tayttotapa')
      .execute();
    expect(sport).toHaveLength(30);
    for (const r of sport) expect(r.value).toBe(r.channel === 'interview' ? 'haastattelu' : 'itse');
    const welfare = await db.kysely.selectFrom('responses').select(['municipality_code']).where('survey_id', '=', 'opiskeluhuolto').execute();
    expect(new Set(welfare.map((r) => r.municipality_code)).size).toBe(welfare.length);
    expect(welfare.length).toBeGreaterThanOrEqual(25);
    const ratios = await db.kysely.selectFrom('answers').select('num').where('survey_id', '=', 'opiskeluhuolto').where('question', '=', 'oppilaita_per_psykologi').execute();
    const nums = ratios.map((r) => r.num!);
    expect(Math.max(...nums) / Math.min(...nums)).toBeGreaterThan(2);
  });
});

describe('npm run demo: the results', () => {
  it('show the seed chart for the county: n = 2,677 and the seed’s percentages of the 1–3 areas', async () => {
    const { ResultsService } = await import('../../server/results/service.ts');
    const results = new ResultsService(db.kysely, catalog, geography);
    // As buildTestApp's: wait for the index however long a busy machine takes (the demo's 2025 wave is in the database too).
    results.indexes.buildWaitMs = Infinity;
    const analyst = { id: 'a', email: 'a@example.fi', role: 'analyst' as const, municipalities: [], areas: [], disabled: false, createdAt: '' };
    const { groups, meta } = await results.question('minun-arkeni', 'muutos_osa_alueet', {}, analyst);
    const county = groups[0]!;
    expect(county.key).toBe('county');
    expect(county.n).toBe(2677);
    expect(meta.synthetic).toBe(meta.responses);
    for (const [value, percent] of Object.entries(CHANGE_AREA_PERCENT)) {
      const category = county.categories!.find((c) => c.value === value)!;
      expect(Math.abs(category.percent! - percent), value).toBeLessThanOrEqual(0.5);
    }
  });
});
