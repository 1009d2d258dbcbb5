import type { Geography } from '../geography.ts';
import type { Scalar } from '../validation/values.ts';
import type { ColumnMapping, ImportMapping, RowProblem } from './schemas.ts';
import type { ImportTarget, TargetChoice } from './targets.ts';

/**
 * From a spreadsheet row to a web answer's data: which column is which question (the mapping),
 * what a cell means for its question, and a suggested mapping from the headers and the survey's
 * texts. What comes out is judged afterwards by the same validator as a web answer; this only
 * reads the cells, and names the cell it could not read.
 */

/** Lower case, accents kept (ä ≠ a in Finnish), punctuation and runs of space as one space. */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('fi')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/ +/g, ' ')
    .trim();
}

/** A resolved column: the mapping's entry with the index of the column it reads. */
export interface ResolvedColumn extends ColumnMapping {
  readonly index: number;
  readonly targetInfo: ImportTarget | null;
}

export class MappingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'MappingError';
  }
}

const choiceText = (c: TargetChoice) => `${String(c.value)}${c.labels.length ? ` (${c.labels[0]})` : ''}`;

/**
 * Ties each entry of a mapping to a column of the file and a question of the survey, and checks
 * it: every header exists, every question, option, matrix row and recoded value is the survey's.
 * Throws a MappingError naming every problem.
 */
export function resolveMapping(mapping: ImportMapping, headers: readonly string[], targets: readonly ImportTarget[]): ResolvedColumn[] {
  const problems: string[] = [];
  const byName = new Map(targets.map((t) => [t.question, t]));
  const taken = new Set<number>();
  const resolved: ResolvedColumn[] = [];
  const single = new Map<string, string>();
  for (const entry of mapping.columns) {
    const index = headers.findIndex((h, i) => !taken.has(i) && h === entry.column);
    if (index < 0) {
      problems.push(`column '${entry.column}' is not in the file${headers.includes(entry.column) ? ' (mapped more times than the file has it)' : ''}`);
      continue;
    }
    taken.add(index);
    let target: ImportTarget | null = null;
    if (['question', 'option', 'picks', 'comment'].includes(entry.target)) {
      if (!entry.question) {
        problems.push(`column '${entry.column}': target '${entry.target}' needs a question`);
        continue;
      }
      target = byName.get(entry.question) ?? null;
      if (!target) {
        problems.push(`column '${entry.column}': '${entry.question}' is not a question of the survey that an import can fill`);
        continue;
      }
      const choiceValues = new Set(target.choices.map((c) => String(c.value)));
      if ((entry.target === 'option' || entry.target === 'picks') && target.kind !== 'multi') {
        problems.push(`column '${entry.column}': '${entry.question}' is not a multiple choice, so it has no ${entry.target === 'option' ? 'option columns' : 'picks'}`);
      }
      if (entry.target === 'option' && (!entry.option || !choiceValues.has(entry.option))) {
        problems.push(`column '${entry.column}': option '${entry.option ?? ''}' is not a choice of '${entry.question}' (choices: ${target.choices.map(choiceText).join(', ')})`);
      }
      if (entry.target === 'comment' && target.other === null) {
        problems.push(`column '${entry.column}': '${entry.question}' has no "other" item to hold a text`);
      }
      if (entry.target === 'question' && target.kind === 'matrix') {
        if (!entry.row || !target.rows.some((r) => r.value === entry.row)) {
          problems.push(`column '${entry.column}': row '${entry.row ?? ''}' is not a row of '${entry.question}' (rows: ${target.rows.map((r) => r.value).join(', ')})`);
        }
      }
      if (entry.target === 'question' && target.kind === 'multi') {
        problems.push(`column '${entry.column}': '${entry.question}' is a multiple choice: map its column as 'picks' or its option columns as 'option'`);
      }
      for (const [cell, value] of Object.entries(entry.values ?? {})) {
        if (!choiceValues.has(value)) problems.push(`column '${entry.column}': value '${cell}' is recoded to '${value}', which is not a choice of '${entry.question}'`);
      }
      if (entry.target === 'question' || entry.target === 'picks' || entry.target === 'comment') {
        const key = `${entry.target === 'comment' ? 'comment' : 'answer'}:${entry.question}:${entry.row ?? ''}`;
        const earlier = single.get(key);
        if (earlier !== undefined) problems.push(`columns '${earlier}' and '${entry.column}' both give ${entry.target === 'comment' ? 'the other text of ' : ''}'${entry.question}${entry.row ? `.${entry.row}` : ''}'`);
        single.set(key, entry.column);
      }
    } else {
      const key = entry.target;
      if (key !== 'ignore') {
        const earlier = single.get(key);
        if (earlier !== undefined) problems.push(`columns '${earlier}' and '${entry.column}' are both the ${key}`);
        single.set(key, entry.column);
      }
    }
    resolved.push({ ...entry, index, targetInfo: target });
  }
  if (problems.length > 0) throw new MappingError(problems);
  return resolved;
}

