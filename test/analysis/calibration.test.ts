import { describe, expect, it } from 'vitest';
import {
  calibratedCellDesign,
  calibratedDesign,
  calibratedMeanFromCells,
  calibratedProportion,
  calibratedProportionFromCells,
  calibratedRaoScott,
  calibratedRaoScottFromCells,
  type CalibratedProportion,
  type CalibrationCell,
} from '../../analysis/calibrated-design.ts';
import { rakeWeights, type Margin } from '../../analysis/rake-weights.ts';
import { raoScottChiSquare } from '../../analysis/rao-scott-chi-square.ts';
import { weightDiagnostics } from '../../analysis/weight-diagnostics.ts';
import { weightedMean } from '../../analysis/weighted-mean.ts';
import { weightedProportion } from '../../analysis/weighted-proportion.ts';
import { expectClose, readReference } from './reference.ts';

// Expected values: Rscript test/analysis/reference/calibration.R test/analysis/reference/calibration.json
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
interface MeanReference {
  estimate: number;
  se: number;
  df: number;
  ci: [number, number];
}
interface RaoScottReference {
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
  population: Record<string, Record<string, number>>;
  rake: { weights: number[]; diagnostics: Diagnostics };
  rakeDefault: { maxit: number; epsilon: number; weights: number[] };
  rakeRelative: { maxit: number; epsilon: number; weights: number[] };
  rakeThree: { maxit: number; epsilon: number; weights: number[] };
  calibrated: { weights: number[]; diagnostics: Diagnostics };
  q: (Both & { value: string })[];
  wants: Both;
  wantsWomen: Both;
  ratingMean: Record<'calibrated' | 'fixed', MeanReference>;
  ratingMeanWomen: Record<'calibrated' | 'fixed', MeanReference>;
  raoScott: Record<'q_sex' | 'q_age', { calibrated: RaoScottReference; fixed: RaoScottReference }>;
  bounded: { bounds: [number, number]; weights: number[]; diagnostics: Diagnostics; wants: Estimate };
}

const reference = readReference<Reference>('calibration.json');
const { data } = reference;
const respondents = data.muni.map((muni, i) => ({ muni, sex: data.sex[i]!, age: data.age[i]! }));
const margins: Margin[] = Object.entries(reference.population).map(([variable, population]) => ({ variable, population }));
const variables = margins.map((m) => m.variable);
const meanWeight = 200000 / 150;

function expectEstimate(actual: CalibratedProportion, expected: Both): void {
  expectClose(actual.estimate, expected.calibrated.estimate);
  for (const [variant, values] of [
    [actual.calibrated, expected.calibrated],
    [actual.fixedWeights, expected.fixed],
  ] as const) {
    expectClose(variant.se, values.se);
    expectClose(variant.deff, values.deff);
    expect(variant.ciMethod).toBe('logit');
    expectClose(variant.ci.lower, values.ci[0]);
    expectClose(variant.ci.upper, values.ci[1]);
  }
  expect(actual.calibrated.variance).toBe('calibrated');
  expect(actual.fixedWeights.variance).toBe('fixed-weights');
}

describe('raking a municipality that needs weights above 4 × the mean', () => {
  it('meets every margin with no bounds (the default), as rake() and calibrate(calfun = "raking")', () => {
    const result = rakeWeights(respondents, margins);
    expect(result.converged).toBe(true);
    result.weights.forEach((w, i) => expectClose(w, reference.calibrated.weights[i]!, 1e-9));
    expect(result.weightRatio.max).toBeGreaterThan(4);
    expect(result.bounds).toBeNull();
    expect(result.boundsBind).toBe(false);
    const diagnostics = result.diagnostics;
    for (const key of ['min', 'max', 'mean', 'designEffect', 'effectiveSampleSize'] as const) {
      expectClose(diagnostics[key], reference.rake.diagnostics[key]);
    }
  });

  it('cannot meet the small municipality within the old 0.25–4 bounds, and says the bounds bind', () => {
    const result = rakeWeights(respondents, margins, { trim: { lower: 0.25, upper: 4 } });
    expect(result.converged).toBe(false);
    expect(result.boundsBind).toBe(true);
    expect(result.bounds).toEqual({ lower: 0.25, upper: 4 });
    expect(result.atBounds.upper).toBeGreaterThan(0);
    expect(result.maxRelativeError).toBeGreaterThan(0.01);
  });

  it('with bounds that bind but leave the margins reachable, gives calibrate(bounds)\'s weights', () => {
    const [lower, upper] = reference.bounded.bounds;
    const result = rakeWeights(respondents, margins, { trim: { lower, upper } });
    expect(result.converged).toBe(true);
    expect(result.boundsBind).toBe(true);
    expect(result.atBounds).toEqual({ lower: 0, upper: reference.bounded.weights.filter((w) => Math.abs(w / meanWeight - upper) < 1e-9).length });
    result.weights.forEach((w, i) => expectClose(w, reference.bounded.weights[i]!, 1e-9));
    expectClose(result.diagnostics.designEffect, reference.bounded.diagnostics.designEffect);
  });

  for (const name of ['rakeDefault', 'rakeRelative', 'rakeThree'] as const) {
    it(`stops where rake(control = list(maxit, epsilon)) stops: ${name}`, () => {
      const { maxit, epsilon, weights } = reference[name];
      const result = rakeWeights(respondents, margins, { maxit, epsilon });
      result.weights.forEach((w, i) => expectClose(w, weights[i]!, 1e-9));
      expect(result.iterations).toBeLessThanOrEqual(maxit);
    });
  }

  it('R\'s stopping rule: maxit = 3 with a tiny epsilon is not converged; the default control is', () => {
    expect(rakeWeights(respondents, margins, { maxit: 3, epsilon: 1e-11 }).converged).toBe(false);
    const defaults = rakeWeights(respondents, margins, { maxit: 10, epsilon: 1 });
    expect(defaults.converged).toBe(true);
    expect(defaults.iterations).toBeLessThan(10);
    expect(() => rakeWeights(respondents, margins, { maxit: 0 })).toThrow('rakeWeights: maxit must be a whole number ≥ 1 (got 0)');
    expect(() => rakeWeights(respondents, margins, { epsilon: 0 })).toThrow('rakeWeights: epsilon must be a number > 0 (got 0)');
  });
});

