// What a viewer's results say about the data (`meta`): only their own places. A viewer of Kuusamo
// and Taivalkoski gets responses, synthetic responses, the data's date and the weighting's
// diagnostics of those two municipalities, computed here from what was stored, and no figure of the
// county or of Oulu, Hailuoto or respondents outside the county.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kishDesignEffect } from '../../analysis/design-effect.ts';
import { rakeWeights } from '../../analysis/rake-weights.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: ['564', '305', '832', '072', 'muu'] },
    { type: 'radiogroup', name: 'sukupuoli', choices: ['nainen', 'mies', 'muu'] },
    { type: 'radiogroup', name: 'ika', choices: ['nuori', 'aikuinen'] },
    { type: 'boolean', name: 'tyytyvainen' },
    { type: 'comment', name: 'kommentti' },
  ],
};
const weighting = {
  sex: { question: 'sukupuoli', categories: { nainen: 'female', mies: 'male' } },
  ageGroup: { question: 'ika', categories: { nuori: '13-29', aikuinen: '30+' } },
};
const SEX = weighting.sex.categories as Record<string, string>;
const AGE = weighting.ageGroup.categories as Record<string, string>;
const SCOPE = ['305', '832'];
// The viewer's places first, so that the county's latest answer is outside their scope.
const PLAN: [string, number][] = [
  ['305', 24],
  ['832', 17],
  ['564', 45],
  ['072', 11],
  ['muu', 4],
];
const POPULATION: Record<string, number> = { '564': 216152, '305': 14876, '832': 3683, '072': 927 };

interface Stored {
  id: string;
  kunta: string;
  sukupuoli: string;
  ika: string;
  tyytyvainen: boolean;
  at: string;
  synthetic: boolean;
}

let t: TestApp;
let now = new Date('2026-11-29T08:00:00.000Z');
let analyst: SignedIn;
let viewer: SignedIn;
const stored: Stored[] = [];

beforeAll(async () => {
  t = await buildTestApp(
    { 'rajattu.json': envelope('rajattu', definition, { municipalityQuestion: 'kunta', weighting, suppression: { minGroupSize: 5, minCellSize: 1 } }) },
    { clock: () => now, config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } },
  );
  let i = 0;
  for (const [kunta, count] of PLAN) {
    for (let k = 0; k < count; k++, i++) {
      now = new Date(now.getTime() + 60_000);
      const data = { kunta, sukupuoli: i % 7 === 0 ? 'muu' : i % 2 ? 'nainen' : 'mies', ika: i % 3 === 0 ? 'nuori' : 'aikuinen', tyytyvainen: i % 4 < 2, kommentti: `vastaus ${i}` };
      const id = crypto.randomUUID();
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/rajattu/responses', payload: { id, version: 1, data, locale: 'fi' } });
      expect(res.statusCode).toBe(201);
      stored.push({ id, ...data, at: now.toISOString(), synthetic: i % 8 === 0 });
    }
  }
  // Some of them marked synthetic, as `npm run demo` marks its own, before the results first load.
  await t.app.db.kysely
    .updateTable('responses')
    .set({ synthetic: 1 })
    .where('id', 'in', stored.filter((s) => s.synthetic).map((s) => s.id))
    .execute();
  t.app.results.indexes.invalidate('rajattu');

  const admin = await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email);
  const table = ['municipality,sex,age_group,population'];
  for (const [code, total] of Object.entries(POPULATION)) {
    const young = Math.round(total * 0.2);
    table.push(`${code},female,13-29,${Math.round(young * 0.48)}`, `${code},male,13-29,${young - Math.round(young * 0.48)}`);
    table.push(`${code},female,30+,${Math.round((total - young) * 0.51)}`, `${code},male,30+,${total - young - Math.round((total - young) * 0.51)}`);
  }
  const loaded = await t.app.inject({ method: 'PUT', url: '/api/admin/population', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: table.join('\n') });
  expect(loaded.statusCode).toBe(200);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', municipalities: SCOPE })).email);
});
afterAll(async () => t.close());

