// Distribution as a service: what respondents do around a submission (open a link, keep partial
// answers for later, tell how far they got) and what admins do with links and invitations. These
// own the transactions (links stored with their audit entry, a draft with the sweep of expired ones);
// the routes only parse the request and call these, and db/ stays the only SQL.
import type { Kysely } from 'kysely';
import { pingAttempt } from '../../db/attempts.ts';
import { recordAudit } from '../../db/audit.ts';
import { deleteDraft, deleteExpiredDrafts, findDraft, latestDraftOfLink, saveDraft, type DraftRow } from '../../db/drafts.ts';
import { countLinkOpen, countLinkStart, findLink, findLinks, insertLinks, listLinks, setLinkClosedAt, type LinkRow, type NewLink } from '../../db/links.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import type { Geography } from '../geography.ts';
import { storedTime } from '../http/times.ts';
import type { SurveyCatalog, SurveyVersion } from '../surveys/catalog.ts';
import { newLinkToken, newResumeCode, normaliseResumeCode, resumeCodeHash } from './codes.ts';
import { linkFor } from './intake.ts';
import { invitationsCsv } from './invitations-csv.ts';
import { admission, standingOf } from './lifecycle.ts';
import { linkRowToLink, linkStatus, linkUrl, municipalityOf, resumeUrl } from './links.ts';
import { pageCount } from './monitoring.ts';
import { qrPng, qrSvg } from './qr.ts';
import type { AttemptPing, DraftSubmission, Link, LinkDraft, LinkInfo, LinkKind, Links, NewInvitations, NewLinks, ResumeDraft, SavedDraft } from './schemas.ts';

// Partial answers are kept only as long as a whole submission could be.
const DRAFT_MAX_CHARS = 200_000;
// Poster links stay short enough for a small QR code (72 bits); an invitation is a credential
// for one answer and gets 128 bits, beyond guessing.
const POSTER_TOKEN_BYTES = 9;
const INVITATION_TOKEN_BYTES = 16;

function draftOf(row: DraftRow): LinkDraft {
  return { data: JSON.parse(row.data) as Record<string, unknown>, page: row.page, locale: row.locale, expiresAt: row.expires_at };
}

function surveyOr404(catalog: SurveyCatalog, id: string): SurveyVersion {
  const survey = catalog.get(id);
  if (!survey) throw new ApiError(404, 'survey_not_found', `no survey '${id}'`);
  return survey;
}

/** A draft's or a ping's page must be one of the form's own, not merely a plausible number. */
function checkPage(survey: SurveyVersion, page: number): void {
  const pages = pageCount(survey.definition);
  if (page >= pages) {
    throw new ApiError(400, 'page_out_of_range', `page ${page} is not a page of survey '${survey.meta.id}', whose pages are 0–${pages - 1}`);
  }
}

