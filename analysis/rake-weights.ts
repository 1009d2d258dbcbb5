import { kishDesignEffect } from './design-effect.ts';
import { invalid, InvalidInputError } from './invalid-input.ts';
import { weightDiagnostics, type WeightDiagnostics } from './weight-diagnostics.ts';

export interface Margin {
  /** The respondent property this margin is about, e.g. `area`, `sex`, `ageGroup`. */
  variable: string;
  /** Population per category of the variable. Every margin must have the same total. */
  population: Readonly<Record<string, number>>;
}

export interface RakeOptions {
  /** Most sweeps over all margins. Default 1000. */
  maxIterations?: number;
  /** Converged when every margin category is within this relative error of its population. Default 1e-10. */
  tolerance?: number;
  /**
   * R's `rake(control = list(maxit, epsilon))` stopping rule instead of `maxIterations`/`tolerance`
   * (used when either is given; the other then takes R's default, maxit 10, epsilon 1): stop after
   * the first sweep that changes no cell of the joint table of the margin variables by `epsilon` or
   * more in weighted total (epsilon < 1 is a fraction of the population total), at most `maxit` sweeps.
   * With `trim`, convergence also needs every margin met to within that epsilon (R's rake() has no
   * bounds; a sweep that changes nothing while a bound holds a margin off is not convergence).
   */
  maxit?: number;
  epsilon?: number;
  /**
   * Keep every weight within [lower, upper] × the mean weight (N / n), e.g. { lower: 0.25, upper: 4 }.
   * Requires 0 ≤ lower ≤ 1 ≤ upper. Default: no bounds.
   */
  trim?: { lower: number; upper: number };
}

export interface RakeResult {
  /** One per respondent, in input order; null for a respondent with a missing category. Σ = population total. */
  weights: (number | null)[];
  converged: boolean;
  /** Sweeps done. */
  iterations: number;
  /** Largest |weighted total − population| / population over all margin categories after the last sweep. */
  maxRelativeError: number;
  populationTotal: number;
  /** Respondents weighted (those with a category on every margin). */
  n: number;
  /** Respondents left out because a margin variable was missing (null, undefined or ''). */
  excluded: number;
  designEffect: number;
  effectiveSampleSize: number;
  /** Smallest and largest weight divided by the mean weight N / n. */
  weightRatio: { min: number; max: number };
  /** Smallest, largest and mean weight, Kish's design effect and effective n of the weighted respondents. */
  diagnostics: WeightDiagnostics;
  /** The trimming bounds used (× the mean weight N / n), or null for none (the default). */
  bounds: { lower: number; upper: number } | null;
  /** Respondents whose weight ended at the lower or upper bound. */
  atBounds: { lower: number; upper: number };
  /** Whether any weight is held at a bound (without the bounds the weights would differ). */
  boundsBind: boolean;
}

export type Respondent = Readonly<Record<string, string | null | undefined>>;

