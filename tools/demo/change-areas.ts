import type { Random } from './random.ts';

/**
 * The seed chart: of the residents who wanted change (n=2,677), the share (%) who picked each area
 * of life among their 1–3 areas. The deck lost the values of the two smallest bars (Toimintakyky,
 * Kykyni käyttää tarvitsemiani palveluja); 3 and 2 are our stand-ins. "other" is "Jokin muu".
 * Values are the choice values of `muutos_osa_alueet` in surveys/minun-arkeni.json.
 */
export const CHANGE_AREA_PERCENT: Readonly<Record<string, number>> = Object.freeze({
  ihmissuhteet: 32,
  taloudellinen_tilanne: 25,
  tyo: 23,
  harrastukset: 21,
  vapaa_aika: 20,
  elintavat: 19,
  mielen_hyvinvointi: 18,
  asunto: 16,
  fyysinen_terveys: 15,
  asunnon_lahiymparisto: 14,
  elinymparisto: 14,
  avun_ja_palvelun_saanti: 10,
  seksuaalinen_hyvinvointi: 7,
  turvallisuuden_tunne: 6,
  sujuva_arki: 6,
  kyky_vaikuttaa_omaan_elamaan: 5,
  other: 4,
  toimintakyky: 3,
  kyky_kayttaa_palveluja: 2,
});

export const CHANGE_AREAS: readonly string[] = Object.freeze(Object.keys(CHANGE_AREA_PERCENT));

/**
 * How many picks each area gets among `respondents` people wanting change: round(p × n), so the
 * shares come out within half a percentage point of the chart by construction. For very small n
 * the total is nudged so that everyone can have 1–3 distinct picks.
 */
export function pickTotals(respondents: number): number[] {
  const totals = CHANGE_AREAS.map((a) => Math.round(((CHANGE_AREA_PERCENT[a] as number) * respondents) / 100));
  const sum = () => totals.reduce((s, c) => s + c, 0);
  // Only reachable for a handful of respondents: everyone needs at least one pick and at most three.
  for (let i = 0; sum() < respondents; i = (i + 1) % totals.length) if ((totals[i] as number) < respondents) totals[i]!++;
  for (let i = totals.length - 1; sum() > 3 * respondents; i = (i + totals.length - 1) % totals.length) if ((totals[i] as number) > 0) totals[i]!--;
  return totals;
}

/**
 * How many respondents pick one, two and three areas, so that the picks add up to `picks` exactly:
 * n1 + n2 + n3 = respondents and n1 + 2·n2 + 3·n3 = picks. About a tenth pick only one.
 */
export function picksPerRespondent(respondents: number, picks: number): { one: number; two: number; three: number } {
  if (picks < respondents || picks > 3 * respondents) throw new Error(`cannot give ${respondents} respondents 1–3 picks each from ${picks} picks`);
  let one = Math.round(respondents * 0.1);
  // n3 = picks − 2·respondents + n1 must be ≥ 0, and n2 = respondents − n1 − n3 ≥ 0.
  one = Math.max(one, 2 * respondents - picks);
  one = Math.min(one, Math.floor((3 * respondents - picks) / 2));
  const three = picks - 2 * respondents + one;
  const two = respondents - one - three;
  return { one, two, three };
}

/**
 * Deals exactly `totals[a]` picks of each area out to respondents, each respondent getting
 * `wanted[r]` distinct areas. A respondent draws from what is left, weighted by the area's
 * remaining supply times `affinity(r)[a]` (age, area, life situation), so groups differ while the
 * county totals stay exact. Affinities are first normalised so that every area is, on average,
 * drawn at the same pace: otherwise unpopular areas would pile up for whoever comes last.
 * When the last picks would repeat an area a respondent already holds, one is swapped with an
 * earlier respondent (their picks stay distinct, the totals stay the same).
 *
 * Returns picks as area indices, three slots per respondent, 255 for an empty slot.
 */
export function dealPicks(
  wanted: Uint8Array,
  totals: readonly number[],
  affinity: (respondent: number, into: Float64Array) => void,
  random: Random,
): Uint8Array {
  const areas = totals.length;
  const people = wanted.length;
  const needed = wanted.reduce((s, k) => s + k, 0);
  const supply = totals.reduce((s, c) => s + c, 0);
  if (needed !== supply) throw new Error(`respondents want ${needed} picks but ${supply} are to be dealt`);

  // How much each area is drawn towards by everyone, weighted by their number of picks.
  const pull = new Float64Array(areas);
  const scratch = new Float64Array(areas);
  for (let r = 0; r < people; r++) {
    affinity(r, scratch);
    for (let a = 0; a < areas; a++) pull[a]! += (scratch[a] as number) * (wanted[r] as number);
  }
  const norm = new Float64Array(areas);
  for (let a = 0; a < areas; a++) norm[a] = (pull[a] as number) > 0 ? needed / areas / (pull[a] as number) : 1;

  const picks = new Uint8Array(people * 3).fill(255);
  const remaining = Float64Array.from(totals);
  const order = random.shuffle(Uint32Array.from({ length: people }, (_, i) => i));
  const weights = new Float64Array(areas);
  for (let n = 0; n < people; n++) {
    const r = order[n] as number;
    affinity(r, scratch);
    for (let slot = 0; slot < (wanted[r] as number); slot++) {
      let any = false;
      for (let a = 0; a < areas; a++) {
        const held = picks[r * 3] === a || picks[r * 3 + 1] === a || picks[r * 3 + 2] === a;
        const w = held ? 0 : (remaining[a] as number) * (scratch[a] as number) * (norm[a] as number);
        weights[a] = w;
        if (w > 0) any = true;
      }
      if (any) {
        const a = random.weighted(weights);
        picks[r * 3 + slot] = a;
        remaining[a]!--;
      } else {
        swapIn(r, slot, picks, remaining, order, n);
      }
    }
  }
  return picks;
}

/**
 * All the supply left is of areas respondent `r` already holds: take an area `b` from an earlier
 * respondent `q` who lacks the left-over area `a`, and give `q` that `a` instead.
 */
function swapIn(r: number, slot: number, picks: Uint8Array, remaining: Float64Array, order: Uint32Array, dealt: number): void {
  const a = remaining.findIndex((c) => c > 0);
  const holds = (p: number, area: number) => picks[p * 3] === area || picks[p * 3 + 1] === area || picks[p * 3 + 2] === area;
  for (let n = dealt - 1; n >= 0; n--) {
    const q = order[n] as number;
    if (holds(q, a)) continue;
    for (let s = 0; s < 3; s++) {
      const b = picks[q * 3 + s] as number;
      if (b === 255 || holds(r, b)) continue;
      picks[q * 3 + s] = a;
      picks[r * 3 + slot] = b;
      remaining[a]!--;
      return;
    }
  }
  throw new Error('cannot deal the picks: no respondent to swap with');
}
