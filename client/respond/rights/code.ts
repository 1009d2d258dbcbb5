// The respondent's rights code, made in the browser and sent with the answer: a retry after a lost
// reply carries the same code, and the server keeps only its hash (server/privacy/rights-code.ts).
// Crockford's base32 (no I, L, O or U), in five groups of four: easy to copy or write down.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 20; // × 5 bits = 100 bits

/** A new code from the browser's cryptographic generator, as XXXX-XXXX-XXXX-XXXX-XXXX. */
export function newRightsCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(LENGTH));
  // 256 is a multiple of 32, so each byte modulo 32 is unbiased.
  const chars = [...bytes].map((b) => CROCKFORD[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}