/**
 * Weights respondents to known population margins by raking (iterative proportional fitting): start
 * from equal weights N/n, then adjust the weights of each margin's categories in turn so that their
 * weighted total equals the population, and sweep over the margins until every margin is met.
 *
 * Each weight has the form wᵢ = (N/n)·gᵢ with gᵢ = exp(Σ_m λ_{m,c_m(i)}), the raking (multiplicative)
 * calibration of Deville & Särndal (1992); the result is R's `survey::rake()` (and
 * `calibrate(calfun = "raking")`) run to convergence.
 *
 * Trimming (`trim`): the weights are held within [lower, upper] × N/n *during* the raking, not cut
 * afterwards: gᵢ = min(max(exp(Σ λ), lower), upper), and each adjustment of a category solves for the
 * factor that meets its population with the bounded weights — so the excess cut from a large weight
 * is re-raked onto the other respondents of that category, and the next sweep re-rakes the other
 * margins. At convergence every margin is met and every weight is within bounds; this is
 * Deville & Särndal's truncated ("bounded") raking, R's `calibrate(design, ~…, pop, calfun = "raking",
 * bounds = c(lower, upper))` when the design starts from equal weights. If the bounds make a margin
 * impossible (e.g. a category needs more than `upper` × its respondents), `converged` is false and
 * `maxRelativeError` says by how much the margins are missed; the weights still respect the bounds.
 *
 * The result reports the bounds (null without `trim`, the default: then the margins are met whenever
 * they can be), how many weights ended at each bound and whether any did (`boundsBind`), and the
 * weight diagnostics beside every weighted figure (`diagnostics`: min, max, mean, Kish deff, n_eff).
 * Stopping: by default sweeps continue until every margin is within `tolerance`; with `maxit` and/or
 * `epsilon` the rule is R's `rake()`'s (see RakeOptions), so the weights equal rake()'s with that control.
 *
 * Missing data: a respondent whose category is missing (null, undefined or '') on any margin variable
 * gets weight null and is not counted in n; the population total is spread over the others.
 *
 * Errors (InvalidInputError, naming the margin and category): a category with respondents but no
 * population (absent or 0); a category with population but no respondents; margins whose totals
 * differ (rescale them to one total first).
 *
 * References: W. E. Deming and F. F. Stephan (1940), On a least squares adjustment of a sampled
 * frequency table when the expected marginal totals are known, Ann. Math. Statist. 11(4);
 * J.-C. Deville and C.-E. Särndal (1992), Calibration estimators in survey sampling, JASA 87(418);
 * T. Lumley (2010), Complex Surveys: A Guide to Analysis Using R, ch. 7.
 *
 * @example
 * rakeWeights(
 *   [{ sex: 'F', area: 'A' }, { sex: 'F', area: 'B' }, { sex: 'M', area: 'A' }],
 *   [{ variable: 'sex', population: { F: 60, M: 40 } }, { variable: 'area', population: { A: 50, B: 50 } }],
 * ).weights; // => [10, 50, 40]
 */
