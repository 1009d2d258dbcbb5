/**
 * What storing a submission writes, in the transaction (and savepoint) its group commit gives it:
 * the response and its answer rows, then, for a new response, distribution's bookkeeping beside it
 * and the rights code the respondent chose.
 * A procedure (db/procedure.ts), so that on a SQLite file the writer's thread runs a whole batch of
 * submissions by itself: this module is imported there, and so imports only the database's modules
 * and ApiError.
 */
import type { Kysely } from 'kysely';
import { completeAttempt } from '../../db/attempts.ts';
import type { Dialect } from '../../db/connect.ts';
import { deleteDraft, deleteDraftsOfLink } from '../../db/drafts.ts';
import { capAppeared, countRealResponses, lockSurveyState } from '../../db/lifecycle.ts';
import { claimLink, countLinkStart, type LinkRow } from '../../db/links.ts';
import { procedure } from '../../db/procedure.ts';
import { insertRightsCode } from '../../db/rights.ts';
import { insertResponse, type NewAnswer, type NewResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import { ApiError, reviveApiError } from '../api-error.ts';

export interface StoreInput {
  readonly row: NewResponse;
  readonly answers: readonly NewAnswer[];
  /** The link the response came by: claimed for it (an invitation once, other links up to their limit). */
  readonly link: Pick<LinkRow, 'token' | 'kind'> | null;
  /** The client's attempt, marked completed (and counted as its link's start when it was never pinged). */
  readonly attempt: string | null;
  /** The resume code's hash of the draft this answer finishes: deleted with it. */
  readonly draftHash: string | null;
  /** The hash of the rights code the respondent chose, kept with the answer (privacy/rights.ts). */
  readonly rightsCodeHash: string | null;
  /** When, for the link's, attempt's and draft's bookkeeping. */
  readonly at: string;
  /**
   * Hold the survey's state exclusively while counting against its cap (FOR UPDATE on PostgreSQL;
   * SQLite has one writer). Set when the survey had a cap as its standing was read; set here when
   * one appeared since, before the call is run again (see `capAppeared`). PostgreSQL runs
   * procedures on the server's thread, so the retry sees this same object.
   */
  exclusive: boolean;
}

/** A new response (and whether its rights code was kept: false when another answer has that code), or the receipt stored first under its id. */
export type StoreResult = { readonly inserted: true; readonly rightsCodeKept: boolean } | Extract<Awaited<ReturnType<typeof insertResponse>>, { inserted: false }>;

async function store(trx: Kysely<Database>, input: StoreInput, dialect: Dialect): Promise<StoreResult> {
  const inserted = await insertResponse(trx, input.row, input.answers, dialect);
  if (!inserted.inserted) return inserted;
  const surveyId = input.row.survey_id;
  const { link, at } = input;
  const state = await lockSurveyState(trx, dialect, surveyId, input.exclusive);
  if (!input.exclusive && dialect === 'postgres' && state && state.response_cap !== null) {
    input.exclusive = true;
    throw capAppeared(surveyId);
  }
  // Counted after the insert and under the survey's lock: the count includes this response.
  if (state && state.response_cap !== null && (await countRealResponses(trx, surveyId)) > state.response_cap) {
    throw new ApiError(403, 'survey_full', `survey '${surveyId}' has all the responses it takes`);
  }
  if (link && !(await claimLink(trx, link, input.row.id, at))) {
    throw link.kind === 'invitation'
      ? new ApiError(409, 'invitation_used', 'this invitation has already been answered')
      : new ApiError(403, 'link_closed', `link '${link.token}' has all the responses it takes`);
  }
  if (input.attempt !== null) {
    const created = await completeAttempt(trx, { id: input.attempt, surveyId, linkToken: link?.token ?? null, municipality: input.row.municipality_code ?? null, at });
    if (created && link) await countLinkStart(trx, link.token);
  }
  if (input.draftHash !== null) await deleteDraft(trx, input.draftHash);
  if (link?.kind === 'invitation') await deleteDraftsOfLink(trx, link.token);
  const rightsCodeKept =
    input.rightsCodeHash !== null && (await insertRightsCode(trx, { codeHash: input.rightsCodeHash, responseId: input.row.id, surveyId, at }));
  return { inserted: true, rightsCodeKept };
}

export const storeSubmission = procedure<StoreInput, StoreResult>(import.meta.url, 'storeSubmission', store, reviveApiError);
