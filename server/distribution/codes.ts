import crypto from 'node:crypto';

/** A link token: random, URL-safe (base64url). Invitations get 16 bytes (128 bits) and more. */
export function newLinkToken(bytes: number): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export const LINK_TOKEN_PATTERN = '^[A-Za-z0-9_-]{8,64}$';

// Crockford's base32 leaves out I, L, O and U so that a code read aloud or typed from paper is
// not mistaken (https://www.crockford.com/base32.html).
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RESUME_LENGTH = 12; // 12 × 5 = 60 bits

/** A resume code, shown as XXXX-XXXX-XXXX. */
export function newResumeCode(): string {
  const bytes = crypto.randomBytes(RESUME_LENGTH);
  // 256 is a multiple of 32, so taking each byte modulo 32 is unbiased.
  const chars = [...bytes].map((b) => CROCKFORD[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Accepts a code typed with or without dashes or spaces, in any case, with the look-alikes Crockford allows; null if it cannot be one. */
export function normaliseResumeCode(input: string): string | null {
  const plain = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== RESUME_LENGTH || [...plain].some((c) => !CROCKFORD.includes(c))) return null;
  return plain;
}

/** Only this hash is stored, so a copy of the database resumes nobody's answers. */
export function resumeCodeHash(normalised: string): string {
  return crypto.createHash('sha256').update(normalised).digest('hex');
}

export const RESUME_CODE_PATTERN = '^[0-9A-Za-z -]{12,20}$';
