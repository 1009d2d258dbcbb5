/**
 * The one error every function in `analysis/` throws for input it cannot use. The message always
 * reads `<function>: <what> must be <rule> (got <value>)` or `<function>: <what>`, so a caller can
 * show it as it is and a test can match it.
 */
export class InvalidInputError extends RangeError {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly fn: string,
    message: string,
  ) {
    super(`${fn}: ${message}`);
  }
}

/** Throws `InvalidInputError` with the message `<fn>: <what> must be <rule> (got <value>)`. */
export function invalid(fn: string, what: string, rule: string, got: unknown): never {
  throw new InvalidInputError(fn, `${what} must be ${rule} (got ${show(got)})`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return typeof value;
  }
}
