// Respondents' rights (GDPR articles 15 and 17): with the rights code shown at the end of the
// survey, or with the link of the invitation they answered, a respondent sees what they answered
// and can have it erased. The code is the only key: answers carry no name or address, so whoever
// holds the code is, for Kuulo, the respondent. Only its SHA-256 is stored (rights-code.ts says why
// that hash). A wrong, unknown or already erased code gets one and the same answer, so that the
// answer tells nothing about which responses exist.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Model } from 'survey-core';
import { recordAudit } from '../../db/audit.ts';
import { findLink } from '../../db/links.ts';
import { eraseResponses, findResponse, type ResponseRow } from '../../db/responses.ts';
import { deleteRightsCode, findRightsCode, rightsCodeHashOf } from '../../db/rights.ts';
import type { Database } from '../../db/schema.ts';
import { LINK_TOKEN_PATTERN } from '../distribution/codes.ts';
import { ApiError } from '../errors.ts';
import { receiptCode } from '../responses/receipt.ts';
import type { LocalizedText } from '../surveys/envelope.ts';
import { anonymiseResponses } from './anonymise.ts';
import { formatRightsCode, normaliseRightsCode, rightsCodeHash, sameHash } from './rights-code.ts';
import type { ErasureDone, RightsLanguage, RightsView } from './rights-schemas.ts';

/** The audit log's event for a carried-out erasure request (counts only, never what was answered). */
export const RIGHTS_ERASE = 'rights.erase';


/**
 * Keeps a web submission's rights code with the response it stores: `keep` runs in the
 * submission's transaction (intake's `alongside`), `shown` says which code the receipt may show.
 * A retry of a stored answer sends the same code (the page keeps it with the answer until the
 * server has it) and gets it back only if it is the one stored with that response.
 */
export function rightsCodeKeeper(input: string, responseId: string) {
  const normalised = normaliseRightsCode(input);
  if (normalised === null) {
    throw new ApiError(400, 'invalid_rights_code', 'rightsCode must be 20 letters and digits of Crockford base32, as XXXX-XXXX-XXXX-XXXX-XXXX');
  }
  const hash = rightsCodeHash(normalised);
  return {
    /** Stored with a new response by the store procedure (distribution/store.ts). */
    hash,
    /** The code to show with the receipt: a new response's when it was kept, a repeat's when it is the one stored. */
    shown: async (db: Kysely<Database>, repeated: boolean, kept: boolean): Promise<string | null> => {
      if (!repeated) return kept ? formatRightsCode(normalised) : null;
      const stored = await rightsCodeHashOf(db, responseId);
      return stored !== undefined && sameHash(stored, hash) ? formatRightsCode(normalised) : null;
    },
  };
}

const notFound = () =>
  new ApiError(404, 'rights_code_not_found', 'no answer opens with this code: check the code (an answer already erased cannot be opened either)');

type Found = { readonly response: ResponseRow; readonly via: 'rights_code' | 'invitation' };

