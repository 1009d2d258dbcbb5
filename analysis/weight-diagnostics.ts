import { kishDesignEffect } from './design-effect.ts';
import { invalid } from './invalid-input.ts';

export interface WeightDiagnostics {
  /** Respondents weighted. */
  n: number;
  min: number;
  max: number;
  /** Σw / n. */
  mean: number;
  /** Kish's design effect due to unequal weighting, n·Σw²/(Σw)². */
  designEffect: number;
  /** Kish's effective sample size, (Σw)²/Σw². */
  effectiveSampleSize: number;
}

/**
 * The figures to show beside every weighted view: smallest, largest and mean weight, Kish's design
 * effect of unequal weighting and the effective sample size (see `kishDesignEffect`).
 *
 * Missing data: null, undefined or NaN weights (respondents left out of the weighting) are skipped.
 *
 * Reference: L. Kish (1965), Survey Sampling, section 11.7; T. Lumley (2010), Complex Surveys, 7.4.
 *
 * @example
 * weightDiagnostics([1, 1, 2, 4]); // => { n: 4, min: 1, max: 4, mean: 2, designEffect: 1.375, effectiveSampleSize: 2.909… }
 */
export function weightDiagnostics(weights: ArrayLike<number | null | undefined>): WeightDiagnostics {
  const present: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (w === null || w === undefined || Number.isNaN(w)) continue;
    if (!(Number.isFinite(w) && w > 0)) invalid('weightDiagnostics', 'every weight', 'a finite number > 0, null or NaN', w);
    present.push(w);
    min = Math.min(min, w);
    max = Math.max(max, w);
    sum += w;
  }
  if (present.length === 0) invalid('weightDiagnostics', 'weights', 'at least one number', weights);
  const { designEffect, effectiveSampleSize } = kishDesignEffect(present);
  return { n: present.length, min, max, mean: sum / present.length, designEffect, effectiveSampleSize };
}