export function rakeWeights(
  respondents: readonly Respondent[],
  margins: readonly Margin[],
  options: RakeOptions = {},
): RakeResult {
  const fn = 'rakeWeights';
  const rRule = options.maxit !== undefined || options.epsilon !== undefined;
  const maxIterations = rRule ? (options.maxit ?? 10) : (options.maxIterations ?? 1000);
  const tolerance = options.tolerance ?? 1e-10;
  const epsilon = options.epsilon ?? 1;
  if (rRule && !(epsilon > 0)) invalid(fn, 'epsilon', 'a number > 0', epsilon);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) invalid(fn, rRule ? 'maxit' : 'maxIterations', 'a whole number ≥ 1', maxIterations);
  if (!(tolerance > 0)) invalid(fn, 'tolerance', 'a number > 0', tolerance);
  if (margins.length === 0) invalid(fn, 'margins', 'a non-empty array', margins);
  const lower = options.trim?.lower ?? 0;
  const upper = options.trim?.upper ?? Infinity;
  if (!(lower >= 0 && lower <= 1)) invalid(fn, 'trim.lower', 'a number from 0 to 1', lower);
  if (!(upper >= 1)) invalid(fn, 'trim.upper', 'a number ≥ 1', upper);

  const variables = new Set<string>();
  let populationTotal = NaN;
  for (const margin of margins) {
    if (variables.has(margin.variable)) invalid(fn, 'margin variables', 'unique', margin.variable);
    variables.add(margin.variable);
    let total = 0;
    for (const [category, size] of Object.entries(margin.population)) {
      if (!Number.isFinite(size) || size < 0) {
        invalid(fn, `population of ${margin.variable} = ${JSON.stringify(category)}`, 'a finite number ≥ 0', size);
      }
      total += size;
    }
    if (Number.isNaN(populationTotal)) populationTotal = total;
    else if (Math.abs(total - populationTotal) > 1e-9 * populationTotal) {
      throw new InvalidInputError(
        fn,
        `the population of margin ${JSON.stringify(margin.variable)} totals ${total} but that of ` +
          `${JSON.stringify(margins[0]!.variable)} totals ${populationTotal}; rescale the margins to one total`,
      );
    }
  }
  if (!(populationTotal > 0)) invalid(fn, 'the population total', '> 0', populationTotal);

  // Respondents with every margin variable present take part.
  const included: number[] = [];
  respondents.forEach((respondent, i) => {
    if (margins.every((m) => isPresent(respondent[m.variable]))) included.push(i);
  });
  const n = included.length;
  if (n === 0) invalid(fn, 'respondents with a category on every margin', 'at least one', 0);

  // Members of each margin category (indices into `included`), checked against the population.
  const cells = margins.map((margin) => {
    const members = new Map<string, number[]>();
    included.forEach((respondentIndex, k) => {
      const category = respondents[respondentIndex]![margin.variable] as string;
      const list = members.get(category);
      if (list) list.push(k);
      else members.set(category, [k]);
    });
    for (const [category, list] of members) {
      if (!((margin.population[category] ?? 0) > 0)) {
        throw new InvalidInputError(
          fn,
          `margin ${JSON.stringify(margin.variable)} category ${JSON.stringify(category)} has ${list.length} ` +
            'respondent(s) but no population',
        );
      }
    }
    for (const [category, size] of Object.entries(margin.population)) {
      if (size > 0 && !members.has(category)) {
        throw new InvalidInputError(
          fn,
          `margin ${JSON.stringify(margin.variable)} category ${JSON.stringify(category)} has a population of ` +
            `${size} but no respondents`,
        );
      }
    }
    return [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([category, list]) => ({
      members: list,
      target: (margin.population[category] as number) / (populationTotal / n), // in units of g
    }));
  });

  const eta = new Float64Array(n); // log of the unbounded g
  // When the bounds make a margin impossible, the opposing pulls of the margins push the log-factor
  // of a respondent held at a bound further out every sweep, towards overflow. Keep it within e^30 of
  // the bounds: it has no effect unless a raking factor beyond the bounds exceeds e^30 ≈ 10^13.
  const floor = lower > 0 ? Math.log(lower) - 30 : -Infinity;
  const ceiling = upper < Infinity ? Math.log(upper) + 30 : Infinity;
  const g = (k: number): number => Math.min(Math.max(Math.exp(eta[k]!), lower), upper);
  const maxError = (): number => {
    let worst = 0;
    for (const margin of cells) {
      for (const { members, target } of margin) {
        let sum = 0;
        for (const k of members) sum += g(k);
        worst = Math.max(worst, Math.abs(sum - target) / target);
      }
    }
    return worst;
  };

  // R's rule compares the joint table of the margin variables (its cells: the combinations that
  // occur) between sweeps, in persons; g is in units of the mean weight N/n.
  const mean = populationTotal / n;
  const absoluteEpsilon = (epsilon < 1 ? epsilon * populationTotal : epsilon) / mean;
  const joint = rRule ? jointCells(respondents, included, margins) : null;
  const jointTotals = (): Float64Array => {
    const totals = new Float64Array(joint!.count);
    for (let k = 0; k < n; k++) totals[joint!.cell[k]!]! += g(k);
    return totals;
  };
  const maxMisfit = (): number => {
    let worst = 0;
    for (const margin of cells) {
      for (const { members, target } of margin) {
        let sum = 0;
        for (const k of members) sum += g(k);
        worst = Math.max(worst, Math.abs(sum - target));
      }
    }
    return worst;
  };
  const bounded = lower > 0 || upper < Infinity;

  let iterations = 0;
  let error = maxError();
  let converged = false;
  let previous = joint ? jointTotals() : null;
  while (rRule ? iterations < maxIterations : error > tolerance && iterations < maxIterations) {
    for (const margin of cells) {
      for (const { members, target } of margin) {
        const shift = solveShift(eta, members, target, lower, upper);
        for (const k of members) eta[k] = Math.min(Math.max(eta[k]! + shift, floor), ceiling);
      }
    }
    iterations += 1;
    if (rRule) {
      const current = jointTotals();
      let change = 0;
      for (let c = 0; c < current.length; c++) change = Math.max(change, Math.abs(current[c]! - previous![c]!));
      previous = current;
      if (change < absoluteEpsilon && (!bounded || maxMisfit() < absoluteEpsilon)) {
        converged = true;
        break;
      }
    } else {
      error = maxError();
    }
  }
  if (rRule) error = maxError();
  else converged = error <= tolerance;

  const weights: (number | null)[] = respondents.map(() => null);
  const includedWeights: number[] = [];
  let minRatio = Infinity;
  let maxRatio = 0;
  const atBounds = { lower: 0, upper: 0 };
  included.forEach((respondentIndex, k) => {
    const ratio = g(k);
    if (lower > 0 && ratio <= lower * (1 + 1e-12)) atBounds.lower += 1;
    if (upper < Infinity && ratio >= upper * (1 - 1e-12)) atBounds.upper += 1;
    weights[respondentIndex] = mean * ratio;
    includedWeights.push(mean * ratio);
    minRatio = Math.min(minRatio, ratio);
    maxRatio = Math.max(maxRatio, ratio);
  });
  const { designEffect, effectiveSampleSize } = kishDesignEffect(includedWeights);
  return {
    weights,
    converged,
    iterations,
    maxRelativeError: error,
    populationTotal,
    n,
    excluded: respondents.length - n,
    designEffect,
    effectiveSampleSize,
    weightRatio: { min: minRatio, max: maxRatio },
    diagnostics: weightDiagnostics(includedWeights),
    bounds: bounded ? { lower, upper } : null,
    atBounds,
    boundsBind: atBounds.lower + atBounds.upper > 0,
  };
}