// ---- reading cells ----

/** A number as a person types it: a decimal point or comma, spaces (and no-break spaces) between thousands. */
export function parseNumber(cell: string): number | null {
  const s = cell.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/^−/, '-');
  if (!/^[-+]?(\d+([.,]\d+)?|[.,]\d+)$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** The choice a cell names: a recode first, then its value, then its label in any language. */
export function matchChoice(cell: string, choices: readonly TargetChoice[], values: Record<string, string> | undefined): TargetChoice | null {
  const text = cell.trim();
  const recode = values?.[text] ?? values?.[Object.keys(values).find((k) => normalize(k) === normalize(text)) ?? ''];
  if (recode !== undefined) return choices.find((c) => String(c.value) === recode) ?? null;
  const exact = choices.find((c) => String(c.value) === text);
  if (exact) return exact;
  const n = normalize(text);
  const byValue = choices.find((c) => normalize(String(c.value)) === n);
  if (byValue) return byValue;
  const byLabel = choices.find((c) => c.labels.some((l) => normalize(l) === n));
  if (byLabel) return byLabel;
  // A numeric code written as 3,0 or 3.0.
  const number = parseNumber(text);
  if (number !== null) return choices.find((c) => parseNumber(String(c.value)) === number) ?? null;
  return null;
}

const PICKED = new Set(['1', 'x', 'kyllä', 'kylla', 'ja', 'yes', 'true', 'valittu', 'tosi']);
const NOT_PICKED = new Set(['0', 'ei', 'nej', 'no', 'false', 'ei valittu', 'epätosi']);

/** Whether an option column's cell says picked: 1/0, x, yes/no in Finnish, Swedish or English, or the option's own label. */
export function optionCell(cell: string, choice: TargetChoice | undefined): boolean | null {
  const n = normalize(cell);
  if (n === '' || NOT_PICKED.has(n)) return false;
  if (PICKED.has(n)) return true;
  if (parseNumber(cell) === 1) return true;
  if (parseNumber(cell) === 0) return false;
  if (choice && (normalize(String(choice.value)) === n || choice.labels.some((l) => normalize(l) === n))) return true;
  return null;
}

/** A municipality by its code (`564`, `91` for `091`) or its Finnish or Swedish name. */
export function municipalityCode(cell: string, geography: Geography): string | null {
  const text = cell.trim();
  if (/^\d{1,3}$/.test(text)) {
    const code = text.padStart(3, '0');
    return geography.byCode.has(code) ? code : null;
  }
  const n = normalize(text);
  return geography.municipalities.find((m) => normalize(m.nameFi) === n || (m.nameSv !== null && normalize(m.nameSv) === n))?.code ?? null;
}

/** The offset of Finnish time from UTC at a moment, in minutes (EET/EEST). */
function helsinkiOffset(utc: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' }).formatToParts(utc);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 120;
}

/**
 * When a row was answered: ISO 8601, a Finnish `d.m.yyyy [h:mm[:ss]]` in Finnish time, or an
 * Excel date serial (days since 1899-12-30) as an XLSX read without styles gives it.
 */
export function parseTime(cell: string): Date | null {
  const text = cell.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const d = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(?:klo\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/.exec(text);
  if (fi) {
    const [, d, mo, y, h = '0', mi = '0', s = '0'] = fi;
    const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const asWritten = new Date(asUtc);
    // 31.2. rolls over into March in Date.UTC: refused rather than moved.
    if (asWritten.getUTCDate() !== Number(d) || asWritten.getUTCMonth() !== Number(mo) - 1) return null;
    return new Date(asUtc - helsinkiOffset(asWritten) * 60_000);
  }
  // Microsoft Forms and Excel in an English locale: M/D/YYYY h:mm[:ss] [AM|PM], in Finnish time.
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?)?$/i.exec(text);
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', s = '0', ampm] = us;
    const hours = (Number(h) % 12) + (ampm?.toUpperCase() === 'PM' ? 12 : ampm ? 0 : Number(h) >= 12 ? 12 : 0);
    const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), hours, Number(mi), Number(s));
    const asWritten = new Date(asUtc);
    if (asWritten.getUTCDate() !== Number(d) || asWritten.getUTCMonth() !== Number(mo) - 1) return null;
    return new Date(asUtc - helsinkiOffset(asWritten) * 60_000);
  }
  const serial = parseNumber(text);
  if (serial !== null && serial > 20000 && serial < 80000) return new Date(Math.round((serial - 25569) * 86_400_000));
  return null;
}

