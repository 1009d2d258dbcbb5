// The workspace's addresses. Every choice of a view lives in the address (path and query), so a
// copied link opens the same view for another analyst; there is no other view state to lose.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query; re-renders on navigation. */
export function useLocation(): { path: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname.replace(/\/+$/, '') || '/', search: url.searchParams, href };
}

/** Goes to an address of the workspace without reloading; `replace` for refinements that need no Back step. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export const paths = {
  signIn: (next?: string) => (next ? `/kirjaudu?next=${encodeURIComponent(next)}` : '/kirjaudu'),
  surveys: '/tyotila',
  survey: (id: string, tab: SurveyTab = 'results', search = '') => `/tyotila/${encodeURIComponent(id)}${TAB_SEGMENTS[tab]}${search}`,
  admin: '/admin',
  /** Interview and paper entry: a page of the respondent site (it has the form), not of the workspace. */
  entry: '/tallennus',
  distribution: '/admin/kyselyt',
  /** The survey editor: the list of drafts, and a draft's tabs (client/workspace/authoring/tab.ts). */
  authoring: '/laadinta',
  authoringDraft: (id: string, segment = '') => `/laadinta/${encodeURIComponent(id)}${segment}`,
  /** The mapping of a later wave's questions to an earlier wave's (client/workspace/authoring/series/). */
  waveMapping: (series: string, from: string, to: string) => `/laadinta/sarjat/${[series, from, to].map(encodeURIComponent).join('/')}`,
  distributionSurvey: (id: string, tab: DistributionTab = 'lifecycle') => `/admin/kyselyt/${encodeURIComponent(id)}${DISTRIBUTION_SEGMENTS[tab]}`,
};

export type DistributionTab = 'lifecycle' | 'links' | 'invitations' | 'monitoring' | 'import';
export const DISTRIBUTION_SEGMENTS: Record<DistributionTab, string> = { lifecycle: '', links: '/linkit', invitations: '/kutsut', monitoring: '/seuranta', import: '/tuonti' };

/** `/admin/kyselyt` (null survey) or `/admin/kyselyt/<id>[/tab]`; null for any other path. */
export function parseDistributionPath(path: string): { survey: string | null; tab: DistributionTab } | null {
  if (path === '/admin/kyselyt') return { survey: null, tab: 'lifecycle' };
  const match = /^\/admin\/kyselyt\/([a-z0-9][a-z0-9-]{0,63})(\/[a-z]+)?$/.exec(path);
  if (!match) return null;
  const tab = (Object.keys(DISTRIBUTION_SEGMENTS) as DistributionTab[]).find((t) => DISTRIBUTION_SEGMENTS[t] === (match[2] ?? ''));
  return tab ? { survey: match[1]!, tab } : null;
}

/** `/laadinta` (null draft) or `/laadinta/<id>[/<tab segment>]`; the segment is checked by the editor. */
export function parseAuthoringPath(path: string): { draft: string | null; segment: string } | null {
  if (path === '/laadinta') return { draft: null, segment: '' };
  const match = /^\/laadinta\/([a-z0-9][a-z0-9-]{0,63})(\/[a-z]+)?$/.exec(path);
  return match ? { draft: match[1]!, segment: match[2] ?? '' } : null;
}

/** `/laadinta/sarjat/<series>/<earlier wave>/<later wave>`; null for any other path. */
export function parseWaveMappingPath(path: string): { series: string; from: string; to: string } | null {
  const id = '([a-z0-9][a-z0-9-]{0,63})';
  const match = new RegExp(`^/laadinta/sarjat/${id}/${id}/${id}$`).exec(path);
  return match ? { series: match[1]!, from: match[2]!, to: match[3]! } : null;
}

export type SurveyTab = 'overview' | 'results' | 'trend' | 'crosstab' | 'open' | 'collection' | 'coding';
export const TAB_SEGMENTS: Record<SurveyTab, string> = { overview: '/yhteenveto', results: '', trend: '/trendi', crosstab: '/ristiintaulukointi', open: '/avoimet', collection: '/keruu', coding: '/koodaus' };

export function parseSurveyPath(path: string): { survey: string; tab: SurveyTab } | null {
  const match = /^\/tyotila\/([a-z0-9][a-z0-9-]{0,63})(\/[a-z]+)?$/.exec(path);
  if (!match) return null;
  const tab = (Object.keys(TAB_SEGMENTS) as SurveyTab[]).find((t) => TAB_SEGMENTS[t] === (match[2] ?? ''));
  return tab ? { survey: match[1]!, tab } : null;
}
