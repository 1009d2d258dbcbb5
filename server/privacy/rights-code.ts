import crypto from 'node:crypto';

// Crockford's base32 leaves out I, L, O and U, so a code written on paper or read aloud is not
// mistaken (https://www.crockford.com/base32.html); the receipt and resume codes use it too.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 20 characters × 5 bits = 100 bits of secret, shown as five groups of four: XXXX-XXXX-XXXX-XXXX-XXXX. */
export const RIGHTS_CODE_LENGTH = 20;

/** What the API accepts as a rights code before normalising: the code with or without dashes and spaces. */
export const RIGHTS_CODE_PATTERN = '^[0-9A-Za-z -]{20,30}$';

/**
 * A new rights code. The respondent's page makes its own with the browser's generator
 * (client/respond/rights/code.ts) so that a retried submission carries the same code; this one is
 * for tests and for clients of the API that send none.
 */
export function newRightsCode(): string {
  // 256 is a multiple of 32, so each byte modulo 32 is unbiased.
  const chars = [...crypto.randomBytes(RIGHTS_CODE_LENGTH)].map((b) => CROCKFORD[b % 32]).join('');
  return formatRightsCode(chars);
}

export function formatRightsCode(normalised: string): string {
  return normalised.match(/.{1,4}/g)!.join('-');
}

/** A code typed with or without dashes or spaces, in any case, with Crockford's look-alikes; null if it cannot be one. */
export function normaliseRightsCode(input: string): string | null {
  const plain = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== RIGHTS_CODE_LENGTH || [...plain].some((c) => !CROCKFORD.includes(c))) return null;
  return plain;
}

/**
 * Only this hash is stored. A plain SHA-256 (no salt, no slow key derivation) is enough here and
 * is what lets the code be found by an index: scrypt and its kin are slow to protect secrets people
 * choose, which are guessable; this one is 100 random bits, so someone holding a copy of the
 * database would need about 2^99 hash evaluations on average to find one code, and a per-row
 * salt would force a scan of every row per lookup. The prefix keeps these hashes apart from any
 * other SHA-256 of the same characters (a resume code is hashed without one).
 */
export function rightsCodeHash(normalised: string): string {
  return crypto.createHash('sha256').update(`kuulo-rights:${normalised}`).digest('hex');
}

/** Compares two hex hashes in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