export interface ConvertedRow {
  readonly data: Record<string, unknown>;
  readonly municipality: string | null;
  readonly submittedAt: Date | null;
  /** The row key's cell, when the mapping has one. */
  readonly key: string | null;
  readonly problems: RowProblem[];
}

/** Reads one row through a resolved mapping. */
export function convertRow(rowNumber: number, cells: readonly string[], columns: readonly ResolvedColumn[], geography: Geography): ConvertedRow {
  const data: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  let municipality: string | null = null;
  let submittedAt: Date | null = null;
  let key: string | null = null;
  const bad = (c: ResolvedColumn, message: string) => problems.push({ row: rowNumber, column: c.column, question: c.question ?? null, message });
  const picks = new Map<string, Scalar[]>();
  const pick = (question: string, value: Scalar) => {
    const list = picks.get(question) ?? [];
    if (!list.some((v) => v === value)) list.push(value);
    picks.set(question, list);
  };
  const comments: [ResolvedColumn, string][] = [];
  for (const c of columns) {
    const cell = cells[c.index] ?? '';
    const empty = cell.trim() === '';
    const t = c.targetInfo;
    switch (c.target) {
      case 'ignore':
        break;
      case 'rowKey':
        if (empty) bad(c, 'the row key is empty');
        else key = cell.trim();
        break;
      case 'municipality':
        if (empty) break;
        municipality = municipalityCode(cell, geography);
        if (municipality === null) bad(c, `'${cell}' is not a municipality code or name of the county`);
        break;
      case 'submittedAt':
        if (empty) break;
        submittedAt = parseTime(cell);
        if (submittedAt === null) bad(c, `'${cell}' is not a date and time (2021-03-15T10:00:00Z or 15.3.2021 10:00)`);
        break;
      case 'comment':
        if (!empty) comments.push([c, cell]);
        break;
      case 'option': {
        const choice = t!.choices.find((x) => String(x.value) === c.option);
        const picked = optionCell(cell, choice);
        if (picked === null) bad(c, `'${cell}' is neither picked (1, x, kyllä) nor not picked (0, empty, ei)`);
        else if (picked && choice) pick(t!.question, choice.value);
        break;
      }
      case 'picks': {
        if (empty) break;
        for (const part of cell.split(c.separator ?? ';').map((p) => p.trim()).filter((p) => p !== '')) {
          const choice = matchChoice(part, t!.choices, c.values);
          if (choice) pick(t!.question, choice.value);
          else bad(c, `'${part}' is not a choice of '${t!.question}' (choices: ${t!.choices.map(choiceText).join(', ')})`);
        }
        break;
      }
      case 'question': {
        if (empty) break;
        const target = t!;
        if (target.kind === 'text') data[target.question] = cell;
        else if (target.kind === 'number') {
          const n = parseNumber(cell);
          if (n === null) bad(c, `'${cell}' is not a number`);
          else data[target.question] = n;
        } else {
          const choice = matchChoice(cell, target.choices, c.values);
          if (!choice) {
            bad(c, `'${cell}' is not a choice of '${target.question}' (choices: ${target.choices.map(choiceText).join(', ')})`);
            break;
          }
          if (target.kind === 'boolean') data[target.question] = choice.value === true ? target.valueTrue : target.valueFalse;
          else if (target.kind === 'matrix') data[target.question] = { ...(data[target.question] as object | undefined), [c.row!]: choice.value };
          else data[target.question] = choice.value;
        }
        break;
      }
    }
  }
  for (const [question, values] of picks) data[question] = values;
  for (const [c, text] of comments) {
    const t = c.targetInfo!;
    data[`${t.question}-Comment`] = text;
    // A text under "other, what?" means "other" was chosen, though the tool may not say so in a column of its own.
    if (t.other !== null) {
      if (t.kind === 'multi') {
        const list = (data[t.question] as Scalar[] | undefined) ?? [];
        if (!list.includes(t.other)) data[t.question] = [...list, t.other];
      } else if (data[t.question] === undefined) data[t.question] = t.other;
    }
  }
  return { data, municipality, submittedAt, key, problems };
}

