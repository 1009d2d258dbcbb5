// Every text of a survey file, each under a stable key, in every language the file has: what the
// editor's translations tab shows side by side and what the translators' XLSX holds. Which properties
// are texts is survey-core's to say (its Serializer marks each localizable property of each class), so
// a question type or property survey-core adds is found without a list kept here; the walk itself goes
// over the JSON, not a model, so writing a translation back changes that one value and nothing else in
// the file (a model's toJSON would reorder and normalise it). Pure: the server and the editor both use it.
import { Serializer } from 'survey-core';

export type PathSegment = string | number;

/** One text of the survey: where it is, what it belongs to, and its wording per language (`fi` is the SurveyJS `default`). */
export interface SurveyText {
  /** Stable across edits that leave the text where it is: `kunta.title`, `kunta.choices[value=564].text`, `pages[name=sivu1].title`, `envelope.privacy.purpose`. */
  readonly key: string;
  /** Where the text's value is in the file, from its root. */
  readonly path: readonly PathSegment[];
  /** What the text belongs to, for a translator: `kunta (dropdown)`, `page sivu1`, `survey`, `envelope`. */
  readonly context: string;
  readonly texts: Readonly<Record<string, string>>;
}

/** The file's source language: SurveyJS's `default` locale, Finnish in Kuulo. */
export const SOURCE_LANGUAGE = 'fi';
/** The languages every survey's table shows, whether or not the file has them yet. */
export const BASE_LANGUAGES = ['fi', 'sv', 'en', 'fi-selko'] as const;
/** A locale as the survey files write them (the envelope's pattern): ISO 639 with optional subtags, lower case. */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]+)*$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A localizable value's texts: a plain string is the source language's. */
function textsOf(value: unknown): Record<string, string> | null {
  if (typeof value === 'string') return { [SOURCE_LANGUAGE]: value };
  if (!isObject(value)) return null;
  const texts: Record<string, string> = {};
  for (const [locale, text] of Object.entries(value)) {
    if (typeof text !== 'string') continue;
    if (locale === 'default' || (locale === SOURCE_LANGUAGE && !('default' in value))) texts[SOURCE_LANGUAGE] = text;
    else if (LANGUAGE_CODE.test(locale)) texts[locale] = text;
  }
  return Object.keys(texts).length > 0 ? texts : null;
}

interface Child {
  readonly property: string;
  /** The class of one item: a fixed class, or the item's `type` with the base's suffix (`numeric` + `validator`). */
  readonly classOf: (item: Json) => string | null;
  /** Items are questions or panels: their own names start their keys. */
  readonly elements: boolean;
}
interface Shape {
  readonly localizable: readonly string[];
  readonly children: readonly Child[];
}

const shapes = new Map<string, Shape>();
/** A class's texts and the properties holding objects of other classes, as survey-core's Serializer declares them. */
function shapeOf(className: string): Shape {
  const known = shapes.get(className);
  if (known) return known;
  const properties = Serializer.findClass(className) ? Serializer.getProperties(className) : [];
  const shape: Shape = {
    localizable: properties.filter((p) => p.isLocalizable).map((p) => p.name),
    children: properties.flatMap((p): Child[] => {
      if (p.isLocalizable) return [];
      if (p.baseClassName) {
        const suffix = p.classNamePart ?? '';
        return [{ property: p.name, classOf: (item) => (typeof item.type === 'string' ? `${item.type.toLowerCase()}${suffix}` : null), elements: p.baseClassName === 'question' }];
      }
      if (p.className && Serializer.findClass(p.className)) {
        const fixed = p.className;
        return [{ property: p.name, classOf: () => fixed, elements: false }];
      }
      return [];
    }),
  };
  shapes.set(className, shape);
  return shape;
}

/** A matrix column is its own class and, for what it holds, its cell type's question (choices, placeholder…). */
function columnShape(column: Json, matrix: Json): Shape {
  const own = shapeOf('matrixdropdowncolumn');
  const declared = typeof column.cellType === 'string' && column.cellType !== 'default' ? column.cellType : typeof matrix.cellType === 'string' ? matrix.cellType : 'dropdown';
  const cell = shapeOf(declared.toLowerCase());
  const children = [...own.children, ...cell.children.filter((c) => !own.children.some((o) => o.property === c.property))];
  return { localizable: [...new Set([...own.localizable, ...cell.localizable])], children };
}

interface Walk {
  readonly out: SurveyText[];
  readonly seen: Map<string, number>;
}

function add(walk: Walk, key: string, path: PathSegment[], context: string, value: unknown): void {
  const texts = textsOf(value);
  if (!texts) return;
  // Two items with one value (a mistake the checks name) still get keys of their own.
  const times = (walk.seen.get(key) ?? 0) + 1;
  walk.seen.set(key, times);
  walk.out.push({ key: times === 1 ? key : `${key}~${times}`, path, context, texts });
}

function itemKey(item: unknown, index: number): string {
  if (isObject(item) && item.value !== undefined && item.value !== null && typeof item.value !== 'object') return `[value=${String(item.value)}]`;
  if (isObject(item) && typeof item.name === 'string' && item.name !== '') return `[name=${item.name}]`;
  return `[${index}]`;
}

