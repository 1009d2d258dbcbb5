import { describe, expect, it } from 'vitest';
import { kishDesignEffect } from '../../analysis/design-effect.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { rakeWeights, type Margin } from '../../analysis/rake-weights.ts';
import { raoScottChiSquare } from '../../analysis/rao-scott-chi-square.ts';
import { tabulateWeighted } from '../../analysis/tabulate-weighted.ts';
import { weightedMean } from '../../analysis/weighted-mean.ts';
import { weightedProportion, weightedProportionFromSums } from '../../analysis/weighted-proportion.ts';
import { expectClose, readReference } from './reference.ts';

// Expected values: Rscript test/analysis/reference/weighting.R test/analysis/reference/weighting.json
interface RaoScottReference {
  pearson: number;
  chisqDf: number;
  chisqP: number;
  f: number;
  ndf: number;
  ddf: number;
  fP: number;
}
interface Estimate {
  estimate: number;
  se: number;
  ci: [number, number];
}
interface Reference {
  data: {
    area: string[];
    sex: string[];
    age: string[];
    q1: (string | null)[];
    wants: (0 | 1 | null)[];
    score: (number | null)[];
  };
  population: Record<string, Record<string, number>>;
  rake: { weights: number[]; kish: { designEffect: number; effectiveSampleSize: number } };
  bounded: { bounds: [number, number]; weights: number[]; kish: { designEffect: number; effectiveSampleSize: number } };
  q1: (Estimate & { value: string })[];
  wants: Estimate;
  score: Estimate;
  raoScott: { q1_sex: RaoScottReference; q1_age: RaoScottReference };
}

const reference = readReference<Reference>('weighting.json');
const { data } = reference;
const respondents = data.area.map((area, i) => ({ area, sex: data.sex[i]!, age: data.age[i]! }));
const margins: Margin[] = Object.entries(reference.population).map(([variable, population]) => ({ variable, population }));
const weights = reference.rake.weights;

describe('rakeWeights against survey::rake and survey::calibrate', () => {
  it('rakes to the margins as rake() run to convergence', () => {
    const result = rakeWeights(respondents, margins);
    expect(result.converged).toBe(true);
    expect(result.n).toBe(80);
    result.weights.forEach((w, i) => expectClose(w, weights[i]!, 1e-9));
    expectClose(result.designEffect, reference.rake.kish.designEffect, 1e-9);
    expectClose(result.effectiveSampleSize, reference.rake.kish.effectiveSampleSize, 1e-9);
    expectClose(result.populationTotal, 100000);
  });

  it('trims within the raking as calibrate(calfun = "raking", bounds) does', () => {
    const [lower, upper] = reference.bounded.bounds;
    const result = rakeWeights(respondents, margins, { trim: { lower, upper } });
    expect(result.converged).toBe(true);
    result.weights.forEach((w, i) => expectClose(w, reference.bounded.weights[i]!, 1e-8));
    expectClose(result.weightRatio.min, lower);
    expectClose(result.weightRatio.max, upper);
    expectClose(result.designEffect, reference.bounded.kish.designEffect, 1e-8);
  });

  it('meets every margin exactly', () => {
    const result = rakeWeights(respondents, margins, { trim: { lower: 0.45, upper: 2 } });
    for (const { variable, population } of margins) {
      for (const [category, size] of Object.entries(population)) {
        const total = respondents.reduce((sum, r, i) => sum + (r[variable as 'area'] === category ? result.weights[i]! : 0), 0);
        expectClose(total, size, 1e-9);
      }
    }
  });

  it('reports failure to converge when the bounds make the margins impossible', () => {
    const result = rakeWeights(respondents, margins, { trim: { lower: 0.9, upper: 1.1 } });
    expect(result.converged).toBe(false);
    expect(result.maxRelativeError).toBeGreaterThan(0.01);
    expect(result.weightRatio.max).toBeLessThanOrEqual(1.1 + 1e-12);
    expect(result.weightRatio.min).toBeGreaterThanOrEqual(0.9 - 1e-12);
  });

  it('leaves out respondents with a missing category and says how many', () => {
    const withGaps = [...respondents, { area: 'A', sex: null, age: '65+' }, { area: undefined, sex: 'F', age: '65+' }];
    const result = rakeWeights(withGaps, margins);
    expect(result.excluded).toBe(2);
    expect(result.weights.slice(-2)).toEqual([null, null]);
    expectClose(result.weights[0], weights[0]!, 1e-9);
  });

  it('names the margin and category that has respondents but no population, or the reverse', () => {
    const noPopulation = margins.map((m) => (m.variable === 'age' ? { variable: 'age', population: { '15-39': 38000, '40-64': 62000 } } : m));
    expect(() => rakeWeights(respondents, noPopulation)).toThrow(
      'rakeWeights: margin "age" category "65+" has 26 respondent(s) but no population',
    );
    const noRespondents = margins.map((m) => (m.variable === 'area' ? { variable: 'area', population: { A: 30000, B: 45000, C: 20000, D: 5000 } } : m));
    expect(() => rakeWeights(respondents, noRespondents)).toThrow(
      'rakeWeights: margin "area" category "D" has a population of 5000 but no respondents',
    );
    const unequal = [...margins, { variable: 'x', population: { a: 1 } }];
    expect(() => rakeWeights(respondents, unequal)).toThrow(InvalidInputError);
  });
});

