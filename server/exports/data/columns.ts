import type { LocalizedText } from '../../surveys/envelope.ts';
import type { Variable } from '../../questions/facets.ts';
import { RESULT_KIND_FACETS, type ExportLayout } from '../../questions/result-kinds.ts';

/**
 * The columns of a data export, derived from the survey's variables (every version's, merged as
 * the results index merges them, so answers to an older version land in the current columns); a
 * variable's columns are its results kind's `exportLayout` (server/questions/result-kinds.ts).
 *
 * - `text`: open answers, ids, names — always written as text
 * - `number`: numbers typed in or computed
 * - `category`: one choice (single, rating, dropdown, boolean, a matrix row): its code or label
 * - `flag`: one option of a multiple choice: 1 picked, 0 not, empty when the question was not answered
 * - `position`: one item of a ranking: its position, empty when not ranked
 *
 * A dynamic matrix's or panel's answers (and a range slider's) are columns per entry, `<key>.<n>.<inner>`
 * (`<key>.<n>` for plain values), up to the most entries any exported response has; an upload
 * question's are `<key>.count` (how many files) and `<key>.names` (their names, "; " between).
 */
export type ColumnType = 'text' | 'number' | 'category' | 'flag' | 'position';

export interface CodedValue {
  readonly value: string;
  readonly label: string;
  /** Not a position on the scale ("can't say"): a missing value in SPSS. */
  readonly missing?: boolean;
}

export interface ExportColumn {
  /** The header in CSV and XLSX: the answers' key (`alueet`, `tyytyvaisyys.terveys`), an option column `key.option`. */
  readonly name: string;
  /** A valid, unique SPSS variable name (the codebook maps it to `name`). */
  readonly spss: string;
  /** The SurveyJS question it comes from; null for the response's own fields. */
  readonly question: string | null;
  /** The answers' key the values are read from. */
  readonly key: string | null;
  /** For flag and position columns: the option; for an entry's column its inner question; `count` or `names` for files; `total` for a number summed over a dynamic question's rows. */
  readonly option: string | null;
  /** How the column is read (its variable's kind's layout); null for the response's own fields. */
  readonly layout: ExportLayout | null;
  /** For a per-entry column: which row or panel, from 1. */
  readonly entry: number | null;
  readonly type: ColumnType;
  /** The question's text (Finnish), with the row's or option's text after a dash. */
  readonly label: string;
  /** The question type, for the codebook. */
  readonly kind: string;
  /** Codes and their labels (categories, 0/1 of a flag). */
  readonly values: readonly CodedValue[];
  /** Every code is a number: written as a number in the codes export. */
  readonly numericCodes: boolean;
  /**
   * For SPSS: a scale's non-numeric answers ("can't say") as negative codes declared missing, so
   * the variable stays numeric; null when the codes are used as they are.
   */
  readonly spssCodes: ReadonlyMap<string, number> | null;
}

/** The Finnish text of a localised string (the survey's default locale is Finnish). */
export function finnish(text: LocalizedText | null | undefined): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return text.default ?? text.fi ?? Object.values(text)[0] ?? '';
}

const isNumeric = (value: string) => value.trim() !== '' && Number.isFinite(Number(value));

export const FLAG_VALUES: readonly CodedValue[] = [
  { value: '0', label: 'ei valittu' },
  { value: '1', label: 'valittu' },
];

export const CHANNEL_LABELS: Record<string, string> = { web: 'verkko', interview: 'haastattelu', paper: 'paperilomake', import: 'tuonti' };

// Words SPSS reserves; a variable may not be named any of them.
const SPSS_RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);

/**
 * SPSS variable names: at most 64 bytes, a letter first, then letters, digits, `_` or `.` (not last),
 * unique regardless of case, never a reserved word. Anything else becomes `_`; clashes get `_2`, `_3` …
 */
export function spssNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let base = name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_.]/g, '_')
      .replace(/\.+$/, '');
    if (!/^[A-Za-z]/.test(base)) base = `v_${base}`;
    if (SPSS_RESERVED.has(base.toUpperCase())) base = `${base}_`;
    base = base.slice(0, 64).replace(/\.+$/, '');
    let candidate = base;
    for (let i = 2; taken.has(candidate.toUpperCase()); i++) {
      const suffix = `_${i}`;
      candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    }
    taken.add(candidate.toUpperCase());
    return candidate;
  });
}

type Draft = Omit<ExportColumn, 'spss'>;

const fixed = (name: string, type: ColumnType, label: string, values: readonly CodedValue[] = []): Draft => ({
  name,
  question: null,
  key: null,
  option: null,
  layout: null,
  entry: null,
  type,
  label,
  kind: 'response',
  values,
  numericCodes: values.length > 0 && values.every((v) => isNumeric(v.value)),
  spssCodes: null,
});

