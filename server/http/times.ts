import { ApiError } from '../errors.ts';

/**
 * A time from a request body, already checked by the schema's `date-time` format, as the UTC ISO
 * text every stored time is. The format takes a leap second (`23:59:60Z`, RFC 3339), which
 * JavaScript's Date cannot hold: Date.parse gives NaN and toISOString throws, so it is refused here.
 */
export function storedTime(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiError(400, 'invalid_request', `${field} '${value}' cannot be stored: a leap second (23:59:60) is not a time here`);
  return new Date(ms).toISOString();
}
