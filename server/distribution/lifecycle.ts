import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.ts';
import { countRealResponses, findSurveyState, listSurveyStates, type SurveyStateRow } from '../../db/lifecycle.ts';
import type { AfterClose, Database, LifecycleState } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { SurveyMeta } from '../surveys/envelope.ts';

/** What respondents see of a survey now. */
export type EffectiveStatus = 'draft' | 'not_yet_open' | 'open' | 'closed' | 'archived' | 'full';

export interface Lifecycle {
  readonly state: LifecycleState;
  readonly opensAt: string | null;
  readonly closesAt: string | null;
  readonly responseCap: number | null;
  readonly afterClose: AfterClose;
}

/**
 * A survey's lifecycle: the admin's row, or without one the file's own `opens`/`closes` and
 * nothing else, so that surveys nobody has touched behave as they always did.
 */
export function lifecycleOf(meta: SurveyMeta, row: SurveyStateRow | undefined): Lifecycle {
  if (!row) return { state: 'open', opensAt: meta.opens, closesAt: meta.closes, responseCap: null, afterClose: 'refuse' };
  return { state: row.state, opensAt: row.opens_at, closesAt: row.closes_at, responseCap: row.response_cap, afterClose: row.after_close };
}

/** The status a lifecycle gives at `now`; `responses` (real ones) matter only under a cap. */
export function effectiveStatus(lifecycle: Lifecycle, now: Date, responses: number): EffectiveStatus {
  if (lifecycle.state === 'archived') return 'archived';
  if (lifecycle.state === 'draft') return 'draft';
  if (lifecycle.state === 'closed') return 'closed';
  if (lifecycle.closesAt && now.getTime() >= Date.parse(lifecycle.closesAt)) return 'closed';
  if (lifecycle.opensAt && now.getTime() < Date.parse(lifecycle.opensAt)) return 'not_yet_open';
  if (lifecycle.responseCap !== null && responses >= lifecycle.responseCap) return 'full';
  return 'open';
}

export interface SurveyStanding {
  readonly lifecycle: Lifecycle;
  readonly status: EffectiveStatus;
  /**
   * What the survey's privacy notice lacks (server/surveys/envelope.ts): while anything is listed
   * the survey is not published (status `draft`) whatever its lifecycle says.
   */
  readonly privacyGaps: readonly string[];
}

/** A survey without a complete privacy notice cannot be opened for answers: to respondents it is not published yet. */
function statusOf(meta: SurveyMeta, lifecycle: Lifecycle, now: Date, responses: number): EffectiveStatus {
  const status = effectiveStatus(lifecycle, now, responses);
  return meta.privacyGaps.length > 0 && status !== 'archived' ? 'draft' : status;
}

/**
 * One survey's lifecycle and status, read from the database (nothing is cached: instances share it).
 * The store path passes the dialect, so its query is compiled once.
 */
export async function standingOf(db: Kysely<Database>, meta: SurveyMeta, now: Date, dialect?: Dialect, options: { countResponses?: boolean } = {}): Promise<SurveyStanding> {
  const lifecycle = lifecycleOf(meta, await findSurveyState(db, meta.id, dialect));
  // The store path counts towards the cap once, inside its transaction (countResponses: false), so
  // a full survey's status reads 'open' to it and the count under the lock refuses.
  const responses = lifecycle.responseCap === null || options.countResponses === false ? 0 : await countRealResponses(db, meta.id);
  return { lifecycle, status: statusOf(meta, lifecycle, now, responses), privacyGaps: meta.privacyGaps };
}

/** Every survey's standing at once, for lists. */
export async function standings(db: Kysely<Database>, metas: readonly SurveyMeta[], now: Date): Promise<Map<string, SurveyStanding>> {
  const rows = new Map((await listSurveyStates(db)).map((r) => [r.survey_id, r]));
  const out = new Map<string, SurveyStanding>();
  for (const meta of metas) {
    const lifecycle = lifecycleOf(meta, rows.get(meta.id));
    const responses = lifecycle.responseCap === null ? 0 : await countRealResponses(db, meta.id);
    out.set(meta.id, { lifecycle, status: statusOf(meta, lifecycle, now, responses), privacyGaps: meta.privacyGaps });
  }
  return out;
}

/**
 * Whether a survey takes an answer now, and if so whether it is late. A survey still in draft is
 * unknown to the public (404) and refused to planners; an archived one is closed for good, never
 * taking late answers.
 */
export function admission(surveyId: string, standing: SurveyStanding, audience: 'public' | 'entry'): { late: boolean } {
  switch (standing.status) {
    case 'open':
      return { late: false };
    case 'closed':
      if (standing.lifecycle.afterClose === 'accept_late') return { late: true };
      throw new ApiError(403, 'survey_closed', `survey '${surveyId}' is closed`);
    case 'archived':
      throw new ApiError(403, 'survey_closed', `survey '${surveyId}' is archived and takes no answers`);
    case 'not_yet_open':
      throw new ApiError(403, 'survey_not_yet_open', `survey '${surveyId}' is not open yet`);
    case 'full':
      throw new ApiError(403, 'survey_full', `survey '${surveyId}' has all the responses it takes`);
    case 'draft':
      if (audience === 'public') throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
      throw new ApiError(403, 'survey_draft', `survey '${surveyId}' is a draft: publish it before entering answers`);
  }
}
