// Answering as a service: the open surveys respondents see, a web submission, and a planner's
// interview or paper entry with its audit entry. Every answer goes through the one intake
// (distribution/intake.ts); the routes only parse the request and call these.
import type { Kysely } from 'kysely';
import { actorAuditSince, auditOfResponse, recordAudit, type AuditRow } from '../../db/audit.ts';
import { findResponse, findResponses, removeResponse } from '../../db/responses.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../auth/users.ts';
import { takeResponse, type IntakeDeps } from '../distribution/intake.ts';
import { standingOf, standings, type SurveyStanding } from '../distribution/lifecycle.ts';
import { ApiError } from '../errors.ts';
import { countyMunicipalities } from '../geography.ts';
import { finnishDay, finnishDayStart } from '../http/times.ts';
import { rightsCodeKeeper } from '../privacy/rights.ts';
import { receiptCode } from './receipt.ts';
import { identifyingQuestions } from '../questions/identifying.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import type { CorrectionAnswer, EnteredResponse, EntriesToday, EntryChannel, VoidedEntry } from './schemas.ts';
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
    identifying: identifyingQuestions(survey.definition).size > 0,
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
    return { ...summary(survey, standing), municipalityQuestion: survey.meta.municipalityQuestion, privacy: survey.meta.privacy, identifyingQuestions: [...identifyingQuestions(survey.definition)], definition: survey.definition };
  }

  /** A respondent's web answer, through its link, monitoring attempt and saved draft if it names them. */
  async submit(surveyId: string, body: ResponseSubmission): Promise<SubmissionAnswer> {
    const { link, attempt, draft, rightsCode, ...submission } = body;
    const rights = rightsCode === undefined ? null : rightsCodeKeeper(rightsCode, submission.id);
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
      ...(rights ? { rightsCodeHash: rights.hash } : {}),
    });
    const receipt = rights ? { ...taken.receipt, rightsCode: await rights.shown(this.app.db.kysely, taken.repeated, taken.rightsCodeKept) } : taken.receipt;
    return taken.repeated ? { receipt, repeated: true, late: taken.late } : { receipt, repeated: false, late: taken.late };
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

  /**
   * A planner's interview or paper answer, judged and stored as the web's are; its audit line (who
   * entered which response, never what it says) is written in the transaction that stores it.
   */
  async enter(surveyId: string, body: EntrySubmission, actor: Actor): Promise<SubmissionAnswer> {
    const taken = await this.takeEntry(surveyId, body, async (trx, late) => {
      await recordAudit(trx, { at: this.app.clock().toISOString(), actor, action: ENTRY, target: surveyId, details: this.entryDetails(body, late) });
    });
    return taken.repeated ? { receipt: taken.receipt, late: taken.late, repeated: true } : { receipt: taken.receipt, late: taken.late, repeated: false };
  }

  /**
   * A planner's correction of their own entry: a new response in its place, stored, and the old one
   * removed from the results, in one transaction with the audit line that names both. A retry with
   * the same new id gets the first receipt.
   */
  async correctEntry(responseId: string, body: EntrySubmission, actor: Actor): Promise<CorrectionAnswer> {
    if (body.id.toLowerCase() === responseId.toLowerCase()) {
      throw new ApiError(400, 'correction_same_id', 'a correction is a new response: give it a new id, not the id of the entry it replaces');
    }
    const old = await this.ownEntry(responseId, actor, { acceptReplacedBy: body.id });
    if ('replacedBy' in old) {
      // This correction was stored before: its first receipt (takeResponse finds it by its id).
      const taken = await this.takeEntry(old.surveyId, body, async () => {
        throw new ApiError(409, 'entry_not_stored', `entry ${responseId} is no longer stored`);
      });
      return { receipt: taken.receipt, late: taken.late, repeated: true, replaces: responseId };
    }
    const taken = await this.takeEntry(old.surveyId, body, async (trx, late) => {
      const at = this.app.clock().toISOString();
      if (!(await removeResponse(trx, responseId, old.surveyId, at))) {
        throw new ApiError(409, 'entry_not_stored', `entry ${responseId} was voided or replaced meanwhile`);
      }
      await recordAudit(trx, { at, actor, action: CORRECTION, target: old.surveyId, details: { ...this.entryDetails(body, late), replaces: responseId } });
    });
    if (!taken.repeated) this.app.results.indexes.invalidate(old.surveyId);
    return taken.repeated ? { receipt: taken.receipt, late: taken.late, repeated: true, replaces: responseId } : { receipt: taken.receipt, late: taken.late, repeated: false, replaces: responseId };
  }

  /**
   * A planner voids their own entry: it leaves the responses and the results (the survey's deletion
   * generation moves, so indexes and snapshots drop it) and stays in the audit log, with a line of
   * its own written in the same transaction.
   */
  async voidEntry(responseId: string, actor: Actor): Promise<VoidedEntry> {
    const old = await this.ownEntry(responseId, actor, {});
    if ('replacedBy' in old) throw new ApiError(409, 'entry_not_stored', `entry ${responseId} was replaced by a correction`);
    const at = this.app.clock().toISOString();
    await this.app.db.kysely.transaction().execute(async (trx) => {
      if (!(await removeResponse(trx, responseId, old.surveyId, at))) {
        throw new ApiError(409, 'entry_not_stored', `entry ${responseId} was voided or replaced meanwhile`);
      }
      await recordAudit(trx, {
        at,
        actor,
        action: VOID,
        target: old.surveyId,
        details: { responseId, version: old.row.survey_version, channel: old.row.channel, municipality: old.row.municipality_code, enteredAt: old.row.submitted_at },
      });
    });
    this.app.results.indexes.invalidate(old.surveyId);
    return { responseId, surveyId: old.surveyId, voidedAt: at };
  }

  /** What this planner entered today (Finnish time), newest first, with what became of each. */
  async entriesToday(actor: Actor): Promise<EntriesToday> {
    const since = finnishDayStart(finnishDay(this.app.clock()));
    const lines = await actorAuditSince(this.app.db.kysely, actor.id, [ENTRY, CORRECTION, VOID], since);
    const replacedBy = new Map<string, string>();
    const voided = new Set<string>();
    for (const line of lines) {
      const details = detailsOf(line);
      if (line.action === CORRECTION && typeof details.replaces === 'string') replacedBy.set(details.replaces, String(details.responseId));
      if (line.action === VOID) voided.add(String(details.responseId));
    }
    const entered = lines.filter((l) => l.action !== VOID);
    const stored = new Map((await findResponses(this.app.db.kysely, entered.map((l) => String(detailsOf(l).responseId)))).map((r) => [r.id, r]));
    const entries: EnteredResponse[] = entered.map((line) => {
      const details = detailsOf(line);
      const id = String(details.responseId);
      const row = stored.get(id);
      const channel = details.channel === 'interview' || details.channel === 'paper' ? (details.channel as EntryChannel) : null;
      return {
        responseId: id,
        surveyId: line.target,
        version: typeof details.version === 'number' ? details.version : null,
        channel,
        municipality: typeof details.municipality === 'string' ? details.municipality : null,
        enteredAt: line.at,
        receiptCode: receiptCode(id),
        late: details.late === true,
        state: row ? 'stored' : replacedBy.has(id) ? 'replaced' : voided.has(id) ? 'voided' : 'removed',
        replaces: typeof details.replaces === 'string' ? details.replaces : null,
        replacedBy: replacedBy.get(id) ?? null,
        data: row ? (JSON.parse(row.data) as Record<string, unknown>) : null,
      };
    });
    return { since, entries: entries.reverse() };
  }

  private entryDetails(body: EntrySubmission, late: boolean) {
    return { responseId: body.id, channel: body.channel, municipality: body.municipality, late };
  }

  private async takeEntry(surveyId: string, body: EntrySubmission, alongside: (trx: Kysely<Database>, late: boolean) => Promise<void>) {
    const { id, data, municipality, channel, locale } = body;
    if (!this.app.geography.byCode.has(municipality)) {
      throw new ApiError(400, 'unknown_municipality', `municipality '${municipality}' is not a municipality code of the county`);
    }
    return takeResponse(this.app, {
      surveyId,
      version: null,
      submission: { id, data: data as Record<string, unknown>, locale: locale ?? 'fi' },
      channel,
      audience: 'entry',
      municipality,
      validate: this.validate,
      alongside: (trx, stored) => alongside(trx, stored.late),
    });
  }

  /**
   * The entry `responseId` if this planner entered it and it is still stored; with
   * `acceptReplacedBy`, also when that very correction replaced it (a retry). Someone else's entry,
   * or a response that no planner entered, is refused (403); no such response at all is 404.
   */
  private async ownEntry(
    responseId: string,
    actor: Actor,
    options: { acceptReplacedBy?: string },
  ): Promise<{ surveyId: string; row: NonNullable<Awaited<ReturnType<typeof findResponse>>> } | { surveyId: string; replacedBy: string }> {
    const db = this.app.db.kysely;
    const lines = await auditOfResponse(db, responseId, [ENTRY, CORRECTION]);
    const entered = lines.find((l) => detailsOf(l).responseId === responseId);
    const row = await findResponse(db, responseId);
    if (!entered) {
      if (row) throw new ApiError(403, 'not_your_entry', `response ${responseId} was not entered by you`);
      throw new ApiError(404, 'entry_not_found', `no entry ${responseId}`);
    }
    if (entered.actor_id !== actor.id) throw new ApiError(403, 'not_your_entry', `entry ${responseId} was entered by someone else; only they may correct or void it`);
    if (row) return { surveyId: row.survey_id, row };
    if (options.acceptReplacedBy !== undefined) {
      const corrections = await auditOfResponse(db, options.acceptReplacedBy, [CORRECTION]);
      if (corrections.some((l) => l.actor_id === actor.id && detailsOf(l).replaces === responseId)) {
        return { surveyId: entered.target ?? '', replacedBy: options.acceptReplacedBy };
      }
    }
    throw new ApiError(404, 'entry_not_found', `entry ${responseId} is no longer stored: it was voided or replaced`);
  }
}

const ENTRY = 'response.entry';
const CORRECTION = 'response.entry.correct';
const VOID = 'response.entry.void';

function detailsOf(line: AuditRow): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(line.details);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