const get = async (url: string, as: SignedIn) => {
  const res = await t.app.inject({ method: 'GET', url, headers: as.headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

/** The raking the server should do, done here from the stored answers and the loaded table. */
function expectedWeights() {
  const inCounty = (s: Stored) => s.kunta in POPULATION;
  const respondents = stored.map((s) => ({ municipality: inCounty(s) ? s.kunta : null, sex: SEX[s.sukupuoli] ?? null, ageGroup: AGE[s.ika] ?? null }));
  const present = new Set(stored.filter(inCounty).map((s) => s.kunta));
  const municipality = Object.fromEntries(Object.entries(POPULATION).filter(([code]) => present.has(code)));
  const total = Object.values(municipality).reduce((a, b) => a + b, 0);
  const sex = { female: 0, male: 0 };
  const age = { '13-29': 0, '30+': 0 };
  for (const [code, n] of Object.entries(municipality)) {
    const young = Math.round(n * 0.2);
    sex.female += Math.round(young * 0.48) + Math.round((n - young) * 0.51);
    age['13-29'] += young;
  }
  sex.male = total - sex.female;
  age['30+'] = total - age['13-29'];
  const raked = rakeWeights(
    respondents,
    [
      { variable: 'municipality', population: municipality },
      { variable: 'sex', population: sex },
      { variable: 'ageGroup', population: age },
    ],
  );
  return raked;
}

describe("county-wide figures in a viewer's results meta", () => {
  it('carries the figures of their own two municipalities only, never the county-wide or another place’s', async () => {
    const mine = stored.filter((s) => SCOPE.includes(s.kunta));
    const raked = expectedWeights();
    const myWeights = stored.map((s, i) => ({ s, w: raked.weights[i] })).filter((x) => SCOPE.includes(x.s.kunta));
    const weighted = myWeights.filter((x) => x.w !== null).map((x) => x.w!);
    const kish = kishDesignEffect(weighted);
    const relativeErrors = SCOPE.map((code) => Math.abs(myWeights.filter((x) => x.s.kunta === code).reduce((sum, x) => sum + (x.w ?? 0), 0) - POPULATION[code]!) / POPULATION[code]!);
    const expected = {
      responses: mine.length,
      synthetic: mine.filter((s) => s.synthetic).length,
      dataAsOf: mine.map((s) => s.at).sort().at(-1),
      excluded: myWeights.filter((x) => x.w === null).length,
      designEffect: kish.designEffect,
      effectiveSampleSize: kish.effectiveSampleSize,
      maxRelativeError: Math.max(...relativeErrors),
    };

    // What the county-wide meta and the other places would say: the test can tell them apart.
    const county = (await get('/api/results/rajattu/questions/tyytyvainen?groupBy=municipality&weights=population', analyst)).meta;
    expect(county).toMatchObject({ responses: stored.length, synthetic: stored.filter((s) => s.synthetic).length, dataAsOf: stored.at(-1)!.at });
    expect(county.weighting.unrepresented).toHaveLength(26);
    const others = stored.filter((s) => !SCOPE.includes(s.kunta));
    const outside = new Set<number>([
      county.responses,
      county.synthetic,
      county.weighting.excluded,
      county.weighting.designEffect,
      county.weighting.effectiveSampleSize,
      county.weighting.maxRelativeError,
      others.length,
      others.filter((s) => s.synthetic).length,
      ...['564', '072', 'muu'].flatMap((code) => {
        const place = stored.filter((s) => s.kunta === code);
        return [place.length, place.filter((s) => s.synthetic).length, place.filter((s) => !SEX[s.sukupuoli]).length];
      }),
    ]);
    for (const figure of [expected.responses, expected.synthetic, expected.excluded, expected.designEffect, expected.effectiveSampleSize]) expect(outside.has(figure)).toBe(false);

    const views = [
      '/api/results/rajattu/questions/tyytyvainen?groupBy=municipality&weights=population',
      '/api/results/rajattu/summary?groupBy=municipality&weights=population',
      '/api/results/rajattu/crosstab?rows=ika&columns=tyytyvainen&group=305&weights=population',
      '/api/results/rajattu/questions/tyytyvainen?compare=305,832',
      '/api/results/rajattu/open/kommentti?group=832',
    ];
    for (const url of views) {
      const { meta } = await get(url, viewer);
      expect(meta.responses, url).toBe(expected.responses);
      expect(meta.synthetic, url).toBe(expected.synthetic);
      expect(meta.dataAsOf, url).toBe(expected.dataAsOf);
      expect(meta.suppression).toEqual({ minGroupSize: 5, minCellSize: 1 });
      if (url.includes('weights=population')) {
        expect(meta.weighting).toMatchObject({ method: 'raking', margins: ['municipality', 'sex', 'ageGroup'], bounds: null, boundsBind: false, excluded: expected.excluded, unrepresented: [] });
        expect(meta.weighting.designEffect).toBeCloseTo(expected.designEffect, 10);
        expect(meta.weighting.effectiveSampleSize).toBeCloseTo(expected.effectiveSampleSize, 8);
        expect(meta.weighting.maxRelativeError).toBeCloseTo(expected.maxRelativeError, 10);
        expect(meta.weighting.converged).toBe(raked.converged || expected.maxRelativeError <= 1e-10);
      } else {
        expect(meta.weighting).toBeNull();
      }
      // Every number in the viewer's meta but the configuration (suppression rule, weighting bounds).
      const numbers = [meta.responses, meta.synthetic, ...(meta.weighting ? [meta.weighting.designEffect, meta.weighting.effectiveSampleSize, meta.weighting.excluded] : [])];
      for (const n of numbers) expect(outside.has(n), `${url}: ${n} is a figure from outside the scope`).toBe(false);
      expect(meta.dataAsOf).not.toBe(county.dataAsOf);
      for (const code of ['564', '072']) expect(JSON.stringify(meta)).not.toContain(code);
    }
    // The same count as the viewer's list of surveys gives.
    const list = await get('/api/results/surveys', viewer);
    expect(list.surveys.find((s: { id: string }) => s.id === 'rajattu').responses).toBe(expected.responses);
  });

  it('stays county-wide for an analyst', async () => {
    const raked = expectedWeights();
    const { meta } = await get('/api/results/rajattu/summary?weights=population', analyst);
    expect(meta.responses).toBe(stored.length);
    expect(meta.weighting.excluded).toBe(raked.excluded);
    expect(meta.weighting.designEffect).toBeCloseTo(raked.designEffect, 10);
    expect(meta.weighting.converged).toBe(raked.converged);
  });
});
