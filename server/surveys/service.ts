// The survey lifecycle as admins run it: the list with each survey's standing and response counts,
// and a change of state, times, cap or after-close rule stored with its audit entry in one
// transaction. The routes only parse the request and call these.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import { findSurveyState, listSurveyStates, responseCountsBySurvey, saveSurveyState } from '../../db/lifecycle.ts';
import type { AfterClose, Database, LifecycleState } from '../../db/schema.ts';
import type { Actor } from '../auth/users.ts';
import { lifecycleOf, standingOf, standings, type SurveyStanding } from '../distribution/lifecycle.ts';
import { ApiError } from '../errors.ts';
import { retentionSchedule, type RetentionSchedule, type RetentionSettings } from '../ops/retention.ts';
import type { SurveyCatalog, SurveyVersion } from './catalog.ts';

type Counts = { responses: number; late: number; synthetic: number };

/** A survey as the admin list shows it: its lifecycle, its standing now and its real responses. */
function adminSurvey(survey: SurveyVersion, standing: SurveyStanding, counts: Counts | undefined, retention: RetentionSchedule) {
  const { lifecycle } = standing;
  return {
    id: survey.meta.id,
    title: survey.meta.title,
    audience: survey.meta.audience,
    state: lifecycle.state,
    status: standing.status,
    opensAt: lifecycle.opensAt,
    closesAt: lifecycle.closesAt,
    responseCap: lifecycle.responseCap,
    afterClose: lifecycle.afterClose,
    responses: counts?.responses ?? 0,
    late: counts?.late ?? 0,
    synthetic: counts?.synthetic ?? 0,
    privacyNoticeMissing: [...standing.privacyGaps],
    retention: {
      closedAt: retention.closedAt,
      responses: retention.responses ? { ...retention.responses.rule.period, then: retention.responses.rule.then, firesAt: retention.responses.firesAt } : null,
      invitations: retention.invitations,
    },
  };
}

export type AdminSurveyView = ReturnType<typeof adminSurvey>;

/** A lifecycle change; times are already stored form (UTC ISO text) or null. */
export interface LifecycleChange {
  readonly state: LifecycleState;
  readonly opensAt: string | null;
  readonly closesAt: string | null;
  readonly responseCap: number | null;
  readonly afterClose: AfterClose;
}

export class SurveyAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly retention: RetentionSettings,
  ) {}

  surveyOr404(id: string): SurveyVersion {
    const survey = this.catalog.get(id);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    return survey;
  }

  async list(now: Date): Promise<AdminSurveyView[]> {
    const surveys = this.catalog.list();
    const standing = await standings(this.db, surveys.map((s) => s.meta), now);
    const counts = await responseCountsBySurvey(this.db);
    const rows = new Map((await listSurveyStates(this.db)).map((r) => [r.survey_id, r]));
    return surveys.map((s) => adminSurvey(s, standing.get(s.meta.id)!, counts.get(s.meta.id), retentionSchedule(s.meta, rows.get(s.meta.id), this.retention, now)));
  }

  async changeLifecycle(surveyId: string, change: LifecycleChange, actor: Actor, now: Date): Promise<AdminSurveyView> {
    const survey = this.surveyOr404(surveyId);
    const { opensAt, closesAt } = change;
    if (opensAt !== null && closesAt !== null && Date.parse(opensAt) >= Date.parse(closesAt)) {
      throw new ApiError(400, 'invalid_times', `closesAt (${closesAt}) must be after opensAt (${opensAt})`);
    }
    // Opening needs a complete privacy notice; any other state (a draft, closing) is always allowed.
    if (change.state === 'open' && survey.meta.privacyGaps.length > 0) {
      throw new ApiError(409, 'privacy_notice_incomplete', `survey '${survey.meta.id}' cannot be opened: its privacy notice lacks ${survey.meta.privacyGaps.join(', ')}`);
    }
    const before = lifecycleOf(survey.meta, await findSurveyState(this.db, survey.meta.id));
    const row = {
      survey_id: survey.meta.id,
      state: change.state,
      opens_at: opensAt,
      closes_at: closesAt,
      response_cap: change.responseCap,
      after_close: change.afterClose,
      updated_at: now.toISOString(),
      updated_by: actor.id,
    };
    // The new state and its audit entry are stored together or not at all.
    await this.db.transaction().execute(async (trx) => {
      await saveSurveyState(trx, row);
      await recordAudit(trx, {
        at: now.toISOString(),
        actor,
        action: 'survey.lifecycle',
        target: survey.meta.id,
        details: { before, after: lifecycleOf(survey.meta, row) },
      });
    });
    const counts = await responseCountsBySurvey(this.db);
    return adminSurvey(survey, await standingOf(this.db, survey.meta, now), counts.get(survey.meta.id), retentionSchedule(survey.meta, row, this.retention, now));
  }
}