/** The respondent's side: public, anonymous, and never told more than their own link or code. */
export class DistributionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
    private readonly resumeDays: number,
  ) {}

  /** What a link address opens, counted as one opening; an invitation's unfinished answer comes with it. */
  async openLink(token: string, now: Date): Promise<LinkInfo> {
    const link = await findLink(this.db, token);
    if (!link || !this.catalog.get(link.survey_id)) throw new ApiError(404, 'link_not_found', `no link '${token}'`);
    await countLinkOpen(this.db, link.token);
    const status = linkStatus(link, now);
    // An invitation's unfinished answer waits behind its own link: re-opening it offers the latest.
    let draft: DraftRow | undefined;
    if (link.kind === 'invitation' && status === 'open') {
      draft = await latestDraftOfLink(this.db, link.token);
      if (draft && draft.expires_at <= now.toISOString()) {
        await deleteDraft(this.db, draft.code_hash);
        draft = undefined;
      }
    }
    return {
      token: link.token,
      survey: link.survey_id,
      kind: link.kind,
      municipality: municipalityOf(link.municipality_code, this.geography),
      status,
      draft: draft ? draftOf(draft) : null,
    };
  }

  /** Keeps partial answers under a new resume code; `base` is where the code's address points. */
  async saveDraft(surveyId: string, body: DraftSubmission, base: string, now: Date): Promise<SavedDraft> {
    const survey = surveyOr404(this.catalog, surveyId);
    // Keeping answers for a survey that will not take them would only disappoint later.
    admission(surveyId, await standingOf(this.db, survey.meta, now), 'public');
    const { data, page, locale, link: token } = body;
    checkPage(survey, page);
    const link = token === undefined ? null : await linkFor(this.db, token, surveyId);
    if (link) {
      const status = linkStatus(link, now);
      if (status === 'used') throw new ApiError(409, 'invitation_used', 'this invitation has already been answered');
      if (status === 'closed') throw new ApiError(403, 'link_closed', `link '${link.token}' is closed`);
    }
    const json = JSON.stringify(data);
    if (json.length > DRAFT_MAX_CHARS) {
      throw new ApiError(400, 'draft_too_large', `data is ${json.length} characters as JSON; a draft keeps at most ${DRAFT_MAX_CHARS}`);
    }
    const code = newResumeCode();
    const expiresAt = new Date(now.getTime() + this.resumeDays * 86_400_000).toISOString();
    await this.db.transaction().execute(async (trx) => {
      await deleteExpiredDrafts(trx, now.toISOString());
      // Every draft keeps its link, so that the finished answer counts for it (and a municipality
      // link's municipality stays preset); only an invitation's link offers its draft on re-opening.
      await saveDraft(
        trx,
        {
          code_hash: resumeCodeHash(normaliseResumeCode(code)!),
          survey_id: surveyId,
          link_token: link?.token ?? null,
          data: json,
          page,
          locale: locale ?? null,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        },
        { onlyOneForLink: link?.kind === 'invitation' },
      );
    });
    return { code, url: resumeUrl(base, code), expiresAt };
  }

  /** The answers saved under a resume code; an expired one is deleted and answered 410. */
  async resumeDraft(rawCode: string, now: Date): Promise<ResumeDraft> {
    const code = normaliseResumeCode(rawCode);
    const draft = code === null ? undefined : await findDraft(this.db, resumeCodeHash(code));
    if (!draft) throw new ApiError(404, 'draft_not_found', 'no saved answers with this code');
    if (draft.expires_at <= now.toISOString()) {
      await deleteDraft(this.db, draft.code_hash);
      throw new ApiError(410, 'draft_expired', `the saved answers expired at ${draft.expires_at}`);
    }
    return { survey: draft.survey_id, ...draftOf(draft), link: draft.link_token };
  }

  /** Records how far an anonymous answering session got; its first ping counts as a start of its link. */
  async ping(surveyId: string, body: AttemptPing, now: Date): Promise<void> {
    const survey = surveyOr404(this.catalog, surveyId);
    if ((await standingOf(this.db, survey.meta, now)).status === 'draft') throw new ApiError(404, 'survey_not_found', `no survey '${surveyId}'`);
    checkPage(survey, body.page);
    const link = body.link === undefined ? null : await linkFor(this.db, body.link, surveyId);
    // The attempt and its link's start counter together, so a start is never counted without its attempt.
    await this.db.transaction().execute(async (trx) => {
      const created = await pingAttempt(trx, {
        id: body.attempt,
        surveyId,
        linkToken: link?.token ?? null,
        municipality: link?.municipality_code ?? null,
        page: body.page,
        at: now.toISOString(),
      });
      if (created && link) await countLinkStart(trx, link.token);
    });
  }
}

