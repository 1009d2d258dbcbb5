// The editor's state functions: pure edits of a survey file (the envelope with the SurveyJS
// definition under `survey`). The file itself is the state: every edit copies only the objects on
// its path and leaves every other property as it was, so properties the editor has no field for
// (a custom `score`, SurveyJS options) survive every edit, and a file loaded and saved without
// edits is the same file.
import type { SurveyFile } from './tab.ts';

export type Json = Record<string, unknown>;
/** The languages the structure and settings edit: `default` is Finnish (translations has the rest). */
export type TextLanguage = 'default' | 'sv' | 'en';

/** The question types the editor adds (all the fast validator accepts that the seed surveys use, and more). */
export const QUESTION_TYPES = ['radiogroup', 'checkbox', 'dropdown', 'boolean', 'rating', 'matrix', 'matrixdropdown', 'text', 'comment', 'multipletext', 'ranking', 'expression', 'html'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const CHOICE_TYPES: readonly string[] = ['radiogroup', 'checkbox', 'dropdown', 'ranking', 'tagbox', 'imagepicker'];

/** The privacy notice's parts in the notice page's order (server/surveys/envelope.ts PRIVACY_NOTICE_PARTS; a test keeps them equal). */
export const NOTICE_PARTS = ['controller', 'controllerContact', 'dataProtectionOfficer', 'purpose', 'legalBasis', 'dataCategories', 'recipients', 'retention', 'rights', 'complaint'] as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Loads a file into the editor's state: a deep copy, so nothing the editor does reaches the object it came from. */
export function loadFile(file: SurveyFile): SurveyFile {
  return structuredClone(file);
}

/** The file to save: the state as it is (JSON text of it is what the API stores). */
export function serialiseFile(state: SurveyFile): SurveyFile {
  return JSON.parse(JSON.stringify(state)) as SurveyFile;
}

// ----- texts ---------------------------------------------------------------------------------

/** A localizable text in one language ('' when it has none); a plain string is every language's. */
export function textIn(value: unknown, language: TextLanguage): string {
  if (typeof value === 'string') return language === 'default' ? value : '';
  if (isObject(value)) {
    const text = language === 'default' ? (value.default ?? value.fi) : value[language];
    return typeof text === 'string' ? text : '';
  }
  return '';
}

/** The text with one language's wording replaced (removed when empty); a plain string stays plain while only the default is written. */
export function withText(value: unknown, language: TextLanguage, text: string): unknown {
  if (language === 'default' && (value === undefined || typeof value === 'string')) return text === '' ? undefined : text;
  const base: Json = typeof value === 'string' ? { default: value } : isObject(value) ? { ...value } : {};
  const key = language === 'default' && !('default' in base) && 'fi' in base ? 'fi' : language;
  if (text === '') delete base[key];
  else base[key] = text;
  return Object.keys(base).length === 0 ? undefined : base;
}

/** A copy of `object` with `patch` applied: an `undefined` value removes the key. Keys keep their place. */
export function patched<T extends Json>(object: T, patch: Json): T {
  const next: Json = { ...object };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

// ----- envelope ------------------------------------------------------------------------------

export function setEnvelope(file: SurveyFile, patch: Json): SurveyFile {
  return patched(file, patch);
}

/**
 * The privacy notice with one part's wording in one language replaced; the notice goes when it is
 * empty. A part written here is always per locale (`{default: …}`): a plain string would count as
 * every language's text, and a Finnish-only notice would pass as complete in Swedish.
 */
export function setNoticePart(file: SurveyFile, part: (typeof NOTICE_PARTS)[number], language: TextLanguage, text: string): SurveyFile {
  const privacy = isObject(file.privacy) ? file.privacy : {};
  const next = patched(privacy, { [part]: withText(privacy[part] ?? {}, language, text) });
  return patched(file, { privacy: Object.keys(next).length === 0 ? undefined : next });
}

// ----- pages and questions -------------------------------------------------------------------

export type Page = Json & { elements?: Json[] };
export interface Place {
  readonly page: number;
  readonly index: number;
}

export function pagesOf(file: SurveyFile): Page[] {
  const pages = file.survey.pages;
  return Array.isArray(pages) ? (pages.filter(isObject) as Page[]) : [];
}

export function elementsOf(page: Page): Json[] {
  return Array.isArray(page.elements) ? page.elements.filter(isObject) : [];
}

function withPages(file: SurveyFile, pages: Page[]): SurveyFile {
  return { ...file, survey: { ...file.survey, pages } };
}

function withElements(file: SurveyFile, pageIndex: number, change: (elements: Json[]) => Json[]): SurveyFile {
  return withPages(
    file,
    pagesOf(file).map((page, i) => (i === pageIndex ? { ...page, elements: change(elementsOf(page)) } : page)),
  );
}

/** Every name in the definition: pages, questions (inside panels and matrices' own cells too), calculated values. */
export function allNames(file: SurveyFile): Set<string> {
  const names = new Set<string>();
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      if (typeof element.name === 'string') names.add(element.name);
      walk(element.elements);
      walk(element.templateElements);
    }
  };
  for (const page of pagesOf(file)) {
    if (typeof page.name === 'string') names.add(page.name);
    walk(page.elements);
  }
  walk(file.survey.elements);
  if (Array.isArray(file.survey.calculatedValues)) for (const v of file.survey.calculatedValues) if (isObject(v) && typeof v.name === 'string') names.add(v.name);
  return names;
}

