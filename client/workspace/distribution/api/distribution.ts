// The admin side of distribution: each survey's lifecycle, its links and invitations, and the
// collection monitoring. Every change carries the CSRF header (common/session.ts).
import type { AdminSurvey, AdminSurveys, Lifecycle } from '../../../../server/surveys/schemas.ts';
import type { Link, Links, NewInvitations, NewLinks } from '../../../../server/distribution/schemas.ts';
import { sessionGet, sessionRequest } from '../../../common/session.ts';

// The shapes are the server's own schemas (types only: nothing of the server reaches the bundle).
export type { AdminSurvey, AdminSurveys, AfterClose, Lifecycle, LifecycleState as SurveyState, Monitoring, SurveyStatus as EffectiveStatus } from '../../../../server/surveys/schemas.ts';
export type { Link, LinkClosure, LinkMunicipality as Municipality, Links, NewInvitations, NewLinks } from '../../../../server/distribution/schemas.ts';
export type { CountyGeography } from '../../../../server/admin/schemas.ts';
import type { CountyGeography } from '../../../../server/admin/schemas.ts';
/** A municipality of the county (the server's geography file), for pickers. */
export type CountyMunicipality = CountyGeography['municipalities'][number];
export type { LocalizedText as Text } from '../../../../server/surveys/envelope.ts';

const survey = (id: string) => `/api/admin/surveys/${encodeURIComponent(id)}`;
const link = (token: string) => `/api/admin/links/${encodeURIComponent(token)}`;

export const distributionUrls = {
  surveys: '/api/admin/surveys',
  geography: '/api/admin/geography',
  links: (id: string, kind?: Link['kind']) => `${survey(id)}/links${kind ? `?kind=${kind}` : ''}`,
  invitationsCsv: (id: string) => `${survey(id)}/invitations.csv`,
  monitoring: (id: string) => `${survey(id)}/monitoring`,
  qrSvg: (token: string) => `${link(token)}/qr.svg`,
  qrPng: (token: string, size?: number) => `${link(token)}/qr.png${size ? `?size=${size}` : ''}`,
};

export const setLifecycle = (id: string, lifecycle: Lifecycle) => sessionRequest<AdminSurvey>('PUT', `${survey(id)}/lifecycle`, lifecycle);

export const createLinks = (id: string, body: NewLinks) =>
  sessionRequest<Links>('POST', `${survey(id)}/links`, body);

export const createInvitations = (id: string, body: NewInvitations) => sessionRequest<Links>('POST', `${survey(id)}/invitations`, body);

export const setLinkClosed = (token: string, closed: boolean) => sessionRequest<Link>('PATCH', link(token), { closed });

export const surveysList = () => sessionGet<AdminSurveys>(distributionUrls.surveys);