/** Negative codes for the non-numeric "can't say" answers of an otherwise numeric, non-negative scale. */
function missingCodes(values: readonly CodedValue[]): Map<string, number> | null {
  const substantive = values.filter((v) => !v.missing);
  const other = values.filter((v) => v.missing && !isNumeric(v.value));
  if (other.length === 0 || substantive.length === 0 || !substantive.every((v) => isNumeric(v.value) && Number(v.value) >= 0)) return null;
  return new Map(other.map((v, i) => [v.value, -(i + 1)]));
}

/**
 * The response's own columns, then the variables' in form order. `entries` is the most entries each
 * `repeated` variable has in the exported responses (db/exports.ts maxEntries); one without any has
 * no columns.
 */
export function exportColumns(variables: Iterable<Variable>, entries: ReadonlyMap<string, number> = new Map()): ExportColumn[] {
  const drafts: Draft[] = [
    fixed('response_id', 'text', 'Vastauksen tunniste'),
    fixed('submitted_at', 'text', 'Lähetetty (UTC, ISO 8601)'),
    fixed('channel', 'category', 'Vastauskanava', Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))),
  ];
  drafts.push(fixed('late', 'flag', 'Saapui kyselyn sulkeuduttua', [{ value: '0', label: 'ei' }, { value: '1', label: 'kyllä' }]));
  drafts.push(fixed('municipality_code', 'text', 'Kuntanumero (Tilastokeskus)'), fixed('municipality_name', 'text', 'Kunta'), fixed('area', 'text', 'Alue'));
  for (const v of variables) {
    // A dynamic question's inner text is in its entry-by-entry columns already; a choice is exported
    // as "in at least one row" flags, a number as the respondent's total over the rows.
    if (v.entries && RESULT_KIND_FACETS[v.kind].exportLayout === 'text') continue;
    const title = finnish(v.title);
    const plain = v.subtitle ? `${title} – ${finnish(v.subtitle)}` : title;
    const label = v.entries ? `${plain} (${v.kind === 'number' ? 'yhteensä' : v.entries.unit === 'row' ? 'vähintään yhdellä rivillä' : 'vähintään yhdessä paneelissa'})` : plain;
    const layout = RESULT_KIND_FACETS[v.kind].exportLayout;
    const base = { question: v.question, key: v.key, kind: v.kind, layout, entry: null, spssCodes: null };
    const categories = v.categories.map((c) => ({ value: c.value, label: finnish(c.label), missing: c.nonSubstantive }));
    switch (layout) {
      case 'category':
        drafts.push({ ...base, name: v.key, option: null, type: 'category', label, values: categories, numericCodes: categories.length > 0 && categories.every((c) => isNumeric(c.value)), spssCodes: missingCodes(categories) });
        break;
      case 'flag-per-option':
        for (const c of categories) {
          drafts.push({ ...base, name: `${v.key}.${c.value}`, option: c.value, type: 'flag', label: `${label} – ${c.label}`, values: FLAG_VALUES, numericCodes: true });
        }
        break;
      case 'position-per-item':
        for (const c of categories) {
          drafts.push({ ...base, name: `${v.key}.${c.value}`, option: c.value, type: 'position', label: `${label} – ${c.label} (sija)`, values: [], numericCodes: true });
        }
        break;
      case 'number':
        drafts.push({ ...base, name: v.key, option: v.entries ? 'total' : null, type: 'number', label, values: [], numericCodes: true });
        break;
      case 'text':
        drafts.push({ ...base, name: v.key, option: null, type: 'text', label, values: [], numericCodes: false });
        break;
      case 'per-entry':
        for (let n = 1; n <= (entries.get(v.key) ?? 0); n++) {
          if (categories.length === 0) drafts.push({ ...base, entry: n, name: `${v.key}.${n}`, option: null, type: 'text', label: `${label} – ${n}`, values: [], numericCodes: false });
          for (const c of categories) {
            drafts.push({ ...base, entry: n, name: `${v.key}.${n}.${c.value}`, option: c.value, type: 'text', label: `${label} — ${c.label} – ${n}`, values: [], numericCodes: false });
          }
        }
        break;
      case 'file-names':
        drafts.push(
          { ...base, name: `${v.key}.count`, option: 'count', type: 'number', label: `${label} – tiedostoja`, values: [], numericCodes: true },
          { ...base, name: `${v.key}.names`, option: 'names', type: 'text', label: `${label} – tiedostojen nimet`, values: [], numericCodes: false },
        );
        break;
    }
  }
  // Headers are unique too (a question named like a response field, an option named like a row).
  const seen = new Map<string, number>();
  for (const d of drafts) {
    const count = (seen.get(d.name) ?? 0) + 1;
    seen.set(d.name, count);
    if (count > 1) (d as { name: string }).name = `${d.name}_${count}`;
  }
  const spss = spssNames(drafts.map((d) => d.name));
  return drafts.map((d, i) => ({ ...d, spss: spss[i]! }));
}
