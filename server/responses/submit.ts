import crypto from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { insertResponse, type NewAnswer, type NewResponse, type StoredReceipt } from '../../db/responses.ts';
import type { Geography } from '../geography.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import type { ValidationIssue } from '../validation/index.ts';
import { receiptCode } from './receipt.ts';
import type { Receipt } from './schemas.ts';

export type Channel = 'web' | 'interview' | 'paper' | 'import';

export interface Submission {
  /** Client-generated UUID: the idempotency key. */
  readonly id: string;
  readonly data: unknown;
  readonly locale: string;
  readonly startedAt?: string | null;
}

export interface SubmitOptions {
  readonly channel: Channel;
  /** Set by a municipality link or an import line; must agree with the survey's municipality answer. */
  readonly municipality?: string | null;
  readonly submittedAt: Date;
  /** Only the benchmark turns this off, to measure what validation costs. */
  readonly validate?: boolean;
}

// A receipt is the API's: the contract's type, not a copy of it.
export type { Receipt };

export type SubmitOutcome =
  | { readonly kind: 'stored'; readonly receipt: Receipt; readonly row: NewResponse; readonly answers: readonly NewAnswer[] }
  | { readonly kind: 'repeat'; readonly receipt: Receipt }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'invalid'; readonly errors: readonly ValidationIssue[] };

export function toReceipt(row: Pick<StoredReceipt, 'id' | 'survey_id' | 'survey_version' | 'submitted_at'>): Receipt {
  return {
    id: row.id,
    surveyId: row.survey_id,
    version: row.survey_version,
    submittedAt: row.submitted_at,
    receiptCode: receiptCode(row.id),
  };
}

export function submissionDigest(surveyId: string, version: number, submission: Submission): string {
  return crypto
    .createHash('sha256')
    .update(stringify({ surveyId, version, data: submission.data, locale: submission.locale }) ?? '')
    .digest('hex');
}

/**
 * The municipality a response counts for: the link's or import line's, else the answer to the
 * survey's municipality question when that is a municipality code of the county. Both given and
 * different is an error, since the response would be counted for the wrong place.
 */
function municipalityOf(
  survey: SurveyVersion,
  data: Record<string, unknown>,
  preset: string | null | undefined,
  geography: Geography,
): { code: string | null } | { error: ValidationIssue } {
  const question = survey.meta.municipalityQuestion;
  const answered = question !== null && data[question] !== undefined ? String(data[question]) : null;
  if (preset !== undefined && preset !== null) {
    if (!geography.byCode.has(preset)) {
      return { error: { question: question ?? '', code: 'invalid_value', message: `municipality '${preset}' is not a municipality code of the county` } };
    }
    if (answered !== null && answered !== preset && question !== null) {
      return { error: { question, code: 'invalid_value', message: `the answer '${answered}' differs from the given municipality '${preset}'` } };
    }
    return { code: preset };
  }
  return { code: answered !== null && geography.byCode.has(answered) ? answered : null };
}

type Prepared =
  | { readonly kind: 'ready'; readonly row: Parameters<typeof insertResponse>[1]; readonly answers: Parameters<typeof insertResponse>[2] }
  | { readonly kind: 'invalid'; readonly errors: readonly ValidationIssue[] };

/** Validates a submission and turns it into rows, without touching the database (the import checks a whole file this way first). */
export function prepareResponse(
  survey: SurveyVersion,
  submission: Submission,
  options: SubmitOptions,
  geography: Geography,
): Prepared {
  let data: Record<string, unknown>;
  if (options.validate === false) {
    data = submission.data as Record<string, unknown>;
  } else {
    const verdict = survey.compiled.validate(submission.data);
    if (!verdict.ok) return { kind: 'invalid', errors: verdict.errors };
    data = verdict.data;
  }
  const municipality = municipalityOf(survey, data, options.municipality, geography);
  if ('error' in municipality) return { kind: 'invalid', errors: [municipality.error] };
  return {
    kind: 'ready',
    row: {
      id: submission.id,
      survey_id: survey.meta.id,
      survey_version: survey.version,
      link_id: null,
      municipality_code: municipality.code,
      channel: options.channel,
      locale: submission.locale,
      started_at: submission.startedAt ?? null,
      submitted_at: options.submittedAt.toISOString(),
      // The real clock, not the app's: other instances compare it with theirs to catch up.
      stored_at: new Date().toISOString(),
      digest: submissionDigest(survey.meta.id, survey.version, submission),
      data: JSON.stringify(data),
    },
    // Unvalidated (the benchmark's baseline) still stores the answer rows, so that only the cost of
    // judging differs between the two.
    answers: survey.compiled.answerRows(data),
  };
}

/** The rows a submission locks on PostgreSQL are its survey's state, then its link's row: group commit orders its writes by this. */
export function storeLockKey(row: Pick<NewResponse, 'survey_id' | 'link_id'>): string {
  return `${row.survey_id}\u0000${row.link_id ?? ''}`;
}

/** What a store's insert means for the submission: stored, a repeat of the same answer, or another answer under a used id. */
export function storeOutcome(prepared: Extract<Prepared, { kind: 'ready' }>, result: Awaited<ReturnType<typeof insertResponse>>): SubmitOutcome {
  if (result.inserted) return { kind: 'stored', receipt: toReceipt(prepared.row), row: prepared.row, answers: prepared.answers };
  if (result.existing.digest !== prepared.row.digest || result.existing.survey_id !== prepared.row.survey_id) {
    return { kind: 'conflict', message: `response ${prepared.row.id} was already stored with different content` };
  }
  return { kind: 'repeat', receipt: toReceipt(result.existing) };
}

/**
 * Stores a prepared response in a transaction of its own, or recognises a repeat of an earlier one.
 * (The server's submissions go through group commit with distribution's bookkeeping:
 * distribution/store.ts.)
 */
async function storePrepared(kysely: Kysely<Database>, prepared: Extract<Prepared, { kind: 'ready' }>): Promise<SubmitOutcome> {
  return storeOutcome(prepared, await kysely.transaction().execute((trx) => insertResponse(trx, prepared.row, prepared.answers)));
}

/** Validates, then stores once (the web route and entry by planners add distribution around it: distribution/intake.ts). */
export async function submitResponse(
  db: Kysely<Database>,
  geography: Geography,
  survey: SurveyVersion,
  submission: Submission,
  options: SubmitOptions,
): Promise<SubmitOutcome> {
  const prepared = prepareResponse(survey, submission, options, geography);
  if (prepared.kind === 'invalid') return prepared;
  return storePrepared(db, prepared);
}