describe('weightDiagnostics', () => {
  it('min, max, mean weight, Kish deff and effective n as computed in R', () => {
    const result = weightDiagnostics(reference.calibrated.weights);
    expect(result.n).toBe(150);
    for (const key of ['min', 'max', 'mean', 'designEffect', 'effectiveSampleSize'] as const) {
      expectClose(result[key], reference.calibrated.diagnostics[key]);
    }
    expect(weightDiagnostics([2, null, 2, NaN]).designEffect).toBe(1);
  });
});

describe('calibratedProportion against svymean(deff = TRUE) and svyciprop(method = "logit") on calibrate()', () => {
  const design = calibratedDesign(respondents, variables, reference.calibrated.weights);

  it('a 0/1 variable with missing answers: calibrated and fixed-weight SEs, logit CIs, deff', () => {
    const result = calibratedProportion(data.wants, design);
    expectEstimate(result, reference.wants);
    // The fixed-weight variant is the existing weightedProportion.
    const fixed = weightedProportion(data.wants, reference.calibrated.weights);
    expectClose(result.fixedWeights.se, fixed.se!, 1e-12);
    // Calibration on margins related to the answer lowers the variance here.
    expect(result.calibrated.se!).toBeLessThan(result.fixedWeights.se!);
  });

  it('each category of a single-choice question', () => {
    for (const expected of reference.q) {
      const indicators = data.q.map((v) => (v === null ? null : v === expected.value));
      expectEstimate(calibratedProportion(indicators, design), expected);
    }
  });

  it('a domain (women) of the calibrated design keeps everyone in the design', () => {
    const indicators = data.wants.map((v, i) => (data.sex[i] === 'F' ? v : null));
    expectEstimate(calibratedProportion(indicators, design), reference.wantsWomen);
  });

  it('on a bounded raking that binds, the variance uses the bounded weights', () => {
    const bounded = calibratedDesign(respondents, variables, reference.bounded.weights);
    const result = calibratedProportion(data.wants, bounded);
    const expected = reference.bounded.wants;
    expectClose(result.estimate, expected.estimate);
    expectClose(result.calibrated.se, expected.se);
    expectClose(result.calibrated.deff, expected.deff);
    expectClose(result.calibrated.ci.lower, expected.ci[0]);
    expectClose(result.calibrated.ci.upper, expected.ci[1]);
  });

  it('the weights from rakeWeights give the same as R\'s calibrated weights', () => {
    const own = calibratedDesign(respondents, variables, rakeWeights(respondents, margins).weights);
    expectClose(calibratedProportion(data.wants, own).calibrated.se, reference.wants.calibrated.se);
  });

  it('an answer that is a margin exactly has no calibrated variance', () => {
    const result = calibratedProportion(data.sex.map((s) => s === 'F'), design);
    expectClose(result.estimate, 101000 / 200000);
    expect(result.calibrated.se!).toBeLessThan(1e-12);
    expect(result.fixedWeights.se!).toBeGreaterThan(0.01);
  });

  it('refuses indicators that do not line up with the design, by name', () => {
    expect(() => calibratedProportion([1, 0], design)).toThrow('calibratedProportion: indicators must be one per respondent of the design (150)');
    expect(() => calibratedDesign(respondents, variables, reference.calibrated.weights.slice(1))).toThrow('calibratedDesign: weights must be');
    const gap = respondents.map((r, i) => (i === 3 ? { ...r, sex: null } : r));
    expect(() => calibratedDesign(gap, variables, reference.calibrated.weights)).toThrow('respondent 3 has a weight but no category on "sex"');
  });
});

