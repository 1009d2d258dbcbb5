import { invalid } from './invalid-input.ts';

/**
 * Agreement between coders who classified the same units (open answers) into nominal categories.
 *
 * Data: one row per unit, one value per coder; `null` is missing (the coder did not code that
 * unit). Values are compared as strings, so a category may be a code id, or a code's presence
 * ("1"/"0") for per-code agreement (see `presenceRatings`).
 */
export type Ratings = readonly (readonly (string | null)[])[];

export interface Agreement {
  /** Units with at least two values (those that can show agreement or disagreement). */
  units: number;
  /** Pairable values: the values in those units. */
  values: number;
  /**
   * Share (0–1) of agreeing pairs of values within units, pooled over units (for two coders: the
   * share of units both coded alike); null when no unit has two values.
   */
  percent: number | null;
  /** Cohen's kappa when there are exactly two coders, else null (also null when undefined: one category only). */
  kappa: number | null;
  /** Krippendorff's alpha (nominal); null when undefined (fewer than two values or one category only). */
  alpha: number | null;
}

function check(fn: string, ratings: Ratings): number {
  if (!Array.isArray(ratings)) invalid(fn, 'ratings', 'an array of units', ratings);
  const coders = ratings[0]?.length ?? 0;
  ratings.forEach((unit, i) => {
    if (!Array.isArray(unit) || unit.length !== coders) invalid(fn, `unit ${i}`, `an array of ${coders} values (one per coder)`, unit);
  });
  return coders;
}

/**
 * Percentage agreement: over units with at least two values, the share of agreeing ordered pairs
 * of values among all such pairs, each unit's pairs weighted 1/(m_u − 1) as in Krippendorff's
 * coincidence matrix (so it is 1 − the observed disagreement D_o of alpha). With two coders it is
 * the plain share of units coded alike. Missing values: units with fewer than two are left out.
 *
 * @example
 * percentAgreement([['a', 'a'], ['a', 'b']]); // => 0.5
 */
export function percentAgreement(ratings: Ratings): number | null {
  check('percentAgreement', ratings);
  const { observed, n } = coincidences(ratings);
  if (n === 0) return null;
  let agree = 0;
  for (const [key, value] of observed) {
    const [c, k] = JSON.parse(key) as [string, string];
    if (c === k) agree += value;
  }
  return agree / n;
}

/**
 * Cohen's kappa for two coders, κ = (p_o − p_e) / (1 − p_e), p_o the share of units coded alike
 * and p_e = Σ_k p_A(k)·p_B(k) from each coder's own marginal shares. Units missing either value
 * are left out (as `irr::kappa2` does). Null when undefined (p_e = 1: both coders used one and the
 * same category throughout) or when no unit has both values.
 *
 * Reference: J. Cohen (1960), A coefficient of agreement for nominal scales. Educational and
 * Psychological Measurement 20(1), 37–46.
 *
 * @example
 * // 50 units: both yes 20, A yes B no 5, A no B yes 10, both no 15
 * cohensKappa(a, b); // => 0.4
 */
export function cohensKappa(first: readonly (string | null)[], second: readonly (string | null)[]): number | null {
  if (!Array.isArray(first) || !Array.isArray(second) || first.length !== second.length) {
    invalid('cohensKappa', 'the two coders\' values', 'two arrays of the same length', [first?.length, second?.length]);
  }
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let n = 0;
  let same = 0;
  for (let i = 0; i < first.length; i++) {
    const x = first[i];
    const y = second[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    n++;
    if (x === y) same++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  if (n === 0) return null;
  let expected = 0;
  for (const [k, count] of a) expected += (count / n) * ((b.get(k) ?? 0) / n);
  const observed = same / n;
  if (expected >= 1) return null;
  return (observed - expected) / (1 - expected);
}

/** Krippendorff's coincidence matrix o_ck (keyed by JSON [c, k]) and its total n. */
function coincidences(ratings: Ratings): { observed: Map<string, number>; n: number; units: number } {
  const observed = new Map<string, number>();
  let n = 0;
  let units = 0;
  for (const unit of ratings) {
    const values = unit.filter((v): v is string => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    units++;
    n += m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const key = JSON.stringify([values[i], values[j]]);
        observed.set(key, (observed.get(key) ?? 0) + 1 / (m - 1));
      }
    }
  }
  return { observed, n, units };
}

/**
 * Krippendorff's alpha for nominal data and any number of coders with missing values:
 *
 *   α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k
 *
 * where o_ck is the coincidence matrix (each ordered pair of values within a unit of m_u values
 * counted 1/(m_u − 1)), n_c its marginals and n the pairable values. Units with fewer than two
 * values are left out. Null when undefined (n < 2, or one category only).
 *
 * Reference: K. Krippendorff (2011), Computing Krippendorff's alpha-reliability,
 * https://repository.upenn.edu/asc_papers/43 (the worked nominal example there gives α = 0.743).
 *
 * @example
 * krippendorffAlpha([['a', 'a'], ['b', 'b'], ['a', 'b']]); // => 0.4444…
 */
export function krippendorffAlpha(ratings: Ratings): number | null {
  check('krippendorffAlpha', ratings);
  const { observed, n } = coincidences(ratings);
  if (n < 2) return null;
  const marginal = new Map<string, number>();
  let disagree = 0;
  for (const [key, value] of observed) {
    const [c, k] = JSON.parse(key) as [string, string];
    marginal.set(c, (marginal.get(c) ?? 0) + value);
    if (c !== k) disagree += value;
  }
  let total = 0;
  for (const v of marginal.values()) total += v;
  let expected = total * total;
  for (const v of marginal.values()) expected -= v * v;
  if (expected <= 0) return null;
  return 1 - ((n - 1) * disagree) / expected;
}

/** Percentage agreement, Cohen's kappa (two coders only) and Krippendorff's alpha of one table. */
export function agreement(ratings: Ratings): Agreement {
  const coders = check('agreement', ratings);
  const { n, units } = coincidences(ratings);
  return {
    units,
    values: n,
    percent: percentAgreement(ratings),
    kappa: coders === 2 ? cohensKappa(ratings.map((u) => u[0]!), ratings.map((u) => u[1]!)) : null,
    alpha: krippendorffAlpha(ratings),
  };
}

/**
 * Per-code ratings from multi-code data: for each unit and coder, "1" when the coder gave the
 * code, "0" when they coded the unit without it, null when they did not code the unit.
 *
 * @example
 * presenceRatings([[['a', 'b'], ['a']]], 'b'); // => [['1', '0']]
 */
export function presenceRatings(codes: readonly (readonly (readonly string[] | null)[])[], code: string): (string | null)[][] {
  return codes.map((unit) => unit.map((set) => (set === null ? null : set.includes(code) ? '1' : '0')));
}
