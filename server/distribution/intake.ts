import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { responseLate } from '../../db/lifecycle.ts';
import { findLink, type LinkRow } from '../../db/links.ts';
import { findReceipts } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { prepareResponse, storeLockKey, storeOutcome, toReceipt, type Channel, type Receipt } from '../responses/submit.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import { normaliseResumeCode, resumeCodeHash } from './codes.ts';
import { admission, standingOf } from './lifecycle.ts';
import { linkStatus } from './links.ts';
import { storeSubmission, type StoreInput } from './store.ts';

/** What taking a response needs of the app: its stores, surveys, geography, clock, results index and log. */
export type IntakeDeps = Pick<FastifyInstance, 'db' | 'catalog' | 'geography' | 'clock' | 'results' | 'log'>;

export interface Intake {
  readonly surveyId: string;
  /** The version answered; null takes the current one (entry by planners). */
  readonly version: number | null;
  readonly submission: { readonly id: string; readonly data: Record<string, unknown>; readonly locale: string; readonly startedAt?: string | null };
  readonly channel: Channel;
  /** 'public' hides draft surveys (404); 'entry' names them. */
  readonly audience: 'public' | 'entry';
  readonly link?: string;
  /** Chosen by a planner; a link's municipality overrides nothing, since the two never meet. */
  readonly municipality?: string;
  readonly attempt?: string;
  readonly draft?: string;
  readonly validate: boolean;
  /** The hash of a rights code the respondent chose: kept with a new response (Taken.rightsCodeKept). */
  readonly rightsCodeHash?: string;
  /**
   * More work for the transaction that stores the response (a planner's audit line, the entry it
   * replaces), run last and only for a new response; what it throws stores nothing.
   */
  readonly alongside?: (trx: Kysely<Database>, stored: { readonly late: boolean }) => Promise<void>;
}

export interface Taken {
  readonly repeated: boolean;
  readonly receipt: Receipt;
  readonly late: boolean;
  /** A new response's rights code was stored with it (false for a repeat, or a code already in use). */
  readonly rightsCodeKept: boolean;
}

/** Looks up a link that a submission names, and checks that it leads to this survey. */
export async function linkFor(db: Kysely<Database>, token: string, surveyId: string): Promise<LinkRow> {
  const link = await findLink(db, token);
  if (!link) throw new ApiError(404, 'link_not_found', `no link '${token}'`);
  if (link.survey_id !== surveyId) throw new ApiError(400, 'link_wrong_survey', `link '${token}' is for survey '${link.survey_id}', not '${surveyId}'`);
  return link;
}

