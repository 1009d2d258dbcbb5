import type { FastifyRequest } from 'fastify';
import type { LinkRow } from '../../db/links.ts';
import type { Geography } from '../geography.ts';
import type { Link, LinkClosure, LinkMunicipality, LinkStatus } from './schemas.ts';

/** Why a link takes no more answers (an admin closed it, its time passed, its limit is reached), or null. */
export function linkClosure(link: LinkRow, now: Date): LinkClosure {
  if (link.closed_at !== null) return 'closed_by_admin';
  if (link.closes_at !== null && now.getTime() >= Date.parse(link.closes_at)) return 'past_closing_time';
  if (link.kind !== 'invitation' && link.max_responses !== null && link.responses >= link.max_responses) return 'response_limit';
  return null;
}

/** An invitation that took its answer is used; a link closed by hand, past its time or at its limit is closed. */
export function linkStatus(link: LinkRow, now: Date): LinkStatus {
  if (link.kind === 'invitation' && link.used_response_id !== null) return 'used';
  return linkClosure(link, now) === null ? 'open' : 'closed';
}

/** Where links and resume codes point: `PUBLIC_URL`, else the address this request came to. */
export function baseUrl(publicUrl: string | null, request: FastifyRequest): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

export const linkUrl = (base: string, token: string) => `${base}/l/${token}`;
export const resumeUrl = (base: string, code: string) => `${base}/jatka/${code}`;

export function municipalityOf(code: string | null, geography: Geography): LinkMunicipality {
  if (code === null) return null;
  return { code, name: geography.byCode.get(code)?.nameFi ?? code };
}

/** The API's shape of a link (no row leaks out as it is). */
export function linkRowToLink(link: LinkRow, base: string, geography: Geography, now: Date): Link {
  const status = linkStatus(link, now);
  return {
    token: link.token,
    kind: link.kind,
    survey: link.survey_id,
    municipality: municipalityOf(link.municipality_code, geography),
    label: link.label,
    url: linkUrl(base, link.token),
    maxResponses: link.max_responses,
    closesAt: link.closes_at,
    closedAt: link.closed_at,
    createdAt: link.created_at,
    opens: link.opens,
    started: link.started,
    responses: link.responses,
    usedAt: link.used_at,
    status,
    closedBecause: status === 'closed' ? linkClosure(link, now) : null,
  };
}