function walkObject(walk: Walk, node: Json, shape: Shape, base: string, path: PathSegment[], context: string): void {
  for (const property of shape.localizable) {
    if (property in node) add(walk, `${base}.${property}`, [...path, property], context, node[property]);
  }
  // A single-choice matrix's cell texts are a row → column → text map, which the Serializer declares as one opaque property.
  if (node.type === 'matrix' && isObject(node.cells)) {
    for (const [row, columns] of Object.entries(node.cells)) {
      if (!isObject(columns)) continue;
      for (const column of Object.keys(columns)) add(walk, `${base}.cells[row=${row}][column=${column}]`, [...path, 'cells', row, column], context, columns[column]);
    }
  }
  for (const child of shape.children) {
    const value = node[child.property];
    const items = Array.isArray(value) ? value : isObject(value) ? [value] : [];
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPath = Array.isArray(value) ? [...path, child.property, index] : [...path, child.property];
      const className = child.classOf(item);
      if (!className) return;
      if (child.elements) {
        walkElement(walk, item, className, itemPath, index);
        return;
      }
      const itemShape = className === 'matrixdropdowncolumn' ? columnShape(item, node) : shapeOf(className);
      const itemBase = Array.isArray(value) ? `${base}.${child.property}${itemKey(item, index)}` : `${base}.${child.property}`;
      walkObject(walk, item, itemShape, itemBase, itemPath, context);
    });
  }
}

function walkElement(walk: Walk, element: Json, className: string, path: PathSegment[], index: number): void {
  const name = typeof element.name === 'string' && element.name !== '' ? element.name : `${className}${index + 1}`;
  walkObject(walk, element, shapeOf(className), name, path, `${name} (${className})`);
}

/**
 * Every text of a survey file, in the file's order: the envelope's title and privacy notice parts,
 * then the SurveyJS definition's (survey, pages, questions, panels, choices, rows, columns, matrix
 * cells, dynamic panels' templates, validators…). A text written as a plain string is the source
 * language's; a choice written as a bare value has no text of its own and is not listed.
 */
export function surveyTexts(file: Json): SurveyText[] {
  const walk: Walk = { out: [], seen: new Map() };
  if ('title' in file) add(walk, 'envelope.title', ['title'], 'envelope', file.title);
  if (isObject(file.privacy)) {
    for (const part of Object.keys(file.privacy)) {
      if (part !== 'noticeUrl') add(walk, `envelope.privacy.${part}`, ['privacy', part], 'envelope (privacy notice)', file.privacy[part]);
    }
  }
  const survey = file.survey;
  if (!isObject(survey)) return walk.out;
  const root = shapeOf('survey');
  walkObject(walk, survey, { localizable: root.localizable, children: root.children.filter((c) => c.property !== 'pages') }, 'survey', ['survey'], 'survey');
  if (Array.isArray(survey.pages)) {
    survey.pages.forEach((page, index) => {
      if (!isObject(page)) return;
      const name = typeof page.name === 'string' && page.name !== '' ? page.name : String(index);
      walkObject(walk, page, shapeOf('page'), `pages[name=${name}]`, ['survey', 'pages', index], `page ${name}`);
    });
  }
  // A plain SurveyJS file may hold its questions at the root: survey-core makes them its first page.
  for (const property of ['elements', 'questions'] as const) {
    const elements = survey[property];
    if (Array.isArray(elements)) {
      elements.forEach((element, index) => {
        if (isObject(element) && typeof element.type === 'string') walkElement(walk, element, element.type.toLowerCase(), ['survey', property, index], index);
      });
    }
  }
  return walk.out;
}

/** The languages to show: fi, sv, en and plain Finnish always, then every other locale the texts have, in the order met. */
export function surveyLanguages(texts: readonly SurveyText[], extra: readonly string[] = []): string[] {
  const languages: string[] = [...BASE_LANGUAGES];
  for (const text of texts) for (const language of Object.keys(text.texts)) if (!languages.includes(language)) languages.push(language);
  for (const language of extra) if (!languages.includes(language)) languages.push(language);
  return languages;
}

export interface Completeness {
  readonly language: string;
  /** Texts with a wording in this language. */
  readonly translated: number;
  /** Texts with a source wording (for the source language: every text). */
  readonly total: number;
}

/** How many of the survey's texts each language has: n of N, N being the texts with a Finnish wording. */
export function completeness(texts: readonly SurveyText[], languages: readonly string[]): Completeness[] {
  return languages.map((language) => {
    const counted = language === SOURCE_LANGUAGE ? texts : texts.filter((t) => (t.texts[SOURCE_LANGUAGE] ?? '') !== '');
    return { language, translated: counted.filter((t) => (t.texts[language] ?? '') !== '').length, total: counted.length };
  });
}

/** Whether a text still lacks a wording in a language (and has one to translate from). */
export function untranslated(text: SurveyText, language: string): boolean {
  return (text.texts[SOURCE_LANGUAGE] ?? '') !== '' && (text.texts[language] ?? '') === '';
}

/**
 * Writes one language's wording of a text into the file (in place): a plain string becomes texts per
 * locale when a second language arrives; `null` or `''` removes that language's wording (never the
 * source's, which the structure tab owns).
 */
export function setText(file: Json, path: readonly PathSegment[], language: string, text: string | null): void {
  let parent: unknown = file;
  for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
  if (!isObject(parent) && !Array.isArray(parent)) throw new Error(`no text at ${path.join('.')}`);
  const holder = parent as Record<string | number, unknown>;
  const property = path.at(-1)!;
  const current = holder[property];
  const erase = text === null || text === '';
  if (typeof current === 'string') {
    if (language === SOURCE_LANGUAGE) {
      if (!erase) holder[property] = text;
    } else if (!erase) holder[property] = { default: current, [language]: text };
    return;
  }
  if (!isObject(current)) throw new Error(`no text at ${path.join('.')}`);
  const locale = language === SOURCE_LANGUAGE ? ('default' in current || !(SOURCE_LANGUAGE in current) ? 'default' : SOURCE_LANGUAGE) : language;
  if (erase) {
    if (language !== SOURCE_LANGUAGE) delete current[locale];
  } else current[locale] = text;
}