// ---- suggesting a mapping ----

/** Dice coefficient of two texts' character trigrams (0–1), for headers that differ a little from a title. */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const padded = `  ${s} `;
    const out = new Map<string, number>();
    for (let i = 0; i < padded.length - 2; i++) out.set(padded.slice(i, i + 3), (out.get(padded.slice(i, i + 3)) ?? 0) + 1);
    return out;
  };
  const x = grams(a);
  const y = grams(b);
  let both = 0;
  let total = 0;
  for (const [g, n] of x) {
    both += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * both) / total;
}

const FIELD_HEADERS: Record<'rowKey' | 'submittedAt' | 'municipality', string[]> = {
  rowKey: ['response_id', 'vastauksen tunniste', 'vastaajan tunniste', 'vastaaja id', 'vastaajan id', 'respondent id', 'response id', 'id', 'tunniste', 'svarsid'],
  submittedAt: ['submitted_at', 'lähetetty', 'vastausaika', 'vastattu', 'vastauspäivä', 'completion time', 'submitted', 'aikaleima', 'timestamp', 'tidpunkt', 'valmistumisaika'],
  municipality: ['municipality_code', 'kuntanumero', 'kuntakoodi', 'kunta', 'kommun', 'municipality', 'asuinkunta', 'kotikunta', 'municipality_name'],
};
const IGNORED_HEADERS = ['channel', 'late', 'area', 'alue', 'start time', 'aloitusaika', 'email', 'sähköposti', 'name', 'nimi', 'last modified time'];

/** Splits "Title - Option", "Title: Option", "Title (Option)", "Title / Option" headers. */
function titleAndOption(header: string): [string, string][] {
  const out: [string, string][] = [];
  for (const sep of [' - ', ' – ', ': ', ' / ', ' | ']) {
    const i = header.lastIndexOf(sep);
    if (i > 0) out.push([header.slice(0, i), header.slice(i + sep.length)]);
  }
  const paren = /^(.*)\(([^()]*)\)\s*$/.exec(header);
  if (paren) out.push([paren[1]!, paren[2]!]);
  return out;
}

const matchesTitle = (text: string, t: ImportTarget) => t.titles.some((title) => normalize(title) === normalize(text));

/**
 * A mapping suggested from the headers: a question's name or title in any language (or nearly, by
 * trigrams), `name.option` and "Title - Option label" for one column per checkbox option,
 * `name.row` and "Title - Row label" for a matrix row, "Muu, mikä?" after a question with an
 * "other" item for its text, and the usual headers of ids, times and municipalities. A multiple
 * choice in one column gets `picks` with the separator its cells use (`sample` is the first rows).
 */
