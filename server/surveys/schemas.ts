// The survey administration API's contract: each survey's lifecycle as admins set it, what
// respondents then see (`status`), and how collection goes. Routes, services, the client and the
// OpenAPI document all use these.
import { Type, type Static } from 'typebox';
import { LinkKind, LinkMunicipality } from '../distribution/schemas.ts';
import { Nullable } from '../http/schema-parts.ts';
import { LocalizedText } from './envelope.ts';

/** `draft` is never shown to the public (404); `archived` is closed for good; `full` has reached its response cap. */
export const SurveyStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('not_yet_open'),
  Type.Literal('closed'),
  Type.Literal('draft'),
  Type.Literal('archived'),
  Type.Literal('full'),
]);
export type SurveyStatus = Static<typeof SurveyStatus>;

/** After closing: refused, or accepted and marked late. */
export const AfterClose = Type.Union([Type.Literal('refuse'), Type.Literal('accept_late')]);
export type AfterClose = Static<typeof AfterClose>;

/** The state an admin sets; `SurveyStatus` is what follows from it, the times and the cap. */
export const LifecycleState = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed'), Type.Literal('archived')]);
export type LifecycleState = Static<typeof LifecycleState>;

/**
 * What the retention sweep will do to the survey's data and when (server/ops/retention.ts): when it
 * closed, its responses' rule from the survey file (null: kept until deleted by hand) and the
 * invitations' INVITATION_DAYS, each with the moment it fires (null while the survey is open).
 */
export const Retention = Type.Object({
  closedAt: Nullable(Type.String()),
  responses: Nullable(
    Type.Object({
      unit: Type.Union([Type.Literal('days'), Type.Literal('months')]),
      count: Type.Integer(),
      then: Type.Union([Type.Literal('delete'), Type.Literal('anonymise')]),
      firesAt: Nullable(Type.String()),
    }),
  ),
  invitations: Type.Object({ days: Type.Integer(), firesAt: Nullable(Type.String()) }),
});
export type Retention = Static<typeof Retention>;

export const AdminSurvey = Type.Object({
  id: Type.String(),
  title: LocalizedText,
  audience: Type.String(),
  state: LifecycleState,
  status: SurveyStatus,
  opensAt: Nullable(Type.String()),
  closesAt: Nullable(Type.String()),
  responseCap: Nullable(Type.Integer()),
  afterClose: AfterClose,
  /** Real responses (demo data not counted); `late` of them came after closing. */
  responses: Type.Integer(),
  late: Type.Integer(),
  synthetic: Type.Integer(),
  /**
   * What the privacy notice lacks (`privacy.retention`, `privacy.rights (sv)`, …): while anything is
   * listed the survey cannot be opened (status `draft`, and opening it is refused 409
   * `privacy_notice_incomplete`).
   */
  privacyNoticeMissing: Type.Array(Type.String()),
  retention: Retention,
});
export type AdminSurvey = Static<typeof AdminSurvey>;

export const AdminSurveys = Type.Object({ surveys: Type.Array(AdminSurvey) });
export type AdminSurveys = Static<typeof AdminSurveys>;

const Time = Nullable(Type.String({ format: 'date-time' }));

/** Every field required: null for no time or no cap. */
export const Lifecycle = Type.Object(
  {
    state: LifecycleState,
    opensAt: Time,
    closesAt: Time,
    responseCap: Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    afterClose: AfterClose,
  },
  { additionalProperties: false },
);
export type Lifecycle = Static<typeof Lifecycle>;

/** Opens, starts and completions per link and per municipality, and where unfinished answers stop. */
export const Monitoring = Type.Object({
  totals: Type.Object({ opens: Type.Integer(), started: Type.Integer(), completed: Type.Integer(), unfinished: Type.Integer() }),
  links: Type.Array(
    Type.Object({
      token: Type.String(),
      kind: LinkKind,
      label: Nullable(Type.String()),
      municipality: LinkMunicipality,
      opens: Type.Integer(),
      started: Type.Integer(),
      completed: Type.Integer(),
    }),
  ),
  municipalities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), started: Type.Integer(), completed: Type.Integer() })),
  dropOff: Type.Array(Type.Object({ page: Type.Integer(), name: Nullable(Type.String()), title: Nullable(LocalizedText), unfinished: Type.Integer() })),
  exactCounts: Type.Literal(true, { description: 'the counts per link and municipality are exact, small municipalities included: admins running the collection only; the results apply the disclosure policy' }),
});
export type Monitoring = Static<typeof Monitoring>;