/** The cell of the margins' joint table each included respondent is in (combinations that occur). */
function jointCells(respondents: readonly Respondent[], included: readonly number[], margins: readonly Margin[]): { cell: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const cell = new Int32Array(included.length);
  included.forEach((respondentIndex, k) => {
    const key = JSON.stringify(margins.map((m) => respondents[respondentIndex]![m.variable]));
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    cell[k] = id;
  });
  return { cell, count: ids.size };
}

function isPresent(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

/**
 * The δ with Σ_{k ∈ members} clamp(exp(η_k + δ), lower, upper) = target. The left side is continuous
 * and non-decreasing in δ, piecewise of the form a + b·e^δ between the breakpoints where a member
 * reaches a bound; find the piece that crosses the target and solve it in closed form. If the target
 * cannot be reached within the bounds, return the δ that puts every member at the nearer bound.
 */
function solveShift(eta: Float64Array, members: readonly number[], target: number, lower: number, upper: number): number {
  const logLower = Math.log(lower); // −∞ when lower is 0
  const logUpper = Math.log(upper); // +∞ when upper is ∞
  if (lower === 0 && upper === Infinity) {
    let maxEta = -Infinity;
    for (const k of members) maxEta = Math.max(maxEta, eta[k]!);
    let sum = 0;
    for (const k of members) sum += Math.exp(eta[k]! - maxEta);
    return Math.log(target) - maxEta - Math.log(sum);
  }
  let minEta = Infinity;
  let maxEta = -Infinity;
  for (const k of members) {
    minEta = Math.min(minEta, eta[k]!);
    maxEta = Math.max(maxEta, eta[k]!);
  }
  if (target >= members.length * upper) return logUpper - minEta;
  if (target <= members.length * lower) return logLower - maxEta;

  const total = (shift: number): number => {
    let sum = 0;
    for (const k of members) sum += Math.min(Math.max(Math.exp(eta[k]! + shift), lower), upper);
    return sum;
  };
  const breakpoints: number[] = [];
  for (const k of members) {
    if (lower > 0) breakpoints.push(logLower - eta[k]!);
    if (upper < Infinity) breakpoints.push(logUpper - eta[k]!);
  }
  breakpoints.sort((a, b) => a - b);
  // j = number of breakpoints b with total(b) ≤ target; the solution lies in [b_{j−1}, b_j).
  let low = 0;
  let high = breakpoints.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (total(breakpoints[middle]!) <= target) low = middle + 1;
    else high = middle;
  }
  const left = low > 0 ? breakpoints[low - 1]! : -Infinity;
  const right = low < breakpoints.length ? breakpoints[low]! : Infinity;
  const inside = left === -Infinity ? right - 1 : right === Infinity ? left + 1 : (left + right) / 2;
  let fixed = 0;
  let free = 0;
  for (const k of members) {
    const x = eta[k]! + inside;
    if (x <= logLower) fixed += lower;
    else if (x >= logUpper) fixed += upper;
    else free += Math.exp(eta[k]!);
  }
  if (free === 0 || target - fixed <= 0) return left;
  return Math.log((target - fixed) / free);
}
