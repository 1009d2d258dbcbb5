// A survey view's state, read from and written to the address's query string.
import type { Level } from '../results/api/types.ts';

export interface Filter {
  readonly key: string;
  readonly values: readonly string[];
}

export interface ViewState {
  /** The question shown on the results tab. */
  readonly question: string | null;
  readonly groupBy: Level;
  /** Municipality codes and area names shown beside the county. */
  readonly compare: readonly string[];
  readonly filters: readonly Filter[];
  readonly channels: readonly string[];
  readonly from: string | null;
  readonly to: string | null;
  readonly weighted: boolean;
  /** With weighting: intervals from the calibrated design (the default) or with the weights taken as given. */
  readonly intervals: 'calibrated' | 'fixed';
  /** Cross-tabulation: rows and columns questions, and which percentages. */
  readonly rows: string | null;
  readonly columns: string | null;
  readonly percent: 'row' | 'column' | 'count';
  /** Cross-tabulation and open answers: the one group looked at (`county`, an area or a municipality code). */
  readonly group: string | null;
  /** Open answers: the question, and the words searched for. */
  readonly open: string | null;
  readonly search: string;
}

const LEVELS: readonly Level[] = ['county', 'area', 'municipality'];
const list = (value: string | null) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readViewState(search: URLSearchParams): ViewState {
  const groupBy = search.get('ryhmittely');
  const percent = search.get('prosentit');
  return {
    question: search.get('kysymys'),
    groupBy: LEVELS.includes(groupBy as Level) ? (groupBy as Level) : 'county',
    compare: list(search.get('vertaa')),
    filters: search
      .getAll('rajaus')
      .map((f) => {
        const at = f.indexOf(':');
        return { key: f.slice(0, at), values: list(f.slice(at + 1)) };
      })
      .filter((f) => f.key && f.values.length > 0),
    channels: list(search.get('kanava')),
    from: DATE.test(search.get('alkaen') ?? '') ? search.get('alkaen') : null,
    to: DATE.test(search.get('asti') ?? '') ? search.get('asti') : null,
    weighted: search.get('painotus') === 'vaesto',
    intervals: search.get('valit') === 'kiintea' ? 'fixed' : 'calibrated',
    rows: search.get('rivit'),
    columns: search.get('sarakkeet'),
    // Within the explanatory variable (the columns) unless asked: the outcome is in the rows.
    percent: percent === 'rivi' ? 'row' : percent === 'lkm' ? 'count' : 'column',
    group: search.get('ryhma'),
    open: search.get('avoin'),
    search: search.get('haku') ?? '',
  };
}

/** The query string of a state, with only what differs from the defaults, in a fixed order. */
export function writeViewState(state: ViewState): string {
  const search = new URLSearchParams();
  if (state.question) search.set('kysymys', state.question);
  if (state.groupBy !== 'county') search.set('ryhmittely', state.groupBy);
  if (state.compare.length) search.set('vertaa', state.compare.join(','));
  for (const f of state.filters) search.append('rajaus', `${f.key}:${f.values.join(',')}`);
  if (state.channels.length) search.set('kanava', state.channels.join(','));
  if (state.from) search.set('alkaen', state.from);
  if (state.to) search.set('asti', state.to);
  if (state.weighted) search.set('painotus', 'vaesto');
  if (state.weighted && state.intervals === 'fixed') search.set('valit', 'kiintea');
  if (state.rows) search.set('rivit', state.rows);
  if (state.columns) search.set('sarakkeet', state.columns);
  if (state.percent !== 'column') search.set('prosentit', state.percent === 'row' ? 'rivi' : 'lkm');
  if (state.group) search.set('ryhma', state.group);
  if (state.open) search.set('avoin', state.open);
  if (state.search) search.set('haku', state.search);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The results API's shared query parameters (groupBy, compare, filter, channel, from, to, weights, se) of a state. */
export function resultsQuery(state: ViewState): Record<string, string | readonly string[] | null> {
  return {
    groupBy: state.groupBy === 'county' ? null : state.groupBy,
    compare: state.compare.length ? state.compare.join(',') : null,
    filter: state.filters.map((f) => `${f.key}:${f.values.join(',')}`),
    channel: state.channels.length ? state.channels.join(',') : null,
    from: state.from,
    to: state.to,
    weights: state.weighted ? 'population' : null,
    se: state.weighted && state.intervals === 'fixed' ? 'fixed' : null,
  };
}
