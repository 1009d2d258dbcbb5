import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPopulation } from '../../db/population.ts';
import { weightingMeta } from '../../server/results/weighted.ts';
import { computeWeights } from '../../server/results/weighting.ts';
import { readEnvelope } from '../../server/surveys/envelope.ts';
import { expectClose, readReference } from '../analysis/reference.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The server's weighted figures through the HTTP API against R's survey package on the reference
 * data of test/analysis/reference/calibration.R (150 respondents in five municipalities, one with 4
 * respondents and 12 % of the population, so its margin needs weights above 4 × the mean): the
 * weighted proportions with the calibrated and the fixed-weight variance, logit intervals, design
 * effects, the Rao–Scott tests and the weight diagnostics, to 1e-9.
 */

interface Estimate {
  estimate: number;
  se: number;
  deff: number;
  ci: [number, number];
}
interface Both {
  calibrated: Estimate;
  fixed: Estimate;
}
interface MeanEstimate {
  estimate: number;
  se: number;
  df: number;
  ci: [number, number];
}
interface RaoScott {
  pearson: number;
  chisqDf: number;
  chisqP: number;
  f: number;
  ndf: number;
  ddf: number;
  fP: number;
}
interface Diagnostics {
  min: number;
  max: number;
  mean: number;
  designEffect: number;
  effectiveSampleSize: number;
}
interface Reference {
  data: { muni: string[]; sex: string[]; age: string[]; q: (string | null)[]; wants: (0 | 1 | null)[]; rating: (string | null)[] };
  population: { muni: Record<string, number>; sex: Record<string, number>; age: Record<string, number> };
  calibrated: { weights: number[]; diagnostics: Diagnostics };
  q: (Both & { value: string })[];
  wants: Both;
  wantsWomen: Both;
  ratingMean: { calibrated: MeanEstimate; fixed: MeanEstimate };
  ratingMeanWomen: { calibrated: MeanEstimate; fixed: MeanEstimate };
  raoScott: Record<'q_sex' | 'q_age', { calibrated: RaoScott; fixed: RaoScott }>;
  bounded: { bounds: [number, number]; weights: number[]; diagnostics: Diagnostics; wants: Estimate };
}

const reference = readReference<Reference>('calibration.json');
const { data } = reference;
// The reference's municipalities A–E as municipalities of the county's geography.
const CODE: Record<string, string> = { A: '564', B: '244', C: '139', D: '208', E: '072' };
const SEX: Record<string, string> = { F: 'nainen', M: 'mies' };

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: Object.values(CODE) },
    { type: 'radiogroup', name: 'sukupuoli', choices: ['nainen', 'mies'] },
    { type: 'radiogroup', name: 'ika', choices: ['15-39', '40-64', '65+'] },
    { type: 'radiogroup', name: 'q', choices: ['x', 'y', 'z'] },
    { type: 'radiogroup', name: 'wants', choices: ['0', '1'] },
    { type: 'rating', name: 'arvio', rateValues: [1, 2, 3, 4, 5, { value: 'eos', text: 'En osaa sanoa' }] },
  ],
};
const weighting = {
  sex: { question: 'sukupuoli', categories: { nainen: 'female', mies: 'male' } },
  ageGroup: { question: 'ika', categories: { '15-39': '15-39', '40-64': '40-64', '65+': '65+' } },
};
// Every figure of the reference is of the county: no suppression in the way of the comparison.
const suppression = { minGroupSize: 1, minCellSize: 1 };

/**
 * A population table municipality × sex × age group in whole persons whose margins are exactly the
 * reference's (raking reads only the margins): the north-west corner rule, first municipality × sex,
 * then each of those cells × age group.
 */
function populationTable(): [string, string, string, number][] {
  const corner = (rows: [string, number][], columns: [string, number][]) => {
    const out: [string, string, number][] = [];
    const left = columns.map(([, n]) => n);
    let j = 0;
    for (const [row, total] of rows) {
      let need = total;
      while (need > 0) {
        const take = Math.min(need, left[j]!);
        if (take > 0) out.push([row, columns[j]![0], take]);
        need -= take;
        left[j]! -= take;
        if (left[j] === 0) j++;
      }
    }
    return out;
  };
  const muniSex = corner(Object.entries(reference.population.muni), Object.entries(reference.population.sex));
  const cells = corner(
    muniSex.map(([m, s, n]) => [`${m}|${s}`, n]),
    Object.entries(reference.population.age),
  );
  return cells.map(([key, age, n]) => {
    const [m, s] = key.split('|') as [string, string];
    return [CODE[m]!, s === 'F' ? 'female' : 'male', age, n];
  });
}