describe('Kish design effect', () => {
  it('matches n·Σw²/(Σw)² as computed in R', () => {
    const { designEffect, effectiveSampleSize } = kishDesignEffect(weights);
    expectClose(designEffect, reference.rake.kish.designEffect);
    expectClose(effectiveSampleSize, reference.rake.kish.effectiveSampleSize);
    expect(kishDesignEffect([3, 3, 3]).designEffect).toBe(1);
  });
});

describe('weighted estimates against svymean / svyciprop(method = "logit")', () => {
  it('weighted proportions of a single-choice question, those who answered', () => {
    const table = tabulateWeighted(data.q1, weights, [
      { value: 'x', label: 'X' },
      { value: 'y', label: 'Y' },
      { value: 'z', label: 'Z' },
    ]);
    expect(table.n).toBe(data.q1.filter((v) => v !== null).length);
    reference.q1.forEach((expected, k) => {
      const row = table.categories[k]!;
      expect(row.value).toBe(expected.value);
      expectClose(row.percent, 100 * expected.estimate);
      expectClose(row.se, 100 * expected.se);
      expectClose(row.ci.lower, 100 * expected.ci[0], 1e-8);
      expectClose(row.ci.upper, 100 * expected.ci[1], 1e-8);
      expect(row.ciMethod).toBe('logit');
    });
  });

  it('a weighted proportion of a 0/1 variable with missing answers', () => {
    const result = weightedProportion(data.wants, weights);
    expectClose(result.estimate, reference.wants.estimate);
    expectClose(result.se, reference.wants.se);
    expectClose(result.ci.lower, reference.wants.ci[0], 1e-8);
    expectClose(result.ci.upper, reference.wants.ci[1], 1e-8);
  });

  it('a weighted mean with confint(svymean(), df = degf(design))', () => {
    const result = weightedMean(data.score, weights);
    expectClose(result.estimate, reference.score.estimate);
    expectClose(result.se, reference.score.se);
    expectClose(result.ci?.lower, reference.score.ci[0], 1e-8);
    expectClose(result.ci?.upper, reference.score.ci[1], 1e-8);
  });

  it('falls back to a Wilson interval on the effective n when the estimate is 0 or 1', () => {
    const result = weightedProportion([0, 0, 0, null], [1, 2, 3, 4]);
    expect(result.estimate).toBe(0);
    expect(result.ciMethod).toBe('wilson-effective-n');
    expect(result.ci.lower).toBe(0);
    expect(result.ci.upper).toBeGreaterThan(0);
  });

  it('multiple choice: percentages of those who answered, adding up to more than 100', () => {
    const table = tabulateWeighted([['a', 'b'], ['a'], [], null, ['b', 'c']], [1, 2, 3, 4, 5], [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
      { value: 'c', label: 'C' },
    ]);
    expect(table.n).toBe(3);
    expectClose(table.categories[0]!.percent, (100 * 3) / 8);
    expectClose(table.categories[1]!.percent, (100 * 6) / 8);
    expectClose(table.categories[2]!.percent, (100 * 5) / 8);
  });
});

describe('raoScottChiSquare against svychisq', () => {
  for (const [name, column] of [
    ['q1_sex', data.sex],
    ['q1_age', data.age],
  ] as const) {
    it(`${name}: statistic = "Chisq" and the default "F"`, () => {
      const expected = reference.raoScott[name];
      const result = raoScottChiSquare(data.q1, column, weights);
      expectClose(result.pearson, expected.pearson);
      expect(result.df).toBe(expected.chisqDf);
      expectClose(result.firstOrder.pValue, expected.chisqP, 1e-8);
      expectClose(result.secondOrder.f, expected.f, 1e-8);
      expectClose(result.secondOrder.df1, expected.ndf, 1e-8);
      expectClose(result.secondOrder.df2, expected.ddf, 1e-8);
      expectClose(result.secondOrder.pValue, expected.fP, 1e-8);
    });
  }
});

describe('weightedProportionFromSums', () => {
  it('gives the row-wise result from Σw, Σw², Σwy, Σw²y (and the design size)', () => {
    const y = data.wants;
    const sums = { n: 0, count: 0, sumW: 0, sumW2: 0, sumWY: 0, sumW2Y: 0, designSize: y.length };
    y.forEach((v, i) => {
      if (v === null) return;
      const w = weights[i]!;
      sums.n += 1;
      sums.count += v;
      sums.sumW += w;
      sums.sumW2 += w * w;
      sums.sumWY += w * v;
      sums.sumW2Y += w * w * v;
    });
    const fromSums = weightedProportionFromSums(sums);
    expectClose(fromSums.estimate, reference.wants.estimate);
    expectClose(fromSums.se, reference.wants.se, 1e-9);
    expectClose(fromSums.ci.lower, reference.wants.ci[0], 1e-8);
    expectClose(fromSums.ci.upper, reference.wants.ci[1], 1e-8);
  });
});
