import { invalid } from './invalid-input.ts';

export interface WeightingEffect {
  /** Kish's design effect due to unequal weighting: n·Σw² / (Σw)² (1 with equal weights). */
  designEffect: number;
  /** Kish's effective sample size: (Σw)² / Σw² = n / designEffect. */
  effectiveSampleSize: number;
}

/**
 * [Kish's design effect](https://en.wikipedia.org/wiki/Design_effect)
 * due to unequal weights, and the effective sample size that goes with it:
 *
 *   deff = n·Σwᵢ² / (Σwᵢ)²,   n_eff = (Σwᵢ)² / Σwᵢ²
 *
 * It says how much the weighting alone inflates variances (for a variable unrelated to the weights);
 * report it beside every weighted analysis.
 *
 * Missing data: none is taken; pass the weights of the respondents in the analysis.
 *
 * Reference: L. Kish (1965), Survey Sampling, Wiley, section 11.7.
 *
 * @example
 * kishDesignEffect([1, 1, 2, 4]); // => { designEffect: 1.375, effectiveSampleSize: 2.9090… }
 */
export function kishDesignEffect(weights: readonly number[]): WeightingEffect {
  if (weights.length === 0) invalid('kishDesignEffect', 'weights', 'a non-empty array', weights);
  let sum = 0;
  let sumOfSquares = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) invalid('kishDesignEffect', 'every weight', 'a finite number ≥ 0', w);
    sum += w;
    sumOfSquares += w * w;
  }
  if (sum === 0) invalid('kishDesignEffect', 'the sum of the weights', '> 0', sum);
  return {
    designEffect: (weights.length * sumOfSquares) / (sum * sum),
    effectiveSampleSize: (sum * sum) / sumOfSquares,
  };
}
