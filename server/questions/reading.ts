import type { LocalizedText } from '../surveys/envelope.ts';
import { isScalar, type Scalar } from '../validation/values.ts';

/**
 * Reading survey-core's question objects, for the question kinds: their choices, scales, cells and
 * texts as survey-core itself resolves them (aliases such as `hasOther`/`showOtherItem`, "value|text"
 * items, generated scales, default cell types).
 */

// survey-core's objects are typed loosely for these members; read them through one narrow view.
export type Q = Record<string, any>;

export const itemValues = (items: unknown): Scalar[] =>
  Array.isArray(items) ? items.map((i: any) => i?.value).filter(isScalar) : [];

/**
 * The question each column's cells really are. A column's `templateQuestion` keeps the cell type
 * it had when the column was loaded, so a matrix-level `cellType` that follows `columns` in the
 * JSON leaves it stale; the cells of a row are built with the type survey-core actually uses.
 */
export function cellQuestions(matrix: Q): Map<string, Q> {
  const out = new Map<string, Q>();
  const row = (matrix.visibleRows as Q[] | undefined)?.[0];
  for (const column of matrix.columns as Q[]) {
    const cell = row ? (row.cells as Q[]).find((c) => c.column === column) : undefined;
    out.set(column.name, (cell?.question ?? column.templateQuestion) as Q);
  }
  return out;
}

/** Numeric and currency masks store the number itself unless told to save the masked text. */
export function storesNumber(q: Q): boolean {
  return (q.maskType === 'numeric' || q.maskType === 'currency') && !q.maskSettings?.saveMaskedValue;
}

/** Text input types whose answer is a number. */
export const TEXT_NUMERIC_TYPES = new Set(['number', 'range']);

/** Every value the question's choices can ever have: its own, the source question's, generated ones. */
export function choiceUniverse(q: Q): Scalar[] {
  const values = new Set<Scalar>([...itemValues(q.choices), ...itemValues(q.visibleChoices)]);
  const survey = q.survey as any;
  if (q.choicesFromQuestion && survey) {
    const source = survey.getQuestionByName(q.choicesFromQuestion) as Q | null;
    if (source) for (const v of choiceUniverse(source)) values.add(v);
  }
  for (const [flag, item] of [['showNoneItem', 'noneItem'], ['showRefuseItem', 'refuseItem'], ['showDontKnowItem', 'dontKnowItem']] as const) {
    if (q[flag] && q[item]) values.delete(q[item].value);
  }
  if (q.showOtherItem && q.otherItem) values.delete(q.otherItem.value);
  if (q.selectAllItem) values.delete(q.selectAllItem.value);
  return [...values];
}

/** The none-like items: exclusive in a multi-select, and a valid single answer. */
export function exclusiveValues(q: Q): Scalar[] {
  const out: Scalar[] = [];
  if (q.showNoneItem && q.noneItem) out.push(q.noneItem.value);
  if (q.showRefuseItem && q.refuseItem) out.push(q.refuseItem.value);
  if (q.showDontKnowItem && q.dontKnowItem) out.push(q.dontKnowItem.value);
  return out;
}

/** A localizable string's JSON (`"text"` or `{ default, sv, … }`), or the fallback when it is empty. */
export function localized(loc: Q | undefined, fallback: string): LocalizedText {
  const json = loc?.getJson?.() as LocalizedText | null | undefined;
  if (json === null || json === undefined || json === '' || (typeof json === 'object' && Object.keys(json).length === 0)) return fallback;
  return json;
}

/** The items a results table lists for a choice question: its own, a source question's, then the special items. */
export function choiceItems(q: Q): Q[] {
  const items: Q[] = [...(q.choices ?? [])];
  if (q.choicesFromQuestion && q.survey) {
    const source = q.survey.getQuestionByName(q.choicesFromQuestion) as Q | null;
    if (source) items.push(...(source.choices ?? []));
  }
  for (const [flag, item] of [['showNoneItem', 'noneItem'], ['showRefuseItem', 'refuseItem'], ['showDontKnowItem', 'dontKnowItem'], ['showOtherItem', 'otherItem']] as const) {
    if (q[flag] && q[item]) items.push(q[item]);
  }
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(String(i.value)) ? false : (seen.add(String(i.value)), true)));
}
