import type { Kysely } from 'kysely';
import { countAttempts, unfinishedByPage } from '../../db/attempts.ts';
import { listLinks } from '../../db/links.ts';
import type { Database } from '../../db/schema.ts';
import type { Geography } from '../geography.ts';
import type { SurveyVersion } from '../surveys/catalog.ts';
import type { LocalizedText } from '../surveys/envelope.ts';
import type { Monitoring } from '../surveys/schemas.ts';
import { municipalityOf } from './links.ts';

/**
 * How many pages the respondent's form has: survey-core's `currentPageNo`, which drafts and progress
 * pings carry, is always below it (a definition without `pages` is one page).
 */
export function pageCount(definition: Record<string, unknown>): number {
  return Array.isArray(definition.pages) && definition.pages.length > 0 ? definition.pages.length : 1;
}

/**
 * How collection goes, from anonymous counts only: opens, starts and completions per link (the
 * link's counters) and per municipality (attempts), and the page where unfinished attempts stopped.
 * Exact counts, small municipalities included, outside the survey's disclosure policy: this is for
 * the admins running the collection (the route is admin-only), who hold the raw data anyway; the
 * answer and the page say so. Everyone who sees results gets counts in publication units
 * (ResultsService.collection).
 */
export async function monitoring(db: Kysely<Database>, survey: SurveyVersion, geography: Geography): Promise<Monitoring> {
  const surveyId = survey.meta.id;
  const [links, attempts, stops] = await Promise.all([listLinks(db, surveyId), countAttempts(db, surveyId), unfinishedByPage(db, surveyId)]);
  const started = attempts.reduce((sum, a) => sum + a.started, 0);
  const completed = attempts.reduce((sum, a) => sum + a.completed, 0);

  const byMunicipality = new Map<string, { started: number; completed: number }>();
  for (const a of attempts) {
    if (a.municipality === null) continue;
    const counts = byMunicipality.get(a.municipality) ?? { started: 0, completed: 0 };
    counts.started += a.started;
    counts.completed += a.completed;
    byMunicipality.set(a.municipality, counts);
  }

  const pages = (survey.definition.pages ?? []) as { name?: string; title?: LocalizedText }[];
  return {
    totals: { opens: links.reduce((sum, l) => sum + l.opens, 0), started, completed, unfinished: started - completed },
    links: links.map((l) => ({
      token: l.token,
      kind: l.kind,
      label: l.label,
      municipality: municipalityOf(l.municipality_code, geography),
      opens: l.opens,
      // A response sent without a progress ping still started somewhere.
      started: Math.max(l.started, l.responses),
      completed: l.responses,
    })),
    municipalities: [...byMunicipality]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, counts]) => ({ ...municipalityOf(code, geography)!, ...counts })),
    // A page without a title falls back to its name, so every row of the admin's table has a label.
    dropOff: stops.map((s) => ({
      page: s.page,
      name: pages[s.page]?.name ?? null,
      title: pages[s.page]?.title ?? pages[s.page]?.name ?? null,
      unfinished: s.unfinished,
    })),
    exactCounts: true,
  };
}