/** `base`, or `base_2`, `base_3`… whichever no element of the file has. */
export function uniqueName(file: SurveyFile, base: string): string {
  const names = allNames(file);
  const stem = base.replace(/_\d+$/, '') || 'kysymys';
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

export type NameProblem = 'empty' | 'characters' | 'taken';
/** What is wrong with `name` for the element at `place` (null: nothing). SurveyJS uses names in expressions, hence no spaces or braces. */
export function nameProblem(file: SurveyFile, place: Place, name: string): NameProblem | null {
  if (name.trim() === '') return 'empty';
  if (!/^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u.test(name)) return 'characters';
  const own = elementsOf(pagesOf(file)[place.page] ?? {})[place.index];
  let count = 0;
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const e of elements) {
      if (!isObject(e)) continue;
      if (e !== own && e.name === name) count++;
      walk(e.elements);
      walk(e.templateElements);
    }
  };
  for (const page of pagesOf(file)) {
    if (page.name === name) count++;
    walk(page.elements);
  }
  return count > 0 ? 'taken' : null;
}

/** A new question of `type` as SurveyJS writes it, with what the type needs to be answerable. */
export function newQuestion(file: SurveyFile, type: QuestionType, title: string): Json {
  const name = uniqueName(file, type === 'html' ? 'teksti' : 'kysymys_1');
  const q: Json = { type, name };
  if (type !== 'html' && type !== 'expression') q.title = title;
  if (CHOICE_TYPES.includes(type)) q.choices = [];
  if (type === 'rating') Object.assign(q, { rateMin: 1, rateMax: 5 });
  if (type === 'matrix') Object.assign(q, { rows: [], columns: [] });
  if (type === 'matrixdropdown') Object.assign(q, { rows: [], columns: [], choices: [] });
  if (type === 'multipletext') q.items = [{ name: 'kohta_1' }];
  if (type === 'expression') Object.assign(q, { title, expression: '' });
  if (type === 'html') q.html = '';
  return q;
}

export function addPage(file: SurveyFile, title: string): { file: SurveyFile; index: number } {
  const pages = pagesOf(file);
  const page: Page = { name: uniqueName(file, `sivu_${pages.length + 1}`), elements: [] };
  if (title) page.title = title;
  return { file: withPages(file, [...pages, page]), index: pages.length };
}

export function removePage(file: SurveyFile, index: number): SurveyFile {
  return withPages(
    file,
    pagesOf(file).filter((_, i) => i !== index),
  );
}

export function movePage(file: SurveyFile, from: number, to: number): SurveyFile {
  const pages = [...pagesOf(file)];
  if (to < 0 || to >= pages.length || from === to) return file;
  const [page] = pages.splice(from, 1);
  pages.splice(to, 0, page!);
  return withPages(file, pages);
}

export function updatePage(file: SurveyFile, index: number, patch: Json): SurveyFile {
  return withPages(
    file,
    pagesOf(file).map((p, i) => (i === index ? patched(p, patch) : p)),
  );
}

