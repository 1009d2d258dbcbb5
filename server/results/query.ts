import type { Geography } from '../geography.ts';
import { ApiError } from '../errors.ts';
import { may } from '../auth/permissions.ts';
import type { User } from '../auth/users.ts';
import { CHANNELS, type ChannelName } from './response-index.ts';
import type { Selection } from './tally.ts';
import { COUNTY_KEY, type Group, type GroupLevel } from './groups.ts';

/** The query string every results route shares. */
export interface ResultsQuery {
  groupBy?: GroupLevel;
  /** Municipality codes or area names, side by side with the county. */
  compare?: string;
  /** `question:value[,value]`, repeatable; a coded question's themes `question:codes:code[,code]`. */
  filter?: string | string[];
  channel?: string;
  from?: string;
  to?: string;
  weights?: 'population';
  /** Variance of the weighted intervals: the calibrated design's (default) or fixed weights'. */
  se?: 'calibrated' | 'fixed';
}

// The four-digit years of ISO 8601, which every stored time has.
const FIRST_DATE = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_DATE = Date.parse('9999-12-31T23:59:59.999Z');

export function parseSelection(query: ResultsQuery): Selection {
  const filters = [query.filter ?? []].flat().map((f) => {
    // A coded question's themes have a colon in their key (`avoin:codes:<code>`).
    const coded = f.indexOf(':codes:');
    const colon = coded > 0 ? coded + ':codes'.length : f.indexOf(':');
    if (colon <= 0 || colon === f.length - 1) throw new ApiError(400, 'invalid_filter', `filter '${f}' must look like question:value[,value]`);
    return { key: f.slice(0, colon), values: f.slice(colon + 1).split(',') };
  });
  let channels: ChannelName[] | null = null;
  if (query.channel) {
    channels = query.channel.split(',') as ChannelName[];
    const unknown = channels.filter((c) => !(CHANNELS as readonly string[]).includes(c));
    if (unknown.length > 0) throw new ApiError(400, 'invalid_channel', `unknown channel(s) ${unknown.join(', ')}; channels are ${CHANNELS.join(', ')}`);
  }
  const time = (value: string | undefined, name: string) => {
    if (!value) return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new ApiError(400, 'invalid_date', `${name} '${value}' is not a date`);
    // Date takes years up to ±275,760, but at its edges a day more or a millisecond less (a bare
    // `to`, or the last instant shown in an export's info) is no Date at all and toISOString throws.
    if (ms < FIRST_DATE || ms > LAST_DATE) throw new ApiError(400, 'invalid_date', `${name} '${value}' is outside the years 0001–9999`);
    return ms;
  };
  const from = time(query.from, 'from');
  let to = time(query.to, 'to');
  // A bare date as `to` means the whole of that day.
  if (to !== null && query.to && /^\d{4}-\d{2}-\d{2}$/.test(query.to)) to += 86_400_000;
  return { filters, channels, from, to, slots: null };
}

/** The municipality codes and areas a user may see results of; null for everything. */
export function scopeOf(user: User, geography: Geography): { municipalities: Set<string>; areas: Set<string> } | null {
  if (may(user.role, 'results.readAllPlaces')) return null;
  const areas = new Set(user.areas);
  const municipalities = new Set(user.municipalities);
  for (const m of geography.municipalities) if (areas.has(m.area)) municipalities.add(m.code);
  return { municipalities, areas };
}

export function inScope(group: Group, scope: ReturnType<typeof scopeOf>): boolean {
  if (scope === null) return true;
  if (group.level === 'municipality') return scope.municipalities.has(group.key);
  if (group.level === 'area') return scope.areas.has(group.key);
  return false;
}

/**
 * The groups a results table shows: the county and the chosen level, or the county and the
 * compared municipalities and areas. A viewer sees only groups in their scope and is refused a
 * request that names any other; the county beside them only when the survey allows it
 * (`countyForViewer`, whose figures disclosure.ts then checks).
 */
export function chooseGroups(all: readonly Group[], query: ResultsQuery, scope: ReturnType<typeof scopeOf>, countyForViewer = false): Group[] {
  let chosen: Group[];
  if (query.compare) {
    const keys = query.compare.split(',').map((k) => k.trim()).filter((k) => k !== '');
    const unknown = keys.filter((k) => !all.some((g) => g.key === k && g.level !== 'county'));
    if (unknown.length > 0) throw new ApiError(400, 'invalid_compare', `unknown municipality or area: ${unknown.join(', ')}`);
    chosen = all.filter((g) => g.key === COUNTY_KEY || keys.includes(g.key));
  } else {
    const level = query.groupBy ?? 'county';
    chosen = all.filter((g) => g.level === 'county' || g.level === level);
  }
  if (scope === null) return chosen;
  const named = query.compare ? chosen.filter((g) => g.level !== 'county') : chosen.filter((g) => g.level === (query.groupBy ?? 'county'));
  const outside = named.filter((g) => !inScope(g, scope));
  if (query.compare && outside.length > 0) {
    throw new ApiError(403, 'outside_scope', `results of ${outside.map((g) => g.key).join(', ')} are outside your scope`);
  }
  const visible = chosen.filter((g) => inScope(g, scope) || (countyForViewer && g.level === 'county'));
  if (!visible.some((g) => g.level !== 'county')) throw new ApiError(403, 'outside_scope', 'group the results by municipality or area to see those in your scope');
  return visible;
}