function linkRefusal(link: LinkRow, responseId: string, now: Date): ApiError | null {
  const status = linkStatus(link, now);
  if (status === 'used' && link.used_response_id !== responseId) {
    return new ApiError(409, 'invitation_used', 'this invitation has already been answered');
  }
  if (status === 'closed') return new ApiError(403, 'link_closed', `link '${link.token}' is closed`);
  return null;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Takes one response through the survey's lifecycle, its link and the shared validate-and-store
 * path: web answers and planners' entries alike. A refused request whose response id is already
 * stored with the same answers is a retry of an accepted one and gets its first receipt (a phone
 * that lost the answer to its submission must not be told "closed" for an answer that counts).
 */
export async function takeResponse(app: IntakeDeps, intake: Intake): Promise<Taken> {
  const { surveyId, submission } = intake;
  const current = app.catalog.get(surveyId);
  if (!current) throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
  const now = app.clock();
  // Not counting towards the cap here: the store counts once, under the survey's lock, below.
  const standing = await standingOf(app.db.kysely, current.meta, now, app.db.dialect, { countResponses: false });
  if (standing.status === 'draft') admission(surveyId, standing, intake.audience); // throws: not published
  const link = intake.link === undefined ? null : await linkFor(app.db.kysely, intake.link, surveyId);
  const survey: SurveyVersion | undefined = intake.version === null ? current : await app.catalog.atVersion(surveyId, intake.version);
  if (!survey) throw new ApiError(409, 'unknown_version', `survey '${surveyId}' has no version ${intake.version}`);

  // The municipality a link or a planner names is the response's; the answer may not contradict
  // it, and an empty answer is filled so that results by answer agree with results by municipality.
  const preset = link?.municipality_code ?? intake.municipality ?? null;
  const question = survey.meta.municipalityQuestion;
  const candidates = [submission.data];
  if (preset !== null && question !== null) {
    const answered = submission.data[question];
    if (!isEmpty(answered) && String(answered) !== preset) {
      throw new ApiError(400, 'municipality_mismatch', `the answer to '${question}' (${String(answered)}) is not the link's municipality ${preset}`);
    }
    if (isEmpty(answered)) candidates.unshift({ ...submission.data, [question]: preset });
  }
  const options = { channel: intake.channel, municipality: preset, submittedAt: now, validate: intake.validate };
  let prepared = prepareResponse(survey, { ...submission, data: candidates[0] }, options, app.geography);
  // A filled answer the form cannot hold (not among the question's choices, or hidden) is left out again.
  if (prepared.kind === 'invalid' && candidates.length > 1 && prepared.errors.some((e) => e.question === question)) {
    prepared = prepareResponse(survey, submission, options, app.geography);
  }

  let late = false;
  try {
    late = admission(surveyId, standing, intake.audience).late;
    const refused = link ? linkRefusal(link, submission.id, now) : null;
    if (refused) throw refused;
  } catch (error) {
    if (prepared.kind === 'ready') {
      const [existing] = await findReceipts(app.db.kysely, [submission.id]);
      if (existing && existing.survey_id === surveyId && existing.digest === prepared.row.digest) {
        return { repeated: true, receipt: toReceipt(existing), late: await responseLate(app.db.kysely, existing.id), rightsCodeKept: false };
      }
    }
    throw error;
  }
  if (prepared.kind === 'invalid') {
    const names = [...new Set(prepared.errors.map((e) => e.question))];
    throw new ApiError(400, 'invalid_answers', `${prepared.errors.length} problem(s) in the answers to: ${names.join(', ')}`, prepared.errors);
  }

  const row = { ...prepared.row, link_id: link?.token ?? null, late: late ? 1 : 0 };
  const draftCode = intake.draft === undefined ? null : normaliseResumeCode(intake.draft);
  const input: StoreInput = {
    row,
    answers: prepared.answers,
    link: link && { token: link.token, kind: link.kind },
    attempt: intake.attempt ?? null,
    draftHash: draftCode === null ? null : resumeCodeHash(draftCode),
    rightsCodeHash: intake.rightsCodeHash ?? null,
    at: now.toISOString(),
    // Under a cap the survey's state is held exclusively while counting (db/lifecycle.ts).
    exclusive: standing.lifecycle.responseCap !== null,
  };
  // Through the database's group commit: answered only after the transaction holding it commits.
  // A planner's extra work is a closure, so it runs on the server's thread.
  const extra = intake.alongside;
  const result =
    extra === undefined
      ? await app.db.writes.call(storeSubmission, input, storeLockKey(row))
      : await app.db.writes.run(async (trx) => {
          const stored = await storeSubmission.run(trx, input, app.db.dialect);
          if (stored.inserted) await extra(trx, { late });
          return stored;
        }, storeLockKey(row));
  const outcome = storeOutcome({ ...prepared, row }, result);
  switch (outcome.kind) {
    case 'invalid':
      throw new ApiError(400, 'invalid_answers', 'the answers are not valid', outcome.errors);
    case 'conflict':
      throw new ApiError(409, 'response_id_reused', outcome.message);
    case 'repeat':
      return { repeated: true, receipt: outcome.receipt, late: await responseLate(app.db.kysely, outcome.receipt.id), rightsCodeKept: false };
    case 'stored':
      // The answer is stored: nothing after this may turn the receipt into an error.
      try {
        app.results.indexes.stored(surveyId, outcome.row, outcome.answers);
      } catch (error) {
        app.log.error({ err: error }, 'results index could not take a stored response; it catches up from the database');
      }
      return { repeated: false, receipt: outcome.receipt, late, rightsCodeKept: result.inserted && result.rightsCodeKept };
  }
}