export function addQuestion(file: SurveyFile, page: number, question: Json, at?: number): { file: SurveyFile; place: Place } {
  const count = elementsOf(pagesOf(file)[page] ?? {}).length;
  const index = at ?? count;
  return {
    file: withElements(file, page, (els) => [...els.slice(0, index), question, ...els.slice(index)]),
    place: { page, index },
  };
}

export function questionAt(file: SurveyFile, place: Place): Json | undefined {
  return elementsOf(pagesOf(file)[place.page] ?? {})[place.index];
}

export function updateQuestion(file: SurveyFile, place: Place, patch: Json): SurveyFile {
  return withElements(file, place.page, (els) => els.map((q, i) => (i === place.index ? patched(q, patch) : q)));
}

export function removeQuestion(file: SurveyFile, place: Place): { file: SurveyFile; removed: Json | undefined } {
  const removed = questionAt(file, place);
  return { file: withElements(file, place.page, (els) => els.filter((_, i) => i !== place.index)), removed };
}

/**
 * Moves a question to `to` (a page and the index it gets there; on another page it goes before the
 * element at that index). Returns the file unchanged when `to` is outside the pages.
 */
export function moveQuestion(file: SurveyFile, from: Place, to: Place): { file: SurveyFile; place: Place } {
  const pages = pagesOf(file);
  const question = questionAt(file, from);
  if (!question || to.page < 0 || to.page >= pages.length) return { file, place: from };
  const target = elementsOf(pages[to.page]!);
  const max = from.page === to.page ? target.length - 1 : target.length;
  if (to.index < 0 || to.index > max) return { file, place: from };
  const without = removeQuestion(file, from).file;
  return addQuestion(without, to.page, question, to.index);
}

/** One step up or down, across to the end of the previous or the start of the next page at a page's edge. */
export function stepQuestion(file: SurveyFile, from: Place, direction: -1 | 1): { file: SurveyFile; place: Place } {
  const pages = pagesOf(file);
  const count = elementsOf(pages[from.page] ?? {}).length;
  const index = from.index + direction;
  if (index >= 0 && index < count) return moveQuestion(file, from, { page: from.page, index });
  const page = from.page + direction;
  if (page < 0 || page >= pages.length) return { file, place: from };
  return moveQuestion(file, from, { page, index: direction < 0 ? elementsOf(pages[page]!).length : 0 });
}

/** A copy of the question right after it, under a new unique name (its matrix items and choices keep their values). */
export function duplicateQuestion(file: SurveyFile, place: Place): { file: SurveyFile; place: Place } {
  const question = questionAt(file, place);
  if (!question) return { file, place };
  const copy = structuredClone(question);
  copy.name = uniqueName(file, `${String(question.name ?? 'kysymys')}_2`);
  return addQuestion(file, place.page, copy, place.index + 1);
}

// ----- choices (also matrix rows and columns): the value is the answer, the text only its label --

export interface Choice {
  readonly value: string;
  readonly text: string;
}

/** A choice's value and its label in `language` (a plain string or number choice is its own label). */
export function readChoice(item: unknown, language: TextLanguage): Choice {
  if (isObject(item)) return { value: String(item.value ?? item.name ?? ''), text: textIn(item.text ?? item.title, language) };
  return { value: String(item), text: language === 'default' ? String(item) : '' };
}

/** The item with its label replaced; its value never changes. A plain item becomes `{value, text}`. */
export function relabel(item: unknown, language: TextLanguage, text: string): Json {
  if (isObject(item)) {
    const key = 'text' in item || !('title' in item) ? 'text' : 'title';
    return patched(item, { [key]: withText(item[key], language, text) });
  }
  return patched({ value: item }, { text: withText(String(item), language, text) });
}

/** A value no item of the list has: the next free number (SurveyJS and the results treat values as codes). */
export function freshValue(items: readonly unknown[]): string | number {
  const raw = items.map((i) => (isObject(i) ? (i.value ?? i.name) : i));
  const values = new Set(raw.map(String));
  const numeric = raw.length > 0 && raw.every((v) => typeof v === 'number');
  for (let n = items.length + 1; ; n++) if (!values.has(String(n))) return numeric ? n : String(n);
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** JSON text with every object's keys sorted: two files are the same survey when these are equal (PostgreSQL's jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.keys(v)
          .sort()
          .reduce<Json>((sorted, k) => ((sorted[k] = v[k]), sorted), {})
      : v,
  );
}

export const sameFile = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
