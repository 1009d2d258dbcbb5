import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rakeWeights } from '../../analysis/rake-weights.ts';
import { weightedProportion } from '../../analysis/weighted-proportion.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/* Raking to municipality × sex × age-group margins from a population table an admin loads. */

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: ['564', '305'] },
    { type: 'radiogroup', name: 'sukupuoli', choices: ['nainen', 'mies', 'muu'] },
    { type: 'radiogroup', name: 'ika', choices: ['nuori', 'aikuinen'] },
    { type: 'boolean', name: 'tyytyvainen' },
  ],
};
const weighting = {
  sex: { question: 'sukupuoli', categories: { nainen: 'female', mies: 'male' } },
  ageGroup: { question: 'ika', categories: { nuori: '13-29', aikuinen: '30+' } },
};
const population = [
  ['564', 'female', '13-29', 20000],
  ['564', 'male', '13-29', 21000],
  ['564', 'female', '30+', 60000],
  ['564', 'male', '30+', 55000],
  ['305', 'female', '13-29', 1500],
  ['305', 'male', '13-29', 1700],
  ['305', 'female', '30+', 5200],
  ['305', 'male', '30+', 5000],
  // Children are not in the survey's population: the margins leave this age group out.
  ['564', 'female', '0-12', 13000],
] as const;

let t: TestApp;
let admin: SignedIn;
const answers: { kunta: string; sukupuoli: string; ika: string; tyytyvainen: boolean }[] = [];

beforeAll(async () => {
  t = await buildTestApp({ 'paino.json': envelope('paino', definition, { municipalityQuestion: 'kunta', weighting }) }, { config: { submitRateLimit: 100_000 } });
  admin = await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email);
  // A sample leaning young and female in Oulu, old and male in Kuusamo.
  for (let i = 0; i < 90; i++) {
    const kunta = i < 60 ? '564' : '305';
    const sukupuoli = i % 9 === 0 ? 'muu' : (kunta === '564' ? i % 3 !== 0 : i % 4 === 0) ? 'nainen' : 'mies';
    const ika = (kunta === '564' ? i % 2 === 0 : i % 5 === 0) ? 'nuori' : 'aikuinen';
    const data = { kunta, sukupuoli, ika, tyytyvainen: (i * 7) % 10 < (ika === 'nuori' ? 3 : 7) };
    answers.push(data);
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/paino/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => t.close());

const csv = (rows: readonly (readonly (string | number)[])[]) => ['municipality,sex,age_group,population', ...rows.map((r) => r.join(','))].join('\n');

describe('the population table', () => {
  it('is refused with every bad line named, and nothing loaded', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/admin/population', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: csv([['999', 'female', '13-29', 5], ['564', 'male', '30+', -1]]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.detail).toMatch(/line 2: '999' is not a municipality code/);
    expect(res.json().error.detail).toMatch(/line 3: population must be a whole number/);
    const summary = await t.app.inject({ method: 'GET', url: '/api/admin/population', headers: admin.headers });
    expect(summary.json().rows).toBe(0);
  });

  it('rakes to municipality, sex and age-group margins once loaded, matching an independent raking', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/admin/population', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: csv(population) });
    expect(res.json()).toEqual({ rows: 9, total: 156000 + 13400 + 13000 });
    // The fixed-weight variance (se=fixed), which weightedProportion gives; the default calibrated one is checked against R in weighting-reference.test.ts.
    const results = await t.app.inject({ method: 'GET', url: '/api/results/paino/questions/tyytyvainen?weights=population&se=fixed', headers: admin.headers });
    const body = results.json();
    expect(body.meta.weighting).toMatchObject({ margins: ['municipality', 'sex', 'ageGroup'], excluded: answers.filter((a) => a.sukupuoli === 'muu').length });

    const adults = population.filter((p) => p[2] !== '0-12');
    const total = (pick: (p: (typeof adults)[number]) => string) => adults.reduce<Record<string, number>>((o, p) => ({ ...o, [pick(p)]: (o[pick(p)] ?? 0) + p[3] }), {});
    const raked = rakeWeights(
      answers.map((a) => ({ municipality: a.kunta, sex: weighting.sex.categories[a.sukupuoli as 'nainen'] ?? null, ageGroup: weighting.ageGroup.categories[a.ika as 'nuori'] })),
      [
        { variable: 'municipality', population: total((p) => p[0]) },
        { variable: 'sex', population: total((p) => p[1]) },
        { variable: 'ageGroup', population: total((p) => p[2]) },
      ],
    );
    // No bounds unless the survey's envelope sets them, so the margins are met.
    expect(raked.converged).toBe(true);
    expect(body.meta.weighting).toMatchObject({ converged: true, bounds: null, boundsBind: false, intervals: 'fixed-weights' });
    expect(body.meta.weighting.designEffect).toBeCloseTo(raked.designEffect, 10);
    const kept = answers.map((a, i) => ({ a, w: raked.weights[i] })).filter((x) => x.w !== null) as { a: (typeof answers)[number]; w: number }[];
    const expected = weightedProportion(kept.map((x) => x.a.tyytyvainen), kept.map((x) => x.w));
    const county = body.groups.find((g: { key: string }) => g.key === 'county');
    expect(county.n).toBe(kept.length);
    expect(county.weightedN).toBeCloseTo(kept.reduce((sum, x) => sum + x.w, 0), 6);
    const yes = county.categories.find((c: { value: string }) => c.value === 'true');
    expect(yes.weighted.percent).toBeCloseTo(100 * expected.estimate, 8);
    expect(yes.weighted.ci.lower).toBeCloseTo(100 * expected.ci.lower, 8);
    expect(yes.weighted.ci.upper).toBeCloseTo(100 * expected.ci.upper, 8);
    // Unweighted n and percentages stay beside the weighted ones.
    expect(yes.count).toBe(kept.filter((x) => x.a.tyytyvainen).length);
    const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit?action=population.load', headers: admin.headers });
    expect(audit.json().entries).toHaveLength(1);
  });
});

describe('a weighted cross-tabulation', () => {
  it('carries the Rao–Scott test of the same weights', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/results/paino/crosstab?rows=ika&columns=tyytyvainen&weights=population', headers: admin.headers });
    const { table, meta } = res.json();
    expect(meta.weighting.margins).toEqual(['municipality', 'sex', 'ageGroup']);
    expect(table.weightedTest.firstOrder.df).toBe(1);
    expect(table.weightedTest.firstOrder.pValue).toBeGreaterThan(0);
    expect(table.weightedTest.secondOrder.pValue).toBeLessThanOrEqual(1);
    expect(table.test.pValue).toBeGreaterThan(0); // the unweighted test stays beside it
  });
});
