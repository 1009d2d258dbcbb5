// Retention: what each survey's rule and the configured periods say must go, and the sweep that
// carries it out a batch at a time. Part of housekeeping's schedule in the server, and
// `npm run retention` from the command line; both call retentionSweep.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import { listSurveyStates, type SurveyStateRow } from '../../db/lifecycle.ts';
import { countInvitations, deleteInvitations, invitationTokens } from '../../db/links.ts';
import { countResponsesSubmittedBetween, eraseResponses, responseIdsSubmittedBetween } from '../../db/responses.ts';
import { retentionDoneUpTo, saveRetentionDone } from '../../db/retention.ts';
import type { Database } from '../../db/schema.ts';
import { lifecycleOf } from '../distribution/lifecycle.ts';
import type { RetentionAction, RetentionRule, SurveyMeta } from '../surveys/envelope.ts';

export interface RetentionSettings {
  /** Invitations (their labels and tokens) are deleted this many days after their survey closes (INVITATION_DAYS). */
  readonly invitationDays: number;
}

/**
 * Anonymises the given responses of a survey in place inside the sweep's transaction and returns
 * how many it handled: the privacy module's `retentionAnonymiser()` (server/privacy/anonymise.ts),
 * passed in by the server and the command. Without one a survey whose rule says `anonymise` is
 * reported as due (`not_available`) and left as it is: deleting instead would go beyond what its
 * privacy notice promises.
 */
export type Anonymiser = (trx: Kysely<Database>, surveyId: string, ids: readonly string[], at: string) => Promise<number>;

export type RetentionKind = 'responses' | 'invitations';

/** One survey's kind of data whose time has come, and what the sweep did (or would do) with it. */
export interface RetentionStep {
  readonly survey: string;
  readonly kind: RetentionKind;
  readonly action: RetentionAction;
  /** When the survey closed, and when this rule fired. */
  readonly closedAt: string;
  readonly firesAt: string;
  /** Rows handled, or with a dry run (or no anonymiser) the rows due now. */
  readonly count: number;
  /** `done`, `dry_run` (counted only), `not_available` (an anonymise rule with no anonymiser). */
  readonly outcome: 'done' | 'dry_run' | 'not_available';
}

export interface RetentionResult {
  readonly at: string;
  readonly dryRun: boolean;
  readonly steps: readonly RetentionStep[];
}

/** When a survey's rules fire: null where it has not closed (or for responses, has no rule). */
export interface RetentionSchedule {
  readonly closedAt: string | null;
  readonly responses: { readonly rule: RetentionRule; readonly firesAt: string | null } | null;
  readonly invitations: { readonly days: number; readonly firesAt: string | null };
}

const DAY_MS = 86_400_000;

