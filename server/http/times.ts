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

// The calendar days people here count by (an entry page's "today", the audit log's date filter)
// are Finnish ones, whatever the server's own time zone.
const FINNISH_ZONE = 'Europe/Helsinki';
const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: FINNISH_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Finnish wall-clock time is ahead of UTC at an instant (2 or 3 hours), in milliseconds. */
function finnishOffset(ms: number): number {
  const p = Object.fromEntries(wallClock.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
}

/** The Finnish calendar day (YYYY-MM-DD) an instant falls on. */
export function finnishDay(instant: Date): string {
  return new Date(instant.getTime() + finnishOffset(instant.getTime())).toISOString().slice(0, 10);
}

/** The instant a Finnish calendar day (YYYY-MM-DD) begins, as stored times are written (UTC ISO). */
export function finnishDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // Summer time changes at 03:00 or 04:00, never around midnight: the offset an hour either side is the day's.
  return new Date(midnightAsUtc - finnishOffset(midnightAsUtc - finnishOffset(midnightAsUtc))).toISOString();
}