let t: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  t = await buildTestApp(
    {
      'viite.json': envelope('viite', definition, { municipalityQuestion: 'kunta', weighting, suppression }),
      'viiterajat.json': envelope('viiterajat', definition, { municipalityQuestion: 'kunta', weighting: { ...weighting, bounds: reference.bounded.bounds }, suppression }),
    },
    { config: { submitRateLimit: 100_000 } },
  );
  admin = await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email);
  for (const survey of ['viite', 'viiterajat']) {
    for (let i = 0; i < data.muni.length; i++) {
      const answers: Record<string, string | number> = { kunta: CODE[data.muni[i]!]!, sukupuoli: SEX[data.sex[i]!]!, ika: data.age[i]! };
      if (data.q[i] !== null) answers.q = data.q[i]!;
      if (data.wants[i] !== null) answers.wants = String(data.wants[i]);
      const rating = data.rating[i];
      if (rating !== null && rating !== undefined) answers.arvio = rating === 'eos' ? rating : Number(rating);
      const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data: answers, locale: 'fi' } });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
  const csv = ['municipality,sex,age_group,population', ...populationTable().map((r) => r.join(','))].join('\n');
  const loaded = await t.app.inject({ method: 'PUT', url: '/api/admin/population', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: csv });
  expect(loaded.statusCode, loaded.body).toBe(200);
  expect(loaded.json().total).toBe(200000);
}, 120_000);
afterAll(async () => t?.close());

interface WeightedCategory {
  value: string;
  weighted: { percent: number; ci: { lower: number; upper: number }; se: number | null; deff: number | null; ciMethod: string } | null;
}

