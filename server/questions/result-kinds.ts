/**
 * What a results variable is, whatever question it came from: a matrix row and a radiogroup are
 * both `single`, a multiple-text item typed as a number and a computed expression are both
 * `number`. Results, exports and the workspace decide on this kind, never on the SurveyJS type, so
 * a question type says which of these its variables are (server/questions/kinds.ts) and the rest
 * follows from here.
 *
 * This module imports nothing: the browser's workspace reads it as it is, without server code.
 */

export const RESULT_KINDS = ['single', 'rating', 'multi', 'ranking', 'number', 'text', 'repeated', 'files'] as const;

export type ResultKind = (typeof RESULT_KINDS)[number];

/** How the results index holds a variable: a code per response, a bit mask, positions, a number, or only whether it was answered. */
export type IndexColumnKind = 'codes' | 'masks' | 'ranks' | 'numbers' | 'presence';

/**
 * A variable's columns in a data export:
 * - `category`: one column, the choice's code or label
 * - `flag-per-option`: a 0/1 column per option (empty when the question was not answered)
 * - `position-per-item`: a column per item holding its position (empty when not ranked)
 * - `number`: one numeric column
 * - `text`: one text column
 * - `per-entry`: for each row or panel up to the most any exported response has (1, 2, …), a text
 *   column per inner question (`<key>.<n>.<inner>`), or one (`<key>.<n>`) when the entries are plain
 *   values (a range slider's two ends); read from the response's own data, which keeps the entries
 *   apart (the answer rows of a dynamic panel do not say which panel they came from)
 * - `file-names`: the number of files (`<key>.count`) and their names (`<key>.names`, separated by
 *   "; "); never the files' contents
 */
export type ExportLayout = 'category' | 'flag-per-option' | 'position-per-item' | 'number' | 'text' | 'per-entry' | 'file-names';

export interface ResultKindFacets {
  /** Fixed categories: may filter, and its answers are counted per category. */
  readonly closed: boolean;
  /**
   * One category per respondent: may be a cross-tabulation's rows or columns (a multiple choice's
   * answers are several per respondent, which a table of counts that add up cannot hold).
   */
  readonly crossTabulated: boolean;
  /** Drawn as bars (numbers are a table of statistics, open answers are quotes). */
  readonly chartable: boolean;
  /** Has a table of figures (open answers have only their n and the texts). */
  readonly tabulated: boolean;
  /**
   * Why the workspace shows no chart and no table for it, only how many answered (the reason's
   * words are the workspace's, by this name); null for kinds that have figures or are open texts.
   */
  readonly notCharted: 'repeated' | 'files' | null;
  readonly indexColumn: IndexColumnKind;
  readonly exportLayout: ExportLayout;
  /**
   * What a results file (slide, report, table) shows of it: bars of categories with their
   * intervals, a ranking's first places, a number's statistics, quotes of open answers, or
   * nothing (a kind that is `notCharted`, which the files refuse).
   */
  readonly fileFigures: 'categories' | 'ranking' | 'numbers' | 'quotes' | 'none';
  /** The note a file puts beside its figures: several answers per respondent, or what a ranking's bar is. */
  readonly fileNote: 'multi' | 'ranking' | null;
}

export const RESULT_KIND_FACETS: { readonly [K in ResultKind]: ResultKindFacets } = {
  /** one choice (radiogroup, dropdown, boolean, a matrix row) */
  single: { closed: true, crossTabulated: true, chartable: true, tabulated: true, notCharted: null, indexColumn: 'codes', exportLayout: 'category', fileFigures: 'categories', fileNote: null },
  /** an ordered scale: a rating, or a matrix row whose columns are numbers */
  rating: { closed: true, crossTabulated: true, chartable: true, tabulated: true, notCharted: null, indexColumn: 'codes', exportLayout: 'category', fileFigures: 'categories', fileNote: null },
  /** several choices; percentages of those who answered, so they add up past 100 */
  multi: { closed: true, crossTabulated: false, chartable: true, tabulated: true, notCharted: null, indexColumn: 'masks', exportLayout: 'flag-per-option', fileFigures: 'categories', fileNote: 'multi' },
  /** items ranked: answer rows hold the item and its position */
  ranking: { closed: false, crossTabulated: false, chartable: true, tabulated: true, notCharted: null, indexColumn: 'ranks', exportLayout: 'position-per-item', fileFigures: 'ranking', fileNote: 'ranking' },
  /** a number typed in, a slider's value, or computed by the form */
  number: { closed: false, crossTabulated: false, chartable: false, tabulated: true, notCharted: null, indexColumn: 'numbers', exportLayout: 'number', fileFigures: 'numbers', fileNote: null },
  /** open text: counted, listed, never tabulated */
  text: { closed: false, crossTabulated: false, chartable: false, tabulated: false, notCharted: null, indexColumn: 'presence', exportLayout: 'text', fileFigures: 'quotes', fileNote: null },
  /**
   * any number of rows or panels (a dynamic matrix or panel), or a range slider's two ends: a
   * respondent's answers are a list whose entries belong together, which no per-question table
   * shows; counted (who answered) and exported entry by entry
   */
  repeated: { closed: false, crossTabulated: false, chartable: false, tabulated: false, notCharted: 'repeated', indexColumn: 'presence', exportLayout: 'per-entry', fileFigures: 'none', fileNote: null },
  /** uploaded files: counted, and exported as their number and names only */
  files: { closed: false, crossTabulated: false, chartable: false, tabulated: false, notCharted: 'files', indexColumn: 'presence', exportLayout: 'file-names', fileFigures: 'none', fileNote: null },
};

export const isClosedKind = (kind: ResultKind): boolean => RESULT_KIND_FACETS[kind].closed;
export const isCrossTabulatedKind = (kind: ResultKind): boolean => RESULT_KIND_FACETS[kind].crossTabulated;
export const isChartableKind = (kind: ResultKind): boolean => RESULT_KIND_FACETS[kind].chartable;