/** The admin's side: links and invitations made, listed, closed and printed, each change audit-logged. */
export class LinksAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
    private readonly geography: Geography,
  ) {}

  private async linkOr404(token: string): Promise<LinkRow> {
    const link = await findLink(this.db, token);
    if (!link) throw new ApiError(404, 'link_not_found', `no link '${token}'`);
    return link;
  }

  /** Stores new links all or none, audit-logged in the same transaction, and answers with them. */
  private async create(surveyId: string, links: NewLink[], action: string, details: Record<string, unknown>, actor: Actor, base: string, now: Date): Promise<Links> {
    await this.db.transaction().execute(async (trx) => {
      await insertLinks(trx, links);
      await recordAudit(trx, { at: now.toISOString(), actor, action, target: surveyId, details: { ...details, count: links.length } });
    });
    const rows = new Map((await findLinks(this.db, links.map((l) => l.token))).map((r) => [r.token, r]));
    return { links: links.map((l) => linkRowToLink(rows.get(l.token)!, base, this.geography, now)) };
  }

  async list(surveyId: string, kind: LinkKind | undefined, base: string, now: Date): Promise<Links> {
    surveyOr404(this.catalog, surveyId);
    const rows = await listLinks(this.db, surveyId, kind);
    return { links: rows.map((r) => linkRowToLink(r, base, this.geography, now)) };
  }

  /** A public link, or one link per municipality (named, or 'all' of the county's). */
  async createLinks(surveyId: string, body: NewLinks, actor: Actor, base: string, now: Date): Promise<Links> {
    const survey = surveyOr404(this.catalog, surveyId);
    const { kind, municipalities, label, maxResponses, closesAt } = body;
    let codes: (string | null)[];
    if (kind === 'public') {
      if (municipalities !== undefined) throw new ApiError(400, 'invalid_request', 'municipalities is only for kind municipality');
      codes = [null];
    } else {
      if (municipalities === undefined) throw new ApiError(400, 'invalid_request', "municipalities is required for kind municipality (codes, or 'all')");
      const wanted = municipalities === 'all' ? this.geography.municipalities.map((m) => m.code) : [...new Set(municipalities)];
      const unknown = wanted.filter((c) => !this.geography.byCode.has(c));
      if (unknown.length > 0) throw new ApiError(400, 'unknown_municipality', `municipalities ${unknown.join(', ')} are not municipality codes of the county`);
      codes = wanted;
    }
    const closes = closesAt === undefined ? null : storedTime(closesAt, 'body.closesAt');
    const links = codes.map((code) =>
      newLinkRow(survey.meta.id, actor, now, { token: newLinkToken(POSTER_TOKEN_BYTES), kind, municipality_code: code, label: label ?? null, max_responses: maxResponses ?? null, closes_at: closes }),
    );
    return this.create(survey.meta.id, links, 'link.create', { kind, municipalities: codes.filter((c) => c !== null) }, actor, base, now);
  }

  /** One single-answer link per label. */
  async createInvitations(surveyId: string, body: NewInvitations, actor: Actor, base: string, now: Date): Promise<Links> {
    const survey = surveyOr404(this.catalog, surveyId);
    const closes = body.closesAt === undefined ? null : storedTime(body.closesAt, 'body.closesAt');
    const links = body.labels.map((label) =>
      newLinkRow(survey.meta.id, actor, now, { token: newLinkToken(INVITATION_TOKEN_BYTES), kind: 'invitation', municipality_code: null, label, max_responses: 1, closes_at: closes }),
    );
    // Labels (often names or addresses) stay out of the audit log; the count says what happened.
    return this.create(survey.meta.id, links, 'link.invitations', {}, actor, base, now);
  }

  /** Every invitation of a survey as CSV for a mail merge; who took the file is on record. */
  async invitationsCsv(surveyId: string, actor: Actor, base: string, now: Date): Promise<string> {
    const survey = surveyOr404(this.catalog, surveyId);
    const rows = await listLinks(this.db, survey.meta.id, 'invitation');
    // The file holds every invitation's credential: who took it is on record.
    await recordAudit(this.db, { at: now.toISOString(), actor, action: 'link.invitations_csv', target: survey.meta.id, details: { count: rows.length } });
    return invitationsCsv(rows.map((r) => ({ label: r.label, url: linkUrl(base, r.token), status: linkStatus(r, now) })));
  }

  /** Closes or reopens a link by hand, with its audit entry in the same transaction. */
  async setClosed(token: string, closed: boolean, actor: Actor, base: string, now: Date): Promise<Link> {
    const link = await this.linkOr404(token);
    const closedAt = closed ? (link.closed_at ?? now.toISOString()) : null;
    await this.db.transaction().execute(async (trx) => {
      await setLinkClosedAt(trx, link.token, closedAt);
      await recordAudit(trx, {
        at: now.toISOString(),
        actor,
        action: closed ? 'link.close' : 'link.reopen',
        target: link.survey_id,
        details: { token: link.token, kind: link.kind },
      });
    });
    return linkRowToLink({ ...link, closed_at: closedAt }, base, this.geography, now);
  }

  async qrSvg(token: string, base: string): Promise<string> {
    const link = await this.linkOr404(token);
    return qrSvg(linkUrl(base, link.token));
  }

  async qrPng(token: string, base: string, size: number): Promise<Buffer> {
    const link = await this.linkOr404(token);
    return qrPng(linkUrl(base, link.token), size);
  }
}

/** A new link's row: what a kind of link sets, plus what every new link starts with (open, unused). */
function newLinkRow(
  surveyId: string,
  actor: Actor,
  now: Date,
  own: Pick<NewLink, 'token' | 'kind' | 'municipality_code' | 'label' | 'max_responses' | 'closes_at'>,
): NewLink {
  return { ...own, survey_id: surveyId, closed_at: null, created_at: now.toISOString(), created_by: actor.id, used_response_id: null, used_at: null };
}