async function county(survey: string, question: string, query: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/results/${survey}/questions/${question}?weights=population${query}`, headers: admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  const group = body.groups.find((g: { key: string }) => g.key === 'county');
  return { meta: body.meta, categories: group.categories as WeightedCategory[] };
}

function expectFigure(category: WeightedCategory | undefined, expected: Estimate): void {
  const w = category!.weighted!;
  expectClose(w.percent, 100 * expected.estimate);
  expectClose(w.se, 100 * expected.se);
  expectClose(w.deff, expected.deff);
  expect(w.ciMethod).toBe('logit');
  expectClose(w.ci.lower, 100 * expected.ci[0]);
  expectClose(w.ci.upper, 100 * expected.ci[1]);
}

describe('weighted proportions equal R\'s calibrated design (rake()/calibrate()) and its fixed-weight variant', () => {
  it('the default is the calibrated variance, and the answer says so', async () => {
    const { meta, categories } = await county('viite', 'wants', '');
    expect(meta.weighting.intervals).toBe('calibrated');
    expectFigure(categories.find((c) => c.value === '1'), reference.wants.calibrated);
  });

  it('se=fixed gives the weights-as-given variance, labelled', async () => {
    const { meta, categories } = await county('viite', 'wants', '&se=fixed');
    expect(meta.weighting.intervals).toBe('fixed-weights');
    expectFigure(categories.find((c) => c.value === '1'), reference.wants.fixed);
  });

  it('every category of a question with missing answers, both variants', async () => {
    for (const [query, variant] of [['', 'calibrated'], ['&se=fixed', 'fixed']] as const) {
      const { categories } = await county('viite', 'q', query);
      for (const expected of reference.q) expectFigure(categories.find((c) => c.value === expected.value), expected[variant]);
    }
  });

  it('a domain (a filter on sex) keeps the whole design, as subset() of a calibrated design', async () => {
    for (const [query, variant] of [['', 'calibrated'], ['&se=fixed', 'fixed']] as const) {
      const { categories } = await county('viite', 'wants', `&filter=sukupuoli:nainen${query}`);
      expectFigure(categories.find((c) => c.value === '1'), reference.wantsWomen[variant]);
    }
  });

  it('a se other than calibrated or fixed is a 400 naming it, not a silent default', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/results/viite/questions/wants?weights=population&se=robust', headers: admin.headers });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/se/);
  });
});

describe('a rating\'s weighted mean equals R\'s svymean on the calibrated and the fixed-weight design', () => {
  async function ratingOf(query: string) {
    const res = await t.app.inject({ method: 'GET', url: `/api/results/viite/questions/arvio${query}`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return { meta: body.meta, rating: body.groups.find((g: { key: string }) => g.key === 'county').rating };
  }
  function expectMean(weighted: { mean: number; se: number | null; ci: { lower: number; upper: number } | null } | null | undefined, expected: MeanEstimate): void {
    expect(weighted).toBeTruthy();
    expectClose(weighted!.mean, expected.estimate);
    expectClose(weighted!.se!, expected.se);
    expectClose(weighted!.ci!.lower, expected.ci[0]);
    expectClose(weighted!.ci!.upper, expected.ci[1]);
  }

  it('"can\'t say" left out; calibrated by default, fixed with se=fixed; the unweighted mean stays beside it', async () => {
    const scale = data.rating.filter((r): r is string => r !== null && r !== 'eos').map(Number);
    const unweighted = scale.reduce((a, b) => a + b, 0) / scale.length;
    for (const [query, variant] of [['', 'calibrated'], ['&se=fixed', 'fixed']] as const) {
      const { meta, rating } = await ratingOf(`?weights=population${query}`);
      expect(meta.weighting.intervals).toBe(variant === 'calibrated' ? 'calibrated' : 'fixed-weights');
      expectMean(rating.weighted, reference.ratingMean[variant]);
      expectClose(rating.mean, unweighted);
      // The weighting moves the mean: the figure is not the unweighted one relabelled.
      expect(Math.abs(rating.weighted.mean - rating.mean)).toBeGreaterThan(0.01);
    }
    expect(reference.ratingMean.calibrated.df).toBe(scale.length - 1);
  });

  it('a domain (a filter on sex) keeps the whole design, both variants', async () => {
    for (const [query, variant] of [['', 'calibrated'], ['&se=fixed', 'fixed']] as const) {
      const { rating } = await ratingOf(`?weights=population&filter=sukupuoli:nainen${query}`);
      expectMean(rating.weighted, reference.ratingMeanWomen[variant]);
    }
  });

  it('an unweighted view has no weighted mean', async () => {
    const { rating } = await ratingOf('');
    expect(rating.mean).not.toBeNull();
    expect(rating.weighted).toBeUndefined();
  });
});

describe('the weighting diagnostics beside the figures', () => {
  it('no bounds by default: every margin met, with weights above 4 × the mean; R\'s Kish figures', async () => {
    const { meta } = await county('viite', 'wants', '');
    const w = meta.weighting;
    const expected = reference.calibrated.diagnostics;
    expect(w.bounds).toBeNull();
    expect(w.boundsBind).toBe(false);
    expect(w.converged).toBe(true);
    expect(w.maxRelativeError).toBeLessThan(1e-9);
    expect(w.respondents).toBe(150);
    expect(w.weights.max / w.weights.mean).toBeGreaterThan(4);
    expectClose(w.weights.min, expected.min);
    expectClose(w.weights.max, expected.max);
    expectClose(w.weights.mean, expected.mean);
    expectClose(w.designEffect, expected.designEffect);
    expectClose(w.effectiveSampleSize, expected.effectiveSampleSize);
  });

  it('bounds from the envelope are used, reported and said to bind; the figures are calibrate(bounds = …)\'s', async () => {
    const { meta, categories } = await county('viiterajat', 'wants', '');
    const w = meta.weighting;
    expect(w.bounds).toEqual({ lower: reference.bounded.bounds[0], upper: reference.bounded.bounds[1] });
    expect(w.boundsBind).toBe(true);
    expect(w.converged).toBe(true);
    expectClose(w.weights.max, reference.bounded.diagnostics.max);
    expectClose(w.designEffect, reference.bounded.diagnostics.designEffect);
    expectFigure(categories.find((c) => c.value === '1'), { ...reference.bounded.wants, ci: reference.bounded.wants.ci });
  });
});

describe('the Rao–Scott tests of a weighted cross-tabulation equal svychisq', () => {
  for (const [name, column] of [
    ['q_sex', 'sukupuoli'],
    ['q_age', 'ika'],
  ] as const) {
    it(`${name}: first and second order, calibrated (default) and fixed`, async () => {
      for (const [query, variant] of [['', 'calibrated'], ['&se=fixed', 'fixed']] as const) {
        const res = await t.app.inject({ method: 'GET', url: `/api/results/viite/crosstab?rows=q&columns=${column}&weights=population${query}`, headers: admin.headers });
        expect(res.statusCode, res.body).toBe(200);
        const { table, meta } = res.json();
        expect(meta.weighting.intervals).toBe(variant === 'calibrated' ? 'calibrated' : 'fixed-weights');
        const expected = reference.raoScott[name][variant];
        const test = table.weightedTest;
        expect(test, `the test is ${table.testWithheld ? 'withheld' : 'missing'}`).not.toBeNull();
        expect(test.firstOrder.df).toBe(expected.chisqDf);
        expectClose(test.firstOrder.pValue, expected.chisqP);
        expectClose(test.secondOrder.f, expected.f);
        expectClose(test.secondOrder.df1, expected.ndf);
        expectClose(test.secondOrder.df2, expected.ddf);
        expectClose(test.secondOrder.pValue, expected.fP);
        expectClose(test.firstOrder.chiSquare * test.meanDesignEffect, expected.pearson);
      }
    });
  }
});

describe('the envelope\'s weighting bounds', () => {
  const survey = { elements: [] };
  it('are read as lower and upper multiples of the mean weight, none by default', () => {
    const plain = readEnvelope(envelope('a', survey), 'a');
    expect('meta' in plain && plain.meta.weightingBounds).toBeNull();
    const bounded = readEnvelope(envelope('a', survey, { weighting: { bounds: [0.5, 6] } }), 'a');
    expect('meta' in bounded && bounded.meta.weightingBounds).toEqual({ lower: 0.5, upper: 6 });
    expect('meta' in bounded && bounded.meta.weighting).toBeNull();
  });

  it('refuse bounds that cannot hold the mean weight, or sex without age group, naming what is wrong', () => {
    for (const bounds of [[1.5, 4], [0.25, 0.5], [0.5], ['0.5', 4]]) {
      const result = readEnvelope(envelope('a', survey, { weighting: { bounds } }), 'a');
      expect('problems' in result && result.problems.join('; '), JSON.stringify(bounds)).toMatch(/weighting\.bounds/);
    }
    const equal = readEnvelope(envelope('a', survey, { weighting: { bounds: [1, 1] } }), 'a');
    expect('problems' in equal && equal.problems.join('; ')).toMatch(/lower < upper/);
    const half = readEnvelope(envelope('a', survey, { weighting: { sex: weighting.sex } }), 'a');
    expect('problems' in half && half.problems.join('; ')).toMatch(/both sex and ageGroup/);
  });
});

describe('raking by publication unit', () => {
  it('rakes the place margin per unit (its municipalities\' population summed), and reports a unit\'s margin error only when all of it is visible', async () => {
    const index = await t.app.results.indexes.ready('viiterajat');
    const meta = t.app.catalog.get('viiterajat')!.meta;
    const table = await listPopulation(t.app.db.kysely);
    // A (60 respondents) and E (4) published as one unit.
    const units = new Map([
      [CODE.A!, 'AE'],
      [CODE.E!, 'AE'],
    ]);
    const entry = await computeWeights(index, meta, t.app.geography, table, 'test', { units });
    const population = reference.population.muni;
    expect(entry.placePopulation).toMatchObject({ AE: population.A! + population.E!, [CODE.B!]: population.B });
    expect(Object.keys(entry.placePopulation)).not.toContain(CODE.A);
    let unit = 0;
    for (let r = 0; r < index.size; r++) if (entry.placeOfSlot[index.municipality[r]!] === 'AE') unit += entry.weights[r]!;
    // The survey's bounds (0.3–5 × the mean) still let every margin be met.
    expect(entry.converged).toBe(true);
    expectClose(unit, population.A! + population.E!, 1e-8);
    const slotOf = (code: string) => t.app.geography.municipalities.findIndex((m) => m.code === code) + 1;
    const visible = new Uint8Array(t.app.geography.municipalities.length + 1);
    visible[slotOf(CODE.A!)] = 1;
    visible[slotOf(CODE.B!)] = 1;
    // Off the margins on purpose: a unit's error would then be a figure. Only B's (wholly visible) may count.
    const shifted = { ...entry, weights: entry.weights.map((w, r) => (index.municipality[r] === slotOf(CODE.A!) ? w * 1.5 : w)) };
    const partly = weightingMeta(shifted, index, t.app.geography, visible, 'calibrated');
    expect(partly.maxRelativeError).toBeLessThan(1e-8);
    expect(partly.respondents).toBe(data.muni.filter((m) => m === 'A' || m === 'B').length);
    visible[slotOf(CODE.E!)] = 1;
    const whole = weightingMeta(shifted, index, t.app.geography, visible, 'calibrated');
    expect(whole.maxRelativeError).toBeGreaterThan(0.1);
  });
});
