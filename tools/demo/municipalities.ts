import type { Geography, Municipality } from '../../server/geography.ts';
import { streamFor } from './random.ts';

/** The seed's resident survey ran "with 28 municipalities": these two small ones sat it out here. */
export const MUNICIPALITIES_WITHOUT_ANSWERS: readonly string[] = Object.freeze(['072', '483']); // Hailuoto, Merijärvi

/** The size the allocation is designed at: the seed's number of resident respondents. */
export const SEED_RESIDENTS = 4693;

/** Splits `count` into whole numbers proportional to `weights` (largest remainder, ties to the first). */
export function apportion(weights: readonly number[], count: number): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total > 0 ? (w * count) / total : 0));
  const whole = exact.map(Math.floor);
  let left = count - whole.reduce((s, n) => s + n, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) whole[byRemainder[k]!.i]!++;
  return whole;
}

/**
 * How many residents answer in each municipality. Roughly in proportion to population, but real
 * surveys hear relatively more from small places (population^0.87, and each municipality's own
 * campaign makes a difference: a factor drawn from the seed). At the seed's size (4,693) the
 * smallest three get 4–9 answers, so small-group suppression has work to do; larger counts scale.
 */
export function residentsPerMunicipality(geography: Geography, seed: number, count: number): { municipality: Municipality; count: number }[] {
  const taking = geography.municipalities.filter((m) => !MUNICIPALITIES_WITHOUT_ANSWERS.includes(m.code));
  const random = streamFor(seed, 'municipalities');
  const weights = taking.map((m) => Math.pow(m.population, 0.87) * Math.exp(0.25 * random.normal()));
  const smallest = new Set([...taking].sort((a, b) => a.population - b.population).slice(0, 3));
  const few = new Map([...smallest].map((m) => [m, random.int(4, 9)]));
  const others = apportion(
    taking.map((m, i) => (smallest.has(m) ? 0 : weights[i]!)),
    SEED_RESIDENTS - [...few.values()].reduce((s, n) => s + n, 0),
  );
  const atSeedSize = taking.map((m, i) => few.get(m) ?? others[i]!);
  const counts = apportion(atSeedSize, count);
  // Every municipality taking part has someone, whenever there are enough respondents to go round.
  if (count >= taking.length) {
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) {
        const largest = counts.indexOf(Math.max(...counts));
        counts[largest]!--;
        counts[i] = 1;
      }
    }
  }
  return taking.map((municipality, i) => ({ municipality, count: counts[i]! }));
}
