import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** A text in one language, or per locale (`default` is Finnish), as SurveyJS writes localizable strings. */
export const LocalizedText = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Record(Type.String({ pattern: '^(default|[a-z]{2,3}(-[a-z0-9]+)*)$' }), Type.String()),
]);
export type LocalizedText = Static<typeof LocalizedText>;

export const AUDIENCES = ['residents', 'organisations', 'professionals', 'municipalities'] as const;

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/**
 * Which question gives a respondent's category on a population margin, and which answer is which
 * category of the population file (answers left out, such as "prefer not to say", are missing).
 */
const WeightingVariable = Type.Object(
  { question: Type.String({ minLength: 1 }), categories: Type.Record(Type.String(), Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export type WeightingVariable = Static<typeof WeightingVariable>;

/**
 * The parts of a complete privacy notice (GDPR articles 13 and 14), in the order the notice page
 * shows them. Each is a text in every language of the survey. A part left out does not stop the
 * file from loading (an author fills them in over time), but a survey whose notice lacks a part, or
 * a part in one of its languages, cannot be opened for answers (`privacyGaps`, read by the
 * lifecycle); a part that is there but malformed (not a text, an empty text) stops the load.
 */
export const PRIVACY_NOTICE_PARTS = [
  /** Who decides on the processing: the wellbeing services county. */
  'controller',
  /** How to reach the controller: address, phone, e-mail (placeholders the county must confirm say so). */
  'controllerContact',
  /** The data protection officer and how to reach them. */
  'dataProtectionOfficer',
  /** What the answers are collected and used for. */
  'purpose',
  /** The legal basis of the processing (article 6). */
  'legalBasis',
  /** Which personal data are processed (and which are not: no names, no IP addresses). */
  'dataCategories',
  /** Who receives the data or results, and that nothing goes outside the EU/EEA. */
  'recipients',
  /** How long the answers are kept, and what happens then. */
  'retention',
  /** The respondent's rights and how to use them. */
  'rights',
  /** The right to lodge a complaint with the Data Protection Ombudsman (tietosuojavaltuutettu). */
  'complaint',
] as const;
export type PrivacyNoticePart = (typeof PRIVACY_NOTICE_PARTS)[number];

/** A notice's text: one for every language, or per locale; never empty. */
const NoticeText = Type.Union([
  Type.String({ minLength: 1, pattern: '\\S' }),
  Type.Record(Type.String({ pattern: '^(default|[a-z]{2,3}(-[a-z0-9]+)*)$' }), Type.String({ minLength: 1, pattern: '\\S' })),
]);

/** The privacy notice as the survey file holds it, and as the public survey answer gives it. */
export const PrivacyNotice = Type.Object(
  {
    controller: Type.Optional(NoticeText),
    controllerContact: Type.Optional(NoticeText),
    dataProtectionOfficer: Type.Optional(NoticeText),
    purpose: Type.Optional(NoticeText),
    legalBasis: Type.Optional(NoticeText),
    dataCategories: Type.Optional(NoticeText),
    recipients: Type.Optional(NoticeText),
    retention: Type.Optional(NoticeText),
    rights: Type.Optional(NoticeText),
    complaint: Type.Optional(NoticeText),
    /** Where the first page links to; by default this server's notice page, `/tietosuoja/<id>`. */
    noticeUrl: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type PrivacyNotice = Static<typeof PrivacyNotice>;
// Every part has its field (the compiler says which one is missing).
const _everyPart: Record<PrivacyNoticePart, unknown> = PrivacyNotice.properties;
void _everyPart;

/**
 * The languages a survey speaks, as its title's locales: `default` (Finnish) and every other one it
 * has (sv, en, ar…), not a fixed list. Plain Finnish (`fi-selko`) is left out: its notice may be
 * the Finnish one, which the respondent page shows where a plain Finnish text is missing.
 */
function surveyLanguages(title: LocalizedText): string[] {
  if (typeof title === 'string') return ['default'];
  return ['default', ...Object.keys(title).filter((l) => l !== 'default' && l !== 'fi' && l !== 'fi-selko')];
}

/**
 * What the notice lacks for the survey to open: each missing part, or a part missing a language
 * of the survey (`privacy.retention (sv)`). Empty when the notice is complete.
 */
export function privacyNoticeGaps(privacy: PrivacyNotice | null, title: LocalizedText): string[] {
  if (privacy === null) return ['privacy (the whole privacy notice)'];
  const gaps: string[] = [];
  const languages = surveyLanguages(title);
  for (const part of PRIVACY_NOTICE_PARTS) {
    const text = privacy[part];
    if (text === undefined) {
      gaps.push(`privacy.${part}`);
      continue;
    }
    if (typeof text === 'string') continue;
    for (const language of languages) {
      const value = language === 'default' ? (text.default ?? text.fi) : text[language];
      if (value === undefined) gaps.push(`privacy.${part} (${language === 'default' ? 'fi' : language})`);
    }
  }
  return gaps;
}

export const RETENTION_ACTIONS = ['delete', 'anonymise'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

/**
 * How long a survey's responses are kept as collected after the survey closes, and what then
 * happens to them: `{ "months": 24, "then": "delete" }` or `{ "days": 90, "then": "anonymise" }`
 * (exactly one of `months` and `days`). The retention sweep (server/ops/retention.ts) carries it out.
 */
const RetentionFile = Type.Object(
  {
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 1200 })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 36500 })),
    then: Type.Union(RETENTION_ACTIONS.map((a) => Type.Literal(a))),
  },
  { additionalProperties: false },
);

/** A survey's retention rule as the rest of the server reads it. */
export interface RetentionRule {
  readonly period: { readonly unit: 'days' | 'months'; readonly count: number };
  readonly then: RetentionAction;
}

/** The metadata envelope around a SurveyJS definition in a `surveys/*.json` file. */
export const SurveyFile = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    title: Type.Optional(LocalizedText),
    audience: Type.Optional(Type.Union(AUDIENCES.map((a) => Type.Literal(a)))),
    municipalityQuestion: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
    placeQuestions: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true })),
    suppression: Type.Optional(
      Type.Object(
        { minGroupSize: Type.Integer({ minimum: 1 }), minCellSize: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
    ),
    opens: Type.Optional(Timestamp),
    closes: Type.Optional(Timestamp),
    privacy: Type.Optional(PrivacyNotice),
    retention: Type.Optional(RetentionFile),
    // What a respondent's erasure request does (server/privacy/rights.ts): deleted, or kept anonymised where the law allows and the notice says so.
    erasure: Type.Optional(Type.Union([Type.Literal('delete'), Type.Literal('anonymise')])),
    weighting: Type.Optional(
      Type.Object(
        {
          sex: Type.Optional(WeightingVariable),
          ageGroup: Type.Optional(WeightingVariable),
          // Trimming bounds as multiples of the mean weight, [lower, upper] with lower ≤ 1 ≤ upper.
          bounds: Type.Optional(Type.Tuple([Type.Number({ minimum: 0, maximum: 1 }), Type.Number({ minimum: 1, maximum: 1000 })])),
        },
        { additionalProperties: false },
      ),
    ),
    // Who may read which figure beyond the roles' defaults (see README, "Disclosure policy").
    disclosure: Type.Optional(Type.Object({ viewerCountyComparison: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
    /**
     * The series this survey is a wave of (the county's resident survey of 2021, then of 2025): waves
     * share `id`, each names its own `wave`; the questions are linked across waves by a mapping the
     * authors edit (`/api/authoring/series`).
     */
    series: Type.Optional(
      Type.Object(
        { id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }), wave: Type.String({ minLength: 1, maxLength: 40, pattern: '^[^\\x00-\\x1f]+$' }) },
        { additionalProperties: false },
      ),
    ),
    /**
     * Notes on the survey's translations per locale, for the people who keep the file: e.g. that the
     * Arabic texts await a professional translator's review. The server only checks their shape.
     */
    translations: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$' }),
        Type.Object(
          { status: Type.Union([Type.Literal('awaiting-review'), Type.Literal('reviewed')]), note: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
      ),
    ),
    survey: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

/** The envelope with every default filled in: what the rest of the server reads. */
export interface SurveyMeta {
  readonly id: string;
  readonly title: LocalizedText;
  readonly audience: (typeof AUDIENCES)[number];
  readonly municipalityQuestion: string | null;
  /**
   * Other questions that identify the respondent's place (a postcode, a village): like the
   * municipality question, never a results filter or cross-tabulation variable.
   */
  readonly placeQuestions: readonly string[];
  readonly suppression: { readonly minGroupSize: number; readonly minCellSize: number };
  readonly opens: string | null;
  readonly closes: string | null;
  /** The privacy notice, with `noticeUrl` filled in; null when the file has none. */
  readonly privacy: (PrivacyNotice & { noticeUrl: string }) | null;
  /**
   * What the privacy notice lacks (`privacyNoticeGaps`): while anything is listed, the survey
   * cannot be opened for answers and its standing says why.
   */
  readonly privacyGaps: readonly string[];
  /**
   * What a respondent's erasure request (the rights page) does: `delete` (the default) removes the
   * answer; `anonymise` keeps it with nothing that leads back to the respondent, where the law allows
   * it and the notice says so. Absent when the file sets none, so that a file without it keeps its
   * content hash and version.
   */
  readonly erasure?: 'delete' | 'anonymise';
  /** How answers map to the population file's sex and age groups, for weighting. */
  readonly weighting: { readonly sex: WeightingVariable; readonly ageGroup: WeightingVariable } | null;
  /**
   * Bounds on the raking weights as multiples of the mean weight, from `weighting.bounds`; null (the
   * default) rakes without bounds, so the margins are met whenever they can be.
   */
  readonly weightingBounds: { readonly lower: number; readonly upper: number } | null;
  /** The series this survey is a wave of, and the wave's name; null for a survey on its own. */
  readonly series: { readonly id: string; readonly wave: string } | null;
  /**
   * How long responses are kept after the survey closes and what then happens to them; absent when
   * the file sets none (responses are kept until deleted by hand). Left out rather than null so that
   * a file without it keeps the content hash, and so the version, it had before the field existed.
   */
  readonly retention?: RetentionRule;
  /**
   * `viewerCountyComparison`: a viewer sees the county's figure beside their own places' (off by
   * default: a viewer sees only their places). Still refused or hidden where the county minus the
   * viewer's places would tell another place's figure (server/results/disclosure.ts). Absent when
   * the file sets none, so that a file without it keeps its content hash and version.
   */
  readonly disclosure?: { readonly viewerCountyComparison: boolean };
}

export const DEFAULT_SUPPRESSION = Object.freeze({ minGroupSize: 10, minCellSize: 5 });

/** A plain SurveyJS file is an object with pages or elements and no envelope `survey` key. */
function isPlainSurveyJs(json: Record<string, unknown>): boolean {
  return !('survey' in json) && (Array.isArray(json.pages) || Array.isArray(json.elements));
}

/**
 * Splits a parsed survey file into its metadata (defaults filled in) and its SurveyJS definition.
 * Returns the problems instead when the envelope is malformed.
 */
export function readEnvelope(
  json: unknown,
  fileId: string,
): { meta: SurveyMeta; definition: Record<string, unknown> } | { problems: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problems: ['the file must hold a JSON object'] };
  }
  const object = json as Record<string, unknown>;
  const envelope = isPlainSurveyJs(object) ? { id: fileId, survey: object } : object;
  if (!Value.Check(SurveyFile, envelope)) {
    const problems = [...Value.Errors(SurveyFile, envelope)]
      .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
      .map((e) => {
        const where = e.instancePath === '' ? 'the envelope' : e.instancePath.slice(1).replaceAll('/', '.');
        const extra = e.keyword === 'additionalProperties' ? ` (allowed: ${Object.keys(SurveyFile.properties).join(', ')})` : '';
        return `${where} ${e.message}${extra}`;
      });
    return { problems: problems.length > 0 ? [...new Set(problems)] : ['the envelope is malformed'] };
  }
  const file = envelope as Static<typeof SurveyFile>;
  if (file.id !== fileId) return { problems: [`id '${file.id}' differs from the file name '${fileId}.json'`] };
  const definition = file.survey as Record<string, unknown>;
  const surveyTitle = definition.title as LocalizedText | undefined;
  const meta: SurveyMeta = {
    id: file.id,
    title: file.title ?? (surveyTitle !== undefined && Value.Check(LocalizedText, surveyTitle) ? surveyTitle : file.id),
    audience: file.audience ?? 'residents',
    municipalityQuestion: file.municipalityQuestion ?? null,
    placeQuestions: file.placeQuestions ?? [],
    suppression: file.suppression ?? DEFAULT_SUPPRESSION,
    opens: file.opens ?? null,
    closes: file.closes ?? null,
    privacy: file.privacy ? { ...file.privacy, noticeUrl: file.privacy.noticeUrl ?? `/tietosuoja/${file.id}` } : null,
    privacyGaps: [],
    ...(file.erasure ? { erasure: file.erasure } : {}),
    weighting: file.weighting?.sex && file.weighting.ageGroup ? { sex: file.weighting.sex, ageGroup: file.weighting.ageGroup } : null,
    weightingBounds: file.weighting?.bounds ? { lower: file.weighting.bounds[0], upper: file.weighting.bounds[1] } : null,
    series: file.series ?? null,
    ...(file.disclosure ? { disclosure: { viewerCountyComparison: file.disclosure.viewerCountyComparison ?? false } } : {}),
  };
  if (file.retention) {
    const { months, days, then } = file.retention;
    if ((months === undefined) === (days === undefined)) {
      return { problems: [`retention needs exactly one of months and days (how long responses are kept after the survey closes), got ${months === undefined ? 'neither' : 'both'}`] };
    }
    (meta as { retention?: RetentionRule }).retention = { period: months !== undefined ? { unit: 'months', count: months } : { unit: 'days', count: days! }, then };
  }
  (meta as { privacyGaps: readonly string[] }).privacyGaps = privacyNoticeGaps(file.privacy ?? null, meta.title);
  if (file.weighting && (file.weighting.sex === undefined) !== (file.weighting.ageGroup === undefined)) {
    return { problems: ['weighting needs both sex and ageGroup, or neither (bounds alone rake to the municipalities only)'] };
  }
  if (meta.weightingBounds && !(meta.weightingBounds.lower < meta.weightingBounds.upper)) {
    return { problems: [`weighting.bounds [${meta.weightingBounds.lower}, ${meta.weightingBounds.upper}] must have lower < upper`] };
  }
  if (meta.opens && meta.closes && Date.parse(meta.opens) >= Date.parse(meta.closes)) {
    return { problems: [`opens (${meta.opens}) must be before closes (${meta.closes})`] };
  }
  return { meta, definition };
}

/** Whether a survey takes answers at `now`. */
export function surveyStatus(meta: SurveyMeta, now: Date): 'open' | 'not_yet_open' | 'closed' {
  if (meta.opens && now.getTime() < Date.parse(meta.opens)) return 'not_yet_open';
  if (meta.closes && now.getTime() >= Date.parse(meta.closes)) return 'closed';
  return 'open';
}
