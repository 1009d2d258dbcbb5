// The admin side of distribution (issue 8): each survey's lifecycle, its links and invitations,
// and the collection monitoring. Shapes follow the API contract of issue 8; every change carries
// the CSRF header (common/session.ts).
import { sessionGet, sessionRequest } from '../../../common/session.ts';

export type SurveyState = 'draft' | 'open' | 'closed' | 'archived';
export type EffectiveStatus = 'draft' | 'open' | 'not_yet_open' | 'closed' | 'archived' | 'full';
export type AfterClose = 'refuse' | 'accept_late';
export type Text = string | Record<string, string>;

export interface AdminSurvey {
  id: string;
  title: Text;
  audience: string;
  state: SurveyState;
  status: EffectiveStatus;
  opensAt: string | null;
  closesAt: string | null;
  responseCap: number | null;
  afterClose: AfterClose;
  responses: number;
  late: number;
}

export interface Lifecycle {
  state: SurveyState;
  opensAt: string | null;
  closesAt: string | null;
  responseCap: number | null;
  afterClose: AfterClose;
}

export interface Municipality {
  code: string;
  name: string;
}

/** A municipality of the county (the server's geography file), for pickers. */
export interface CountyMunicipality {
  code: string;
  name: string;
  nameSv: string | null;
  area: string;
}

export interface Link {
  token: string;
  kind: 'public' | 'municipality' | 'invitation';
  survey: string;
  municipality: Municipality | null;
  label: string | null;
  url: string;
  maxResponses: number | null;
  closesAt: string | null;
  closedAt: string | null;
  createdAt: string;
  opens: number;
  started: number;
  responses: number;
  usedAt: string | null;
}

export interface Monitoring {
  totals: { opens: number; started: number; completed: number; unfinished: number };
  links: (Partial<Link> & { token: string; opens?: number; started?: number; responses?: number; completed?: number })[];
  municipalities: { code: string; name: string; started: number; completed: number }[];
  dropOff: { page: number; name: string; title: Text; unfinished: number }[];
}

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

export const createLinks = (id: string, body: { kind: 'public' | 'municipality'; municipalities?: string[] | 'all'; label?: string; maxResponses?: number; closesAt?: string }) =>
  sessionRequest<{ links: Link[] }>('POST', `${survey(id)}/links`, body);

export const createInvitations = (id: string, body: { labels: string[]; closesAt?: string }) => sessionRequest<{ links: Link[] }>('POST', `${survey(id)}/invitations`, body);

export const setLinkClosed = (token: string, closed: boolean) => sessionRequest<Link>('PATCH', link(token), { closed });

export const surveysList = () => sessionGet<{ surveys: AdminSurvey[] }>(distributionUrls.surveys);
