/**
 * Value predicates shared by both validation paths. Emptiness follows survey-core's
 * `Helpers.isValueEmpty` so that "not answered" means the same thing on the server as in the browser.
 */

export type Scalar = string | number | boolean;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** survey-core's `Helpers.isValueEmpty`: undefined, null, '', NaN, [] and objects whose every value is empty. */
export function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) {
    for (const key in value) if (!isEmpty(value[key])) return false;
    return true;
  }
  return !value && value !== 0 && value !== false;
}

/** Emptiness as `Question.isEmpty()` judges it for `isRequired`: strings are trimmed first. */
export function isEmptyForRequired(value: unknown, allowSpaceAsAnswer = false): boolean {
  if (!allowSpaceAsAnswer && typeof value === 'string') return value.trim() === '';
  return isEmpty(value);
}

/**
 * Drops empty members of answer objects (matrix rows, cells, multiple-text items) so that
 * `{ r1: {} }` and `{}` are the same answer, as they are to survey-core. Arrays are kept as
 * sent: an empty string inside a checkbox answer is a wrong pick, not a missing one.
 */
export function withoutEmptyMembers(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = withoutEmptyMembers(value[key]);
    if (!isEmpty(member)) out[key] = member;
  }
  return out;
}

/** A short, safe rendering of a value for an issue message. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
