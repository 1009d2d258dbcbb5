import crypto from 'node:crypto';

/**
 * A small seeded pseudo-random generator: mulberry32 (Tommy Ettinger, public domain,
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). 32 bits of state is
 * plenty for demo data and, unlike Math.random, gives the same sequence on every machine.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An index drawn with the given (non-negative, not all zero) weights. */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] as number;
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    // Rounding can leave u a hair above zero: the last item with weight wins.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    throw new Error('weighted(): all weights are zero');
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle([...items]).slice(0, Math.min(count, items.length));
  }
}

/** FNV-1a over a string, for deriving independent sub-seeds from labels. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: spreads nearby inputs (respondent 1, 2, 3…) over the whole range. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A generator of its own for one purpose (`label`) and, optionally, one respondent (`index`). */
export function streamFor(seed: number, label: string, index = 0): Random {
  return new Random(mix((mix(seed >>> 0) ^ hashString(label)) + Math.imul(index + 1, 0x9e3779b9)));
}

const idPrefixes = new Map<string, string>();

/**
 * The id of a generated response: the same for the same seed, survey and position, so a second
 * run makes the same rows. A version-8 (custom) UUID, RFC 9562 §5.8: a hash of seed and survey,
 * then the position, so ids never collide within a set (and a million cost no hashing).
 */
export function demoResponseId(seed: number, surveyId: string, index: number): string {
  const key = `${seed}\n${surveyId}`;
  let prefix = idPrefixes.get(key);
  if (prefix === undefined) {
    const hex = crypto.createHash('sha256').update(`kuulo-demo\n${key}`).digest('hex');
    prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-`;
    idPrefixes.set(key, prefix);
  }
  return prefix + index.toString(16).padStart(12, '0');
}