/** Calendar months in UTC, the day of the month kept or, past the month's end, its last day (Jan 31 + 1 month = Feb 28). */
function shiftMonths(t: Date, months: number): Date {
  const shifted = new Date(t.getTime());
  const day = t.getUTCDate();
  shifted.setUTCDate(1);
  shifted.setUTCMonth(shifted.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  shifted.setUTCDate(Math.min(day, lastDay));
  return shifted;
}

export function addPeriod(t: Date, period: RetentionRule['period'], sign: 1 | -1 = 1): Date {
  return period.unit === 'days' ? new Date(t.getTime() + sign * period.count * DAY_MS) : shiftMonths(t, sign * period.count);
}

/**
 * When a survey closed: its closing time once passed, or when an admin closed or archived it (the
 * state row's last change), whichever came first; null while it is open or has not yet opened.
 */
export function closedAt(meta: SurveyMeta, row: SurveyStateRow | undefined, now: Date): Date | null {
  const lifecycle = lifecycleOf(meta, row);
  const times: number[] = [];
  if (lifecycle.closesAt !== null && Date.parse(lifecycle.closesAt) <= now.getTime()) times.push(Date.parse(lifecycle.closesAt));
  if (row && (row.state === 'closed' || row.state === 'archived')) times.push(Date.parse(row.updated_at));
  return times.length === 0 ? null : new Date(Math.min(...times));
}

/** A survey's retention schedule at `now`, as the lifecycle page shows it and the sweep applies it. */
export function retentionSchedule(meta: SurveyMeta, row: SurveyStateRow | undefined, settings: RetentionSettings, now: Date): RetentionSchedule {
  const closed = closedAt(meta, row, now);
  return {
    closedAt: closed?.toISOString() ?? null,
    responses: meta.retention ? { rule: meta.retention, firesAt: closed ? addPeriod(closed, meta.retention.period).toISOString() : null } : null,
    invitations: { days: settings.invitationDays, firesAt: closed ? new Date(closed.getTime() + settings.invitationDays * DAY_MS).toISOString() : null },
  };
}

/** Responses per statement: each response takes its ~33 answer rows with it, so a batch is a few thousand rows. */
export const RESPONSE_BATCH = 200;
const INVITATION_BATCH = 500;

/**
 * A rule fires for a survey `period` after it closed. Once it has fired, every response submitted up
 * to the later of the closing time and `now − period` goes: all those collected while it was open,
 * and answers accepted late once they too are `period` old. (`now − period` never runs ahead of
 * `submitted + period`, even at the end of a month, so nothing goes early.) Submission time, not
 * stored_at: it is the app's clock, like the closing time, while stored_at is the machine's.
 */
function responsesDueUpTo(schedule: RetentionSchedule, now: Date): string | null {
  const { responses, closedAt: closed } = schedule;
  if (!responses?.firesAt || !closed || Date.parse(responses.firesAt) > now.getTime()) return null;
  const cutoff = addPeriod(now, responses.rule.period, -1).toISOString();
  return cutoff > closed ? cutoff : closed;
}

/**
 * One retention sweep at `now` over the given surveys: responses past their survey's rule are
 * erased (eraseResponses: answer rows, coding, and the results index and snapshots follow) or
 * anonymised, invitations past INVITATION_DAYS after the close are deleted. Each batch is its own
 * short transaction with a turn of the event loop between, so submissions (also late answers to
 * the survey being swept) wait at most for one batch. One audit entry per survey and kind with the
 * count and the rule, never an answer. `dryRun` counts what would go and changes nothing.
 * Already produced exports are files outside the database and are not touched.
 */
export async function retentionSweep(
  db: Kysely<Database>,
  surveys: readonly SurveyMeta[],
  now: Date,
  settings: RetentionSettings,
  options: { dryRun?: boolean; batchSize?: number; stopping?: () => boolean; anonymise?: Anonymiser } = {},
): Promise<RetentionResult> {
  const { dryRun = false, batchSize = RESPONSE_BATCH, stopping = () => false, anonymise } = options;
  const at = now.toISOString();
  const rows = new Map((await listSurveyStates(db)).map((r) => [r.survey_id, r]));
  const steps: RetentionStep[] = [];
  for (const meta of surveys) {
    if (stopping()) break;
    const schedule = retentionSchedule(meta, rows.get(meta.id), settings, now);
    if (schedule.closedAt === null) continue;

    const upTo = responsesDueUpTo(schedule, now);
    if (upTo !== null && schedule.responses) {
      const { rule, firesAt } = schedule.responses;
      const step = { survey: meta.id, kind: 'responses' as const, action: rule.then, closedAt: schedule.closedAt, firesAt: firesAt! };
      // Deleted responses are gone; anonymised ones stay, so those already done are skipped.
      const range = { after: rule.then === 'anonymise' ? await retentionDoneUpTo(db, meta.id, 'anonymise') : null, upTo };
      const due = range.after !== null && range.after >= upTo ? 0 : await countResponsesSubmittedBetween(db, meta.id, range);
      const act = rule.then === 'delete' ? eraseResponses : anonymise;
      if (due > 0 && (dryRun || !act)) {
        steps.push({ ...step, count: due, outcome: dryRun ? 'dry_run' : 'not_available' });
      } else if (due > 0 && act) {
        let done = 0;
        let complete = false;
        try {
          for (let afterId: string | null = null; ; ) {
            const ids = await responseIdsSubmittedBetween(db, meta.id, range, afterId, batchSize);
            if (ids.length === 0) {
              complete = true;
              break;
            }
            done += await db.transaction().execute((trx) => act(trx, meta.id, ids, at));
            afterId = ids[ids.length - 1]!;
            if (stopping()) break;
            await nextTurn();
          }
          if (complete && rule.then === 'anonymise') await saveRetentionDone(db, meta.id, 'anonymise', upTo, at);
        } finally {
          // Written also when a batch failed or the server is stopping: what was done is on record.
          if (done > 0) {
            steps.push({ ...step, count: done, outcome: 'done' });
            await recordAudit(db, {
              at,
              actor: null,
              action: `retention.${rule.then}`,
              target: meta.id,
              details: { kind: 'responses', count: done, rule: { [rule.period.unit]: rule.period.count, then: rule.then }, closedAt: schedule.closedAt, submittedUpTo: upTo },
            });
          }
        }
      }
    }

    if (stopping()) break;
    const invitationsFire = schedule.invitations.firesAt;
    if (invitationsFire !== null && Date.parse(invitationsFire) <= now.getTime()) {
      const step = { survey: meta.id, kind: 'invitations' as const, action: 'delete' as const, closedAt: schedule.closedAt, firesAt: invitationsFire };
      if (dryRun) {
        const due = await countInvitations(db, meta.id);
        if (due > 0) steps.push({ ...step, count: due, outcome: 'dry_run' });
        continue;
      }
      let done = 0;
      try {
        for (;;) {
          const tokens = await invitationTokens(db, meta.id, INVITATION_BATCH);
          if (tokens.length === 0) break;
          done += await db.transaction().execute((trx) => deleteInvitations(trx, meta.id, tokens));
          if (stopping()) break;
          await nextTurn();
        }
      } finally {
        if (done > 0) {
          steps.push({ ...step, count: done, outcome: 'done' });
          await recordAudit(db, {
            at,
            actor: null,
            action: 'retention.delete',
            target: meta.id,
            details: { kind: 'invitations', count: done, invitationDays: settings.invitationDays, closedAt: schedule.closedAt },
          });
        }
      }
    }
  }
  return { at, dryRun, steps };
}