describe('calibratedRaoScott against svychisq on calibrate()', () => {
  const design = calibratedDesign(respondents, variables, reference.calibrated.weights);
  for (const [name, column] of [
    ['q_sex', data.sex],
    ['q_age', data.age],
  ] as const) {
    it(`${name}: first order (statistic = "Chisq") and second order ("F"), calibrated and fixed`, () => {
      const expected = reference.raoScott[name];
      const calibrated = calibratedRaoScott(data.q, column, design);
      const fixed = raoScottChiSquare(data.q, column, reference.calibrated.weights);
      for (const [result, values] of [
        [calibrated, expected.calibrated],
        [fixed, expected.fixed],
      ] as const) {
        expectClose(result.pearson, values.pearson);
        expect(result.df).toBe(values.chisqDf);
        expectClose(result.firstOrder.pValue, values.chisqP);
        expectClose(result.secondOrder.f, values.f);
        expectClose(result.secondOrder.df1, values.ndf);
        expectClose(result.secondOrder.df2, values.ddf);
        expectClose(result.secondOrder.pValue, values.fP);
      }
      expectClose(calibrated.firstOrder.chiSquare, (expected.calibrated.pearson / calibrated.meanDesignEffect));
    });
  }
});

describe('calibratedProportionFromCells: the same from counts per raking cell', () => {
  // Cells of municipality × sex × age, as a columnar index would count them; raked weights are one per cell.
  function cellsOf(weights: readonly number[]): { cells: CalibrationCell[]; cellOf: number[] } {
    const ids = new Map<string, number>();
    const cells: CalibrationCell[] = [];
    const cellOf = respondents.map((r, i) => {
      const key = `${r.muni}|${r.sex}|${r.age}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = cells.length;
        ids.set(key, id);
        cells.push({ categories: [r.muni, r.sex, r.age], weight: weights[i]!, size: 0 });
      }
      cells[id]!.size += 1;
      return id;
    });
    return { cells, cellOf };
  }
  function tally(cellCount: number, cellOf: number[], indicators: readonly (boolean | 0 | 1 | null)[]) {
    const answered = new Array<number>(cellCount).fill(0);
    const count = new Array<number>(cellCount).fill(0);
    indicators.forEach((y, i) => {
      if (y === null) return;
      answered[cellOf[i]!]! += 1;
      if (y === true || y === 1) count[cellOf[i]!]! += 1;
    });
    return { answered, count };
  }
  const { cells, cellOf } = cellsOf(reference.calibrated.weights);
  const design = calibratedCellDesign(cells);

  it('every estimate of the reference equals R\'s', () => {
    expect(cells.length).toBeLessThan(respondents.length);
    expectEstimate(calibratedProportionFromCells(design, tally(cells.length, cellOf, data.wants)), reference.wants);
    const women = data.wants.map((v, i) => (data.sex[i] === 'F' ? v : null));
    expectEstimate(calibratedProportionFromCells(design, tally(cells.length, cellOf, women)), reference.wantsWomen);
    for (const expected of reference.q) {
      const indicators = data.q.map((v) => (v === null ? null : v === expected.value));
      expectEstimate(calibratedProportionFromCells(design, tally(cells.length, cellOf, indicators)), expected);
    }
  });

  it('calibratedRaoScottFromCells equals svychisq on calibrate() for q × sex and q × age', () => {
    for (const [name, column] of [
      ['q_sex', data.sex],
      ['q_age', data.age],
    ] as const) {
      const rows = ['x', 'y', 'z', 'never'];
      const columns = [...new Set(column)];
      const counts = new Array<number>(cells.length * rows.length * columns.length).fill(0);
      data.q.forEach((q, i) => {
        if (q === null) return;
        counts[cellOf[i]! * rows.length * columns.length + rows.indexOf(q) * columns.length + columns.indexOf(column[i]!)]! += 1;
      });
      const result = calibratedRaoScottFromCells(design, { rows, columns, counts });
      const expected = reference.raoScott[name].calibrated;
      expect(result.rows).toEqual(['x', 'y', 'z']);
      expectClose(result.pearson, expected.pearson);
      expect(result.df).toBe(expected.chisqDf);
      expectClose(result.firstOrder.pValue, expected.chisqP);
      expectClose(result.secondOrder.f, expected.f);
      expectClose(result.secondOrder.df1, expected.ndf);
      expectClose(result.secondOrder.df2, expected.ddf);
      expectClose(result.secondOrder.pValue, expected.fP);
    }
    expect(() => calibratedRaoScottFromCells(design, { rows: ['x'], columns: ['F'], counts: [1] })).toThrow('calibratedRaoScottFromCells: counts must be one per design cell and table cell');
  });

  it('on the bounded raking too', () => {
    const bounded = cellsOf(reference.bounded.weights);
    const result = calibratedProportionFromCells(calibratedCellDesign(bounded.cells), tally(bounded.cells.length, bounded.cellOf, data.wants));
    expectClose(result.calibrated.se, reference.bounded.wants.se);
    expectClose(result.calibrated.deff, reference.bounded.wants.deff);
  });

  it('refuses counts that cannot be, by name', () => {
    const answered = cells.map(() => 0);
    const count = cells.map(() => 0);
    expect(() => calibratedProportionFromCells(design, { answered: [1], count: [0] })).toThrow('calibratedProportionFromCells: answered and count must be one per cell');
    answered[0] = cells[0]!.size + 1;
    expect(() => calibratedProportionFromCells(design, { answered, count })).toThrow('calibratedProportionFromCells: answered[0] must be a whole number from 0 to the cell\'s size');
    expect(() => calibratedCellDesign([{ categories: ['A'], weight: -1, size: 2 }])).toThrow("calibratedCellDesign: every cell's weight must be a finite number > 0");
  });

  describe('calibratedMeanFromCells against svymean and confint(df = degf) on calibrate() and on the fixed weights', () => {
    // "eos" (can't say) and no answer are both outside the mean's domain.
    const scores = data.rating.map((r) => (r === null || r === 'eos' ? null : Number(r)));
    function sums(values: readonly (number | null)[]) {
      const answered = new Array<number>(cells.length).fill(0);
      const sumY = new Array<number>(cells.length).fill(0);
      const sumY2 = new Array<number>(cells.length).fill(0);
      values.forEach((y, i) => {
        if (y === null) return;
        answered[cellOf[i]!]! += 1;
        sumY[cellOf[i]!]! += y;
        sumY2[cellOf[i]!]! += y * y;
      });
      return { answered, sumY, sumY2 };
    }
    const expectMean = (actual: ReturnType<typeof calibratedMeanFromCells>, expected: Record<'calibrated' | 'fixed', MeanReference>) => {
      expectClose(actual.estimate, expected.calibrated.estimate);
      expect(actual.n).toBe(expected.calibrated.df + 1);
      for (const [variant, mine] of [['calibrated', actual.calibrated], ['fixed', actual.fixedWeights]] as const) {
        expectClose(mine.se!, expected[variant].se);
        expectClose(mine.ci!.lower, expected[variant].ci[0]);
        expectClose(mine.ci!.upper, expected[variant].ci[1]);
      }
    };

    it('in the county and in a domain (women), both variants', () => {
      expectMean(calibratedMeanFromCells(design, sums(scores)), reference.ratingMean);
      expectMean(calibratedMeanFromCells(design, sums(scores.map((y, i) => (data.sex[i] === 'F' ? y : null)))), reference.ratingMeanWomen);
      // The calibration makes a difference here: the calibrated se is not the fixed one.
      expect(reference.ratingMean.calibrated.se).toBeLessThan(0.95 * reference.ratingMean.fixed.se);
    });

    it('the fixed-weight variant equals the row-wise weightedMean over the same design', () => {
      const rowWise = weightedMean(scores, reference.calibrated.weights);
      const cellWise = calibratedMeanFromCells(design, sums(scores)).fixedWeights;
      expectClose(cellWise.se!, rowWise.se!);
      expectClose(cellWise.ci!.lower, rowWise.ci!.lower);
    });

    it('one answer has a mean but no se or interval; impossible sums are refused by name', () => {
      const one = scores.map((y, i) => (i === scores.findIndex((s) => s !== null) ? y : null));
      const result = calibratedMeanFromCells(design, sums(one));
      expect(result.n).toBe(1);
      expect(result.estimate).toBe(one.find((y) => y !== null));
      expect(result.calibrated).toEqual({ variance: 'calibrated', se: null, ci: null });
      expect(() => calibratedMeanFromCells(design, { answered: [1], sumY: [1], sumY2: [1] })).toThrow('calibratedMeanFromCells: answered, sumY and sumY2 must be one per cell');
      const none = sums(scores.map(() => null));
      expect(() => calibratedMeanFromCells(design, none)).toThrow('calibratedMeanFromCells: answered must be at least one respondent in all');
      none.sumY[0] = NaN;
      expect(() => calibratedMeanFromCells(design, none)).toThrow('calibratedMeanFromCells: sumY[0] and sumY2[0] must be finite numbers');
    });
  });
});
