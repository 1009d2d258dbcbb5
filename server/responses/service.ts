// Answering as a service: the open surveys respondents see, a web submission, and a planner's
// interview or paper entry with its audit entry. Every answer goes through the one intake
// (distribution/intake.ts); the routes only parse the request and call these.
import { recordAudit } from '../../db/audit.ts';
import type { Actor } from '../auth/users.ts';
import { takeResponse, type IntakeDeps } from '../distribution/intake.ts';
import { standingOf, standings, type SurveyStanding } from '../distribution/lifecycle.ts';
import { ApiError } from '../errors.ts';
import { countyMunicipalities } from '../geography.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import type { EntrySubmission, EntrySurveys, ResponseSubmission, SubmissionAnswer, SurveyDetail, SurveyList, SurveySummary } from './schemas.ts';

function summary(survey: SurveyVersion, standing: SurveyStanding): SurveySummary {
  return {
    id: survey.meta.id,
    version: survey.version,
    title: survey.meta.title,
    audience: survey.meta.audience,
    status: standing.status,
    opens: standing.lifecycle.opensAt,
    closes: standing.lifecycle.closesAt,
    afterClose: standing.lifecycle.afterClose,
  };
}

export class ResponsesService {
  constructor(
    private readonly app: IntakeDeps,
    private readonly validate: boolean,
  ) {}

  /** The surveys open to respondents now. */
  async openSurveys(now: Date): Promise<SurveyList> {
    const surveys = this.app.catalog.list();
    const standing = await standings(this.app.db.kysely, surveys.map((s) => s.meta), now);
    return { surveys: surveys.map((s) => summary(s, standing.get(s.meta.id)!)).filter((s) => s.status === 'open') };
  }

  /** One survey's form and standing; a draft is not published: to the public it does not exist yet. */
  async survey(id: string, now: Date): Promise<SurveyDetail> {
    const survey = this.app.catalog.get(id);
    if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    const standing = await standingOf(this.app.db.kysely, survey.meta, now);
    if (standing.status === 'draft') throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
    return { ...summary(survey, standing), municipalityQuestion: survey.meta.municipalityQuestion, privacy: survey.meta.privacy, definition: survey.definition };
  }

  /** A respondent's web answer, through its link, monitoring attempt and saved draft if it names them. */
  async submit(surveyId: string, body: ResponseSubmission): Promise<SubmissionAnswer> {
    const { link, attempt, draft, ...submission } = body;
    const taken = await takeResponse(this.app, {
      surveyId,
      version: submission.version,
      submission: { ...submission, data: submission.data as Record<string, unknown> },
      channel: 'web',
      audience: 'public',
      link,
      attempt,
      draft,
      validate: this.validate,
    });
    return taken.repeated ? { receipt: taken.receipt, repeated: true, late: taken.late } : { receipt: taken.receipt, repeated: false, late: taken.late };
  }

  /** The surveys a planner may enter answers for: open ones, and closed ones that take late answers. */
  async entrySurveys(now: Date): Promise<EntrySurveys> {
    const surveys = this.app.catalog.list();
    const standing = await standings(this.app.db.kysely, surveys.map((s) => s.meta), now);
    return {
      surveys: surveys
        .filter((s) => {
          const { status, lifecycle } = standing.get(s.meta.id)!;
          return status === 'open' || (status === 'closed' && lifecycle.afterClose === 'accept_late');
        })
        .map((s) => ({
          id: s.meta.id,
          version: s.version,
          title: s.meta.title,
          status: standing.get(s.meta.id)!.status,
          municipalityQuestion: s.meta.municipalityQuestion,
        })),
      municipalities: countyMunicipalities(this.app.geography),
    };
  }

  /** A planner's interview or paper answer, judged and stored as the web's are, then audit-logged. */
  async enter(surveyId: string, body: EntrySubmission, actor: Actor): Promise<SubmissionAnswer> {
    const { id, data, municipality, channel, locale } = body;
    if (!this.app.geography.byCode.has(municipality)) {
      throw new ApiError(400, 'unknown_municipality', `municipality '${municipality}' is not a municipality code of the county`);
    }
    const taken = await takeResponse(this.app, {
      surveyId,
      version: null,
      submission: { id, data: data as Record<string, unknown>, locale: locale ?? 'fi' },
      channel,
      audience: 'entry',
      municipality,
      validate: this.validate,
    });
    if (taken.repeated) return { receipt: taken.receipt, late: taken.late, repeated: true };
    // Who entered which response, never what it says. Written once the answer is stored: the store
    // goes through the group commit, whose transactions take no other writes.
    await recordAudit(this.app.db.kysely, {
      at: this.app.clock().toISOString(),
      actor,
      action: 'response.entry',
      target: surveyId,
      details: { responseId: id, version: taken.receipt.version, channel, municipality, late: taken.late },
    });
    return { receipt: taken.receipt, late: taken.late, repeated: false };
  }
}