/** An invitation's token from its link as pasted (`https://…/l/<token>`) or from the token alone. */
function invitationToken(input: string): string | null {
  const trimmed = input.trim();
  const fromLink = /\/l\/([A-Za-z0-9_-]+)\/?(?:[?#].*)?$/.exec(trimmed)?.[1];
  const token = fromLink ?? trimmed;
  return new RegExp(LINK_TOKEN_PATTERN).test(token) ? token : null;
}

function localizedText(text: LocalizedText, language: RightsLanguage): string {
  if (typeof text === 'string') return text;
  if (language === 'fi') return text.default ?? text.fi ?? Object.values(text)[0] ?? '';
  return text[language] || text.default || text.fi || Object.values(text)[0] || '';
}

/** A survey's languages: Finnish (`default`) and every other locale its title has texts in. */
function languagesOf(title: LocalizedText): RightsLanguage[] {
  if (typeof title === 'string') return ['fi'];
  return ['fi', ...Object.keys(title).filter((l) => l !== 'default' && l !== 'fi')];
}

interface PlainData {
  readonly name: string | number;
  readonly title?: string;
  readonly displayValue?: unknown;
  readonly isNode?: boolean;
  readonly data?: readonly PlainData[];
}

/** An answer as the form showed it: choice texts, a matrix's rows one per line, panels' answers flattened. */
function answerLines(item: PlainData): string[] {
  const value = item.displayValue;
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'object') return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return [value.map(String).join(', ')];
  // A matrix, a multiple text, a panel: each part on a line of its own with its own title.
  const parts = (item.data ?? []).flatMap((d) => {
    const lines = answerLines(d);
    return d.title && typeof d.name === 'string' ? lines.map((l) => `${d.title}: ${l}`) : lines;
  });
  return parts.length > 0 ? parts : [JSON.stringify(value)];
}

export class RightsService {
  constructor(private readonly app: Pick<FastifyInstance, 'db' | 'catalog' | 'clock' | 'results' | 'log'>) {}

  /**
   * The response a code opens. Every way of failing (no such code, an erased answer, an invitation
   * not answered, a link that is no invitation) is the same 404; only a code that cannot be one by
   * its form is a 400, which says nothing about any response.
   */
  private async find(input: string): Promise<Found> {
    const normalised = normaliseRightsCode(input);
    const token = invitationToken(input);
    if (normalised === null && token === null) {
      throw new ApiError(400, 'invalid_rights_code', 'the code is 20 letters and digits (XXXX-XXXX-XXXX-XXXX-XXXX), or the link of the invitation you answered');
    }
    const db = this.app.db.kysely;
    if (normalised !== null) {
      const hash = rightsCodeHash(normalised);
      const row = await findRightsCode(db, hash);
      // Found by its hash through the index; compared again in constant time, so that the time
      // taken does not depend on how much of a stored hash a guess shares.
      if (row && sameHash(row.code_hash, hash)) {
        const response = await findResponse(db, row.response_id);
        if (response) return { response, via: 'rights_code' };
      }
    }
    if (token !== null) {
      const link = await findLink(db, token);
      if (link && link.kind === 'invitation' && link.used_response_id !== null && sameText(link.token, token)) {
        const response = await findResponse(db, link.used_response_id);
        if (response) return { response, via: 'invitation' };
      }
    }
    throw notFound();
  }

  /** What the respondent answered: each answered question's text and the answer, in their language. */
  async view(input: string, language?: RightsLanguage): Promise<RightsView> {
    const { response, via } = await this.find(input);
    const survey = await this.app.catalog.atVersion(response.survey_id, response.survey_version);
    if (!survey) throw notFound();
    const languages = languagesOf(survey.meta.title);
    const asked = language ?? response.locale;
    const shown = languages.includes(asked) ? asked : 'fi';
    // Each text taken in the language shown, then read as survey-core's default locale: survey-core
    // takes "en" for its default and would read `default` (Finnish) for it, and the respondent page's
    // fix (Finnish as the current locale) is process-wide, which the server must not change.
    const model = new Model(inLanguage(survey.definition, shown));
    model.data = JSON.parse(response.data) as Record<string, unknown>;
    const plain = model.getPlainData({ includeEmpty: false }) as unknown as PlainData[];
    return {
      surveyId: response.survey_id,
      title: localizedText(survey.meta.title, shown),
      language: shown,
      languages,
      submittedAt: response.submitted_at,
      receiptCode: receiptCode(response.id),
      via,
      erasure: survey.meta.erasure ?? 'delete',
      answers: plain
        .map((item) => ({ name: String(item.name), question: item.title ?? String(item.name), answer: answerLines(item) }))
        .filter((a) => a.answer.length > 0),
    };
  }

  /**
   * Carries out a confirmed erasure request after the survey's policy: `delete` erases the response
   * with everything made of it (answer rows, coding, its rights code) through the one erase path
   * the retention sweep shares, and the results follow; `anonymise` keeps the answer in the figures
   * and cuts what leads back to the respondent. One audit line with counts, in the same transaction.
   */
  async erase(input: string): Promise<ErasureDone> {
    const { response, via } = await this.find(input);
    const survey = this.app.catalog.get(response.survey_id);
    const policy = survey?.meta.erasure ?? 'delete';
    const surveyId = response.survey_id;
    const at = this.app.clock().toISOString();
    await this.app.db.kysely.transaction().execute(async (trx) => {
      if (policy === 'delete') {
        const answers = await countAnswers(trx, response.id);
        if ((await eraseResponses(trx, surveyId, [response.id], at)) === 0) throw notFound();
        await recordAudit(trx, { at, actor: null, action: RIGHTS_ERASE, target: surveyId, details: { outcome: 'deleted', via, responses: 1, answers } });
      } else {
        const unlinked = await anonymiseForRespondent(trx, surveyId, response.id, at);
        await recordAudit(trx, { at, actor: null, action: RIGHTS_ERASE, target: surveyId, details: { outcome: 'anonymised', via, responses: 1, ...unlinked } });
      }
    });
    // Both change what the index holds (the anonymised answer's texts and time are rewritten).
    this.app.results.indexes.invalidate(surveyId);
    return { surveyId, outcome: policy === 'delete' ? 'deleted' : 'anonymised', at };
  }
}

/** A definition with every localized text (`{ default, sv, … }`) replaced by its text in `language`, else the Finnish. */
function inLanguage(node: unknown, language: RightsLanguage): unknown {
  if (Array.isArray(node)) return node.map((n) => inLanguage(n, language));
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node);
  if (Object.hasOwn(node, 'default') && entries.every(([, v]) => typeof v === 'string')) {
    return localizedText(node as Record<string, string>, language);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, inLanguage(v, language)]));
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && sameHash(Buffer.from(a).toString('hex'), Buffer.from(b).toString('hex'));
}

async function countAnswers(trx: Kysely<Database>, responseId: string): Promise<number> {
  const row = await trx.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).where('response_id', '=', responseId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The `anonymise` policy for one respondent's request: the answer stays in the figures, and what
 * leads from the respondent to it goes: its rights code, the invitation's pointer to it (the
 * invitation stays used, so it cannot answer again), names, phone numbers and the like in its open
 * texts (redacted as the anonymisation module redacts a survey, server/privacy/anonymise.ts), and
 * its exact submission time (coarsened to the week). Counts only, for the audit line.
 */
async function anonymiseForRespondent(
  trx: Kysely<Database>,
  surveyId: string,
  responseId: string,
  at: string,
): Promise<{ rightsCodes: number; invitations: number; texts: number; timestamps: number }> {
  const rightsCodes = await deleteRightsCode(trx, responseId);
  const result = await trx.updateTable('links').set({ used_response_id: 'anonymised' }).where('used_response_id', '=', responseId).executeTakeFirst();
  const counts = await anonymiseResponses(trx, surveyId, { timestamps: 'week', responseIds: [responseId] }, at);
  return { rightsCodes, invitations: Number(result.numUpdatedRows), texts: counts.texts, timestamps: counts.timestamps };
}
