// What the results views share: the places a group can be, the default group of a user, and which
// questions have categories to count. It sits below the components, which all import it, so that
// no component has to import another for a type or a helper (SurveyPage imports the views; the
// views importing SurveyPage back made a circle).
// The results kinds' facets are a module without imports, shared with the server as it is.
import { isClosedKind, isCrossTabulatedKind } from '../../../server/questions/result-kinds.ts';
import { scopedToPlaces } from '../app/access.ts';
import type { User } from '../auth/api/session.ts';
import type { Collection, Variable } from './api/types.ts';

/** The places a group can be: the collection's municipalities (as the API names them) and their areas. */
export interface Places {
  areas: string[];
  municipalities: Pick<Collection['municipalities'][number], 'code' | 'name' | 'area'>[];
}

/** The one group a viewer may look at when a view needs a single group. */
export function defaultGroup(user: User): string {
  if (!scopedToPlaces(user.role)) return 'county';
  return user.municipalities[0] ?? user.areas[0] ?? 'county';
}

/** Questions answered with categories: the ones a filter and a cross-tabulation can use. */
export const isClosed = (v: Variable) => isClosedKind(v.kind);

/**
 * Questions a cross-tabulation can take: one answer per respondent, or a coded open question's
 * themes (`<question>:codes`) or a dynamic question's choice column (respondents with the answer in
 * at least one row), which the server counts per category on either side.
 */
export const isCrossTabulable = (v: Variable) => isCrossTabulatedKind(v.kind) || (v.kind === 'multi' && (v.key.endsWith(':codes') || v.entries !== undefined));
