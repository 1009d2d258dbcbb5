import { describe, expect, it } from 'vitest';
import { agreement, cohensKappa, krippendorffAlpha, percentAgreement, presenceRatings } from '../../analysis/agreement.ts';
import { InvalidInputError } from '../../analysis/invalid-input.ts';
import { expectClose, readReference } from './reference.ts';

// Expected values: Rscript test/analysis/reference/agreement.R test/analysis/reference/agreement.json
// (base-R formulas; irr is not in Debian), with published values of the worked examples.
interface Case {
  name: string;
  ratings: (string | null)[][];
  percent: number;
  kappa: number | null;
  alpha: number;
  published: number | null;
}
const reference = readReference<{ cases: Case[] }>('agreement.json');

describe('agreement against base-R formulas and published worked examples', () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      expectClose(percentAgreement(c.ratings), c.percent, 1e-9);
      expectClose(krippendorffAlpha(c.ratings), c.alpha, 1e-9);
      if (c.kappa === null) expect(agreement(c.ratings).kappa).toBeNull();
      else expectClose(cohensKappa(c.ratings.map((u) => u[0]!), c.ratings.map((u) => u[1]!)), c.kappa, 1e-9);
      const all = agreement(c.ratings);
      expectClose(all.alpha, c.alpha, 1e-9);
      expectClose(all.percent, c.percent, 1e-9);
    });
  }

  it('equals the published values of the worked examples', () => {
    const [nominal, binary, cohen] = reference.cases;
    // Krippendorff publishes three decimals (the exact value is 0.743421…, as R's formula gives).
    expect(Math.round(krippendorffAlpha(nominal!.ratings)! * 1000) / 1000).toBe(0.743);
    expect(Math.round(krippendorffAlpha(binary!.ratings)! * 1000) / 1000).toBe(0.095);
    // Cohen's example is exact: p_o = 0.7, p_e = 0.5.
    expectClose(cohensKappa(cohen!.ratings.map((u) => u[0]!), cohen!.ratings.map((u) => u[1]!)), 0.4, 1e-12);
  });

  it('is undefined, not a number, when nothing varies or nothing pairs', () => {
    expect(krippendorffAlpha([['a', 'a'], ['a', 'a']])).toBeNull();
    expect(cohensKappa(['a', 'a'], ['a', 'a'])).toBeNull();
    expect(percentAgreement([['a', null], [null, 'b']])).toBeNull();
    expect(agreement([['a', null]])).toEqual({ units: 0, values: 0, percent: null, kappa: null, alpha: null });
  });

  it('counts a code\'s presence per coder, missing where the coder did not code the unit', () => {
    expect(presenceRatings([[['a', 'b'], ['a'], null]], 'b')).toEqual([['1', '0', null]]);
  });

  it('refuses ragged input with the one message form', () => {
    expect(() => krippendorffAlpha([['a', 'b'], ['a']])).toThrow(InvalidInputError);
    expect(() => cohensKappa(['a'], ['a', 'b'])).toThrow('cohensKappa:');
  });
});
