import type { Channel } from '../../server/responses/submit.ts';

/** One generated response, shaped for `prepareResponse` (submission plus options). */
export interface DemoResponse {
  readonly surveyId: string;
  /** Deterministic from the seed (see `demoResponseId`). */
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly channel: Channel;
  readonly locale: string;
  readonly startedAt: string | null;
  /** ISO 8601 UTC. */
  readonly submittedAt: string;
}

/** A survey's field period in local (Finnish) dates, both included. */
export interface FieldPeriod {
  readonly from: string;
  readonly to: string;
  /** Professionals answer in office hours on weekdays; residents any time, mostly evenings. */
  readonly hours: 'residents' | 'office';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Helsinki's offset from UTC in hours: EET, EEST from the last Sunday of March to the last of October (01:00 UTC). */
function helsinkiOffset(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  return utcMs >= lastSunday(2) && utcMs < lastSunday(9) ? 3 : 2;
}

const RESIDENT_HOURS = [0.15, 0.06, 0.03, 0.02, 0.02, 0.05, 0.2, 0.5, 0.7, 0.8, 0.85, 0.9, 1, 0.9, 0.85, 0.9, 1, 1.1, 1.3, 1.5, 1.5, 1.3, 0.9, 0.4];

/**
 * The cumulative distribution of answers over the hours of a field period: many answers in the
 * first days after the launch and after reminders two and four weeks in, fewer at weekends, fewer
 * as the period wears on. Bins are whole local hours; `at(u)` is its quantile function.
 */
class FieldCalendar {
  private readonly starts: number[] = [];
  private readonly cumulative: number[] = [];

  constructor(period: FieldPeriod) {
    const [fy, fm, fd] = period.from.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = period.to.split('-').map(Number) as [number, number, number];
    const days = Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY) + 1;
    let total = 0;
    for (let d = 0; d < days; d++) {
      const weekday = new Date(Date.UTC(fy, fm - 1, fd + d)).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      for (let h = 0; h < 24; h++) {
        let w: number;
        if (period.hours === 'office') {
          w = weekend ? 0.01 : h >= 8 && h < 16 ? 1 : h >= 16 && h < 20 ? 0.1 : 0.005;
        } else {
          const buzz = d < 3 ? 2.2 : d % 14 < 2 ? 1.6 : 1;
          w = RESIDENT_HOURS[h]! * buzz * (weekend ? 0.65 : 1) * (1 - (0.5 * d) / days);
        }
        const localHourAsUtc = Date.UTC(fy, fm - 1, fd + d, h);
        this.starts.push(localHourAsUtc - helsinkiOffset(localHourAsUtc) * HOUR);
        total += w;
        this.cumulative.push(total);
      }
    }
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i]! /= total;
  }

  /** The moment at quantile `u` ∈ [0, 1): increasing in `u`. */
  at(u: number): Date {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    const below = lo > 0 ? this.cumulative[lo - 1]! : 0;
    const within = (u - below) / (this.cumulative[lo]! - below || 1);
    // Whole seconds, so the stored text is short and identical on every run.
    return new Date(Math.floor((this.starts[lo]! + Math.min(Math.max(within, 0), 0.9999) * HOUR) / 1000) * 1000);
  }
}

const calendars = new Map<FieldPeriod, FieldCalendar>();

/** The moment at quantile `u` of a field period (each period's calendar is made once). */
export function momentIn(period: FieldPeriod, u: number): Date {
  let calendar = calendars.get(period);
  if (!calendar) {
    calendar = new FieldCalendar(period);
    calendars.set(period, calendar);
  }
  return calendar.at(u);
}

/** How long the form was open before sending, for `startedAt`. */
export function minutesBefore(moment: Date, minutes: number): string {
  return new Date(moment.getTime() - Math.round(minutes * 60) * 1000).toISOString();
}
