import { describe, expect, it } from 'vitest';
import { changeBetweenWaves, meanSe, proportionSe } from '../../analysis/change-between-waves.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { expectClose, readReference } from '../analysis/reference.ts';

// changeBetweenWaves, proportionSe and meanSe against R's survey package
// (Rscript test/analysis/reference/trends.R test/analysis/reference/trends.json): per wave the
// answerers as a simple random sample, the two waves as strata of one design and svycontrast.

interface Estimate {
  n: number;
  estimate: number;
  se: number;
}
interface Line {
  value?: string;
  w2021: Estimate;
  w2025: Estimate;
  change: { difference: number; se: number; ci: [number, number]; z: number; p: number };
}
interface Reference {
  data: { w2021: { rating: (number | null)[] }; w2025: { rating: (number | null)[] } };
  unweighted: { need: Line[]; alueet: Line[]; rating: Line };
}
const reference = readReference<Reference>('trends.json');

describe('changeBetweenWaves', () => {
  it('equals svycontrast on the stacked, stratified design for every proportion of the reference', () => {
    for (const line of [...reference.unweighted.need, ...reference.unweighted.alueet]) {
      for (const wave of [line.w2021, line.w2025]) expectClose(proportionSe(Math.round(wave.estimate * wave.n), wave.n), wave.se, 1e-9);
      const c = changeBetweenWaves(line.w2021, line.w2025);
      expectClose(c.difference, line.change.difference, 1e-9);
      expectClose(c.se, line.change.se, 1e-9);
      expectClose(c.ci.lower, line.change.ci[0], 1e-9);
      expectClose(c.ci.upper, line.change.ci[1], 1e-9);
      expectClose(c.z, line.change.z, 1e-9);
      expectClose(c.p, line.change.p, 1e-9);
    }
  });

  it('a mean\'s se is sd/√n, as svymean on the answerers', () => {
    for (const [values, wave] of [[reference.data.w2021.rating, reference.unweighted.rating.w2021], [reference.data.w2025.rating, reference.unweighted.rating.w2025]] as const) {
      const x = values.filter((v): v is number => v !== null);
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
      expectClose(meanSe(sd, x.length), wave.se, 1e-9);
    }
  });

  it('no change with no variance has no test; bad input is named', () => {
    expect(changeBetweenWaves({ estimate: 0.5, se: 0 }, { estimate: 0.5, se: 0 })).toEqual({ difference: 0, se: 0, ci: { lower: 0, upper: 0 }, z: null, p: null });
    expect(proportionSe(1, 1)).toBeNull();
    expect(meanSe(1, 1)).toBeNull();
    expect(() => changeBetweenWaves({ estimate: 0.5, se: -1 }, { estimate: 0.5, se: 0.1 })).toThrow(InvalidInputError);
    expect(() => changeBetweenWaves({ estimate: 0.5, se: 0.1 }, { estimate: Number.NaN, se: 0.1 })).toThrow('changeBetweenWaves: later.estimate must be a finite number (got NaN)');
    expect(() => proportionSe(5, 4)).toThrow(InvalidInputError);
  });
});
