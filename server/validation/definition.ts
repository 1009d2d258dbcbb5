import { isPlainObject } from './values.ts';

/**
 * A plain walk over a SurveyJS JSON definition, without survey-core: pages, panels and the
 * questions inside them with their chain of containers. The fast path, the answer rows and the
 * definition check read definitions through this so they agree on where questions are.
 */
export type Json = Record<string, unknown>;

export interface ContainerNode {
  kind: 'page' | 'panel';
  json: Json;
  name: string;
  /** Enclosing panels and the page, innermost first. */
  parents: ContainerNode[];
}

export interface QuestionNode {
  json: Json;
  /** survey-core type names are lower-case; JSON written by hand sometimes is not. */
  type: string;
  name: string;
  parents: ContainerNode[];
}

export interface WalkedDefinition {
  pages: ContainerNode[];
  panels: ContainerNode[];
  questions: QuestionNode[];
}

function childElements(json: Json): Json[] {
  const list = Array.isArray(json.elements) ? json.elements : Array.isArray(json.questions) ? json.questions : [];
  return list.filter(isPlainObject);
}

export function walkDefinition(definition: Json): WalkedDefinition {
  const out: WalkedDefinition = { pages: [], panels: [], questions: [] };
  // A survey without `pages` is one page holding its root `elements` (survey-core does the same).
  const pageJsons = Array.isArray(definition.pages) ? definition.pages.filter(isPlainObject) : [{ elements: childElements(definition) }];
  const visit = (elements: Json[], parents: ContainerNode[]): void => {
    for (const json of elements) {
      const type = String(json.type ?? '').toLowerCase();
      const name = typeof json.name === 'string' ? json.name : json.name === undefined ? '' : String(json.name);
      if (type === 'panel' || type === 'flowpanel') {
        const panel: ContainerNode = { kind: 'panel', json, name, parents };
        out.panels.push(panel);
        visit(childElements(json), [panel, ...parents]);
      } else {
        out.questions.push({ json, type, name, parents });
      }
    }
  };
  pageJsons.forEach((json, i) => {
    const page: ContainerNode = { kind: 'page', json, name: typeof json.name === 'string' ? json.name : `page${i + 1}`, parents: [] };
    out.pages.push(page);
    visit(childElements(json), [page]);
  });
  return out;
}

/** The value of a choice, row or column item as survey-core reads it: `"v|text"`, `{ value }` or a bare value. */
export function itemValue(item: unknown): unknown {
  if (isPlainObject(item)) return item.value;
  if (typeof item === 'string') {
    // survey-core splits "value|text" on the first unescaped '|'.
    const at = item.indexOf('|');
    return at > -1 && item[at - 1] !== '\\' ? item.slice(0, at) : item;
  }
  return item;
}

export function itemList(list: unknown): Json[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => (isPlainObject(item) ? item : { value: itemValue(item) }));
}