export function suggestMapping(
  headers: readonly string[],
  targets: readonly ImportTarget[],
  municipalityQuestion: string | null,
  sample: readonly (readonly string[])[] = [],
): ImportMapping {
  const byName = new Map(targets.map((t) => [t.question, t]));
  const columns: ColumnMapping[] = [];
  const answered = new Set<string>();
  let previous: ImportTarget | null = null;
  const fieldsUsed = new Set<string>();
  // A column of the municipality question's own name or title (Kuulo's export has both it and
  // `municipality_code`) is the question; a municipality column is then the response's municipality.
  const municipalityTarget = municipalityQuestion !== null ? byName.get(municipalityQuestion) : undefined;
  const municipalityColumn = municipalityTarget === undefined ? -1 : headers.findIndex((h) => h === municipalityTarget.question || matchesTitle(h, municipalityTarget));
  headers.forEach((header, index) => {
    const n = normalize(header);
    const push = (m: ColumnMapping, t: ImportTarget | null) => {
      columns.push(m);
      if ((m.target === 'question' && !m.row) || m.target === 'picks') answered.add(m.question!);
      if (t) previous = t;
    };
    // Kuulo's own names first: `q`, `q.option`, `q.row`, `q-Comment`.
    const own = byName.get(header);
    if (own && own.kind !== 'multi' && own.kind !== 'matrix') return push({ column: header, target: 'question', question: own.question }, own);
    if (header.endsWith('-Comment') && byName.get(header.slice(0, -8))?.other != null) {
      return push({ column: header, target: 'comment', question: header.slice(0, -8) }, byName.get(header.slice(0, -8))!);
    }
    const dot = header.indexOf('.');
    if (dot > 0) {
      const t = byName.get(header.slice(0, dot));
      const rest = header.slice(dot + 1);
      if (t?.kind === 'multi' && t.choices.some((c) => String(c.value) === rest)) return push({ column: header, target: 'option', question: t.question, option: rest }, t);
      if (t?.kind === 'matrix' && t.rows.some((r) => r.value === rest)) return push({ column: header, target: 'question', question: t.question, row: rest }, t);
    }
    for (const [field, names] of Object.entries(FIELD_HEADERS) as [keyof typeof FIELD_HEADERS, string[]][]) {
      if (!names.some((x) => normalize(x) === n)) continue;
      // A second column of the same kind (the municipality's name beside its code) is left out.
      if (fieldsUsed.has(field)) return push({ column: header, target: 'ignore' }, null);
      if (field === 'municipality' && municipalityQuestion !== null && !answered.has(municipalityQuestion) && (municipalityColumn < 0 || municipalityColumn === index)) {
        answered.add(municipalityQuestion);
        return push({ column: header, target: 'question', question: municipalityQuestion }, byName.get(municipalityQuestion) ?? null);
      }
      fieldsUsed.add(field);
      return push({ column: header, target: field }, null);
    }
    if (IGNORED_HEADERS.includes(n)) return push({ column: header, target: 'ignore' }, null);
    // "Muu, mikä?" after the columns of a question that has an "other" item.
    const prev = previous as ImportTarget | null;
    if (prev && prev.other !== null && /^(muu|annat|other|övrig)/.test(n) && !answered.has(`${prev.question}-Comment`)) {
      answered.add(`${prev.question}-Comment`);
      return push({ column: header, target: 'comment', question: prev.question }, prev);
    }
    // A title in any language.
    const titled = targets.find((t) => matchesTitle(header, t) && !answered.has(t.question));
    if (titled && titled.kind !== 'matrix') {
      answered.add(titled.question);
      if (titled.kind === 'multi') {
        const cells = sample.map((r) => r[index] ?? '').filter((c) => c.trim() !== '');
        const separator = [';', ',', '|'].find((s) => cells.some((c) => c.includes(s))) ?? ';';
        return push({ column: header, target: 'picks', question: titled.question, separator }, titled);
      }
      return push({ column: header, target: 'question', question: titled.question }, titled);
    }
    // "Title - Option" (one column per checkbox option) or "Title - Row" (a matrix row).
    for (const [title, rest] of titleAndOption(header)) {
      const t = targets.find((x) => (x.kind === 'multi' || x.kind === 'matrix') && matchesTitle(title, x));
      if (!t) continue;
      if (t.kind === 'multi') {
        const choice = t.choices.find((c) => normalize(String(c.value)) === normalize(rest) || c.labels.some((l) => normalize(l) === normalize(rest)));
        if (choice) return push({ column: header, target: 'option', question: t.question, option: String(choice.value) }, t);
      } else {
        const row = t.rows.find((r) => r.value === rest || r.labels.some((l) => normalize(l) === normalize(rest)));
        if (row) return push({ column: header, target: 'question', question: t.question, row: row.value }, t);
      }
    }
    // Nearly a title: the best above 0.75.
    let best: { t: ImportTarget; score: number } | null = null;
    for (const t of targets) {
      if (answered.has(t.question) || t.kind === 'matrix') continue;
      for (const title of t.titles) {
        const score = similarity(n, normalize(title));
        if (score > 0.75 && (!best || score > best.score)) best = { t, score };
      }
    }
    if (best) {
      answered.add(best.t.question);
      return push(best.t.kind === 'multi' ? { column: header, target: 'picks', question: best.t.question, separator: ';' } : { column: header, target: 'question', question: best.t.question }, best.t);
    }
    push({ column: header, target: 'ignore' }, null);
  });
  return { columns };
}
