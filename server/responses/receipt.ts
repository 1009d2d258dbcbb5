import crypto from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read aloud over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short code the respondent can quote, derived from the response id so it needs no storage:
 * eight base32 characters (40 bits) of sha256(id), as `XXXX-XXXX`.
 */
export function receiptCode(responseId: string): string {
  const digest = crypto.createHash('sha256').update(responseId).digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  let code = '';
  for (let i = 7; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
