// Samples of answers for coders, reproducible from a seed: the same answers, seed and method give
// the same sample (pure-rand's xoroshiro128+, so the order does not depend on Node's Math.random).
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Rng = ReturnType<typeof xoroshiro128plus>;

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * `size` answer ids. `random`: a simple random sample. `stratified`: per stratum (municipality) a
 * share proportional to its answers (largest remainders, ties by stratum name), drawn at random
 * within it, then shuffled so that coders do not meet the answers place by place. Answers are
 * sorted by id first, so the order they were read in does not matter.
 */
export function sampleAnswers(answers: readonly { id: string; stratum: string }[], size: number, method: 'random' | 'stratified', seed: number): string[] {
  const rng = xoroshiro128plus(seed);
  const sorted = [...answers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = Math.min(size, sorted.length);
  if (method === 'random') return shuffle(sorted.map((a) => a.id), rng).slice(0, n);
  const strata = new Map<string, string[]>();
  for (const a of sorted) strata.set(a.stratum, [...(strata.get(a.stratum) ?? []), a.id]);
  const names = [...strata.keys()].sort();
  const quota = names.map((s) => (n * strata.get(s)!.length) / sorted.length);
  const take = quota.map(Math.floor);
  let left = n - take.reduce((a, b) => a + b, 0);
  const order = names.map((_, i) => i).sort((a, b) => quota[b]! - take[b]! - (quota[a]! - take[a]!) || a - b);
  for (const i of order) {
    if (left === 0) break;
    take[i]!++;
    left--;
  }
  const chosen: string[] = [];
  names.forEach((s, i) => chosen.push(...shuffle([...strata.get(s)!], rng).slice(0, take[i]!)));
  return shuffle(chosen, rng);
}
