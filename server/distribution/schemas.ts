// The distribution API's contract: links as respondents open them and as admins make them, saved
// drafts, and progress pings. Routes, services, the client and the OpenAPI document all use these.
import { Type, type Static } from 'typebox';
import { fileAnswer, Nullable } from '../http/schema-parts.ts';
import { LINK_TOKEN_PATTERN, RESUME_CODE_PATTERN } from './codes.ts';
import { QR_PNG_SIZES } from './qr.ts';

// Partial answers are kept only as long as a whole submission could be; pages of a real form are few
// (the schema's bound; each route then checks the page against the survey's own pages).
export const MAX_PAGE = 1000;
export const MAX_INVITATIONS = 5000;

const Locale = Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35 });
const LinkToken = Type.String({ pattern: LINK_TOKEN_PATTERN });
// Any object of answers; typed as one (question name → answer) for the service and the client.
const DraftData = Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true }));
const Page = Type.Integer({ minimum: 0, maximum: MAX_PAGE });

export const LinkKind = Type.Union([Type.Literal('public'), Type.Literal('municipality'), Type.Literal('invitation')]);
export type LinkKind = Static<typeof LinkKind>;

/**
 * `closed`: closed by an admin, past its closing time, or at its response limit; `used`: an
 * invitation that has its answer.
 */
export const LinkStatus = Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('used')]);
export type LinkStatus = Static<typeof LinkStatus>;

/** The municipality a municipality link presets. */
export const LinkMunicipality = Nullable(Type.Object({ code: Type.String(), name: Type.String() }));
export type LinkMunicipality = Static<typeof LinkMunicipality>;

export const TokenParams = Type.Object({ token: LinkToken });

/** An invitation's unfinished answer saved on the server. */
export const LinkDraft = Type.Object({ data: DraftData, page: Type.Integer(), locale: Nullable(Type.String()), expiresAt: Type.String() });
export type LinkDraft = Static<typeof LinkDraft>;

/** What a link address (`/l/<token>`) opens: its survey, kind, preset municipality and state. */
export const LinkInfo = Type.Object({
  token: Type.String(),
  survey: Type.String(),
  kind: LinkKind,
  municipality: LinkMunicipality,
  status: LinkStatus,
  draft: Nullable(LinkDraft),
});
export type LinkInfo = Static<typeof LinkInfo>;

export const DraftSubmission = Type.Object(
  { data: DraftData, page: Page, locale: Type.Optional(Locale), link: Type.Optional(LinkToken) },
  { additionalProperties: false },
);
export type DraftSubmission = Static<typeof DraftSubmission>;

export const SavedDraft = Type.Object({ code: Type.String(), url: Type.String(), expiresAt: Type.String() });
export type SavedDraft = Static<typeof SavedDraft>;

export const ResumeCodeParams = Type.Object({ code: Type.String({ pattern: RESUME_CODE_PATTERN }) });

/** Answers saved on the server under a resume code. */
export const ResumeDraft = Type.Object({
  survey: Type.String(),
  data: DraftData,
  page: Type.Integer(),
  locale: Nullable(Type.String()),
  link: Nullable(Type.String()),
  expiresAt: Type.String(),
});
export type ResumeDraft = Static<typeof ResumeDraft>;

export const AttemptPing = Type.Object(
  { attempt: Type.String({ format: 'uuid' }), page: Page, link: Type.Optional(LinkToken) },
  { additionalProperties: false },
);
export type AttemptPing = Static<typeof AttemptPing>;

/** Why a link is closed: by an admin, its closing time passed, or it reached its response limit. */
export const LinkClosure = Nullable(Type.Union([Type.Literal('closed_by_admin'), Type.Literal('past_closing_time'), Type.Literal('response_limit')]));
export type LinkClosure = Static<typeof LinkClosure>;

/** A link as admins see it, with its counters and the server's verdict on it (`status`, `closedBecause`). */
export const Link = Type.Object({
  token: Type.String(),
  kind: LinkKind,
  survey: Type.String(),
  municipality: LinkMunicipality,
  label: Nullable(Type.String()),
  url: Type.String(),
  maxResponses: Nullable(Type.Integer()),
  closesAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  opens: Type.Integer(),
  started: Type.Integer(),
  responses: Type.Integer(),
  usedAt: Nullable(Type.String()),
  status: LinkStatus,
  /** Set when `status` is `closed`. */
  closedBecause: LinkClosure,
});
export type Link = Static<typeof Link>;

export const Links = Type.Object({ links: Type.Array(Link) });
export type Links = Static<typeof Links>;

export const LinksQuery = Type.Object({ kind: Type.Optional(LinkKind) }, { additionalProperties: false });

const Label = Type.String({ minLength: 1, maxLength: 200 });

export const NewLinks = Type.Object(
  {
    kind: Type.Union([Type.Literal('public'), Type.Literal('municipality')]),
    municipalities: Type.Optional(Type.Union([Type.Array(Type.String({ pattern: '^\\d{3}$' }), { minItems: 1, maxItems: 1000 }), Type.Literal('all')])),
    label: Type.Optional(Label),
    maxResponses: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    closesAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type NewLinks = Static<typeof NewLinks>;

export const NewInvitations = Type.Object(
  { labels: Type.Array(Label, { minItems: 1, maxItems: MAX_INVITATIONS }), closesAt: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);
export type NewInvitations = Static<typeof NewInvitations>;

export const LinkChange = Type.Object({ closed: Type.Boolean() }, { additionalProperties: false });
export type LinkChange = Static<typeof LinkChange>;

export const QrPngQuery = Type.Object({ size: Type.Optional(Type.Integer({ minimum: QR_PNG_SIZES.min, maximum: QR_PNG_SIZES.max })) }, { additionalProperties: false });

/** A progress ping is answered 204 with no body. */
export const NoContent = Type.Null({ description: 'recorded' });

// Files: described by their media types, so the OpenAPI document says what comes back (the routes
// add the error answer).
export const InvitationsCsvFile = fileAnswer('text/csv', 'every invitation of the survey: label, link and status, for a mail merge');
export const QrSvgFile = fileAnswer('image/svg+xml', "the link's QR code");
export const QrPngFile = fileAnswer('image/png', "the link's QR code");
