import type { Question } from 'survey-core';
import type { CommentUse, QuestionShape, ValueSpec } from './shape.ts';
import { isScalar, type Scalar } from './values.ts';

/**
 * Reads a question's value shape from survey-core's own question object, so that aliases
 * (`hasOther`/`showOtherItem`), "value|text" items, generated choices (`choicesMin`/`choicesMax`),
 * rating scales and default cell types mean exactly what they mean to survey-core.
 * Both paths use this on a model with no answers; the dynamic parts (visible choices, logic)
 * are where they differ.
 */

// survey-core's objects are typed loosely for these members; read them through one narrow view.
type Q = Record<string, any>;

/** Question types that hold no answer: their names are not valid answer keys. */
export const NO_VALUE_TYPES = new Set(['html', 'image']);

const itemValues = (items: unknown): Scalar[] =>
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

export function valueSpecOf(q: Q): ValueSpec {
  const type = q.getType();
  const other = q.showOtherItem && q.otherItem ? (q.otherItem.value as Scalar) : null;
  switch (type) {
    case 'radiogroup':
    case 'dropdown':
    case 'buttongroup':
      return { kind: 'single', choices: [...choiceUniverse(q), ...exclusiveValues(q)], other };
    case 'imagepicker':
      return q.multiSelect
        ? { kind: 'multi', choices: choiceUniverse(q), other: null, exclusive: [], maxSelected: 0 }
        : { kind: 'single', choices: choiceUniverse(q), other: null };
    case 'checkbox':
    case 'tagbox':
      return { kind: 'multi', choices: choiceUniverse(q), other, exclusive: exclusiveValues(q), maxSelected: Number(q.maxSelectedChoices) || 0 };
    case 'ranking':
      return { kind: 'ranking', choices: choiceUniverse(q) };
    case 'text':
      return { kind: 'text', numeric: TEXT_NUMERIC_TYPES.has(q.inputType) || storesNumber(q), maxLength: storesNumber(q) ? 0 : Number(q.getMaxLength()) || 0 };
    case 'comment':
      return { kind: 'text', numeric: false, maxLength: Number(q.getMaxLength()) || 0 };
    case 'boolean':
      return { kind: 'boolean', valueTrue: q.getValueTrue(), valueFalse: q.getValueFalse() };
    case 'rating':
      return { kind: 'rating', values: itemValues(q.visibleRateValues) };
    case 'slider':
      return { kind: 'slider', min: Number(q.min), max: Number(q.max), range: q.sliderType === 'range' };
    case 'matrix':
      return { kind: 'matrix', rows: itemValues(q.rows).map(String), columns: itemValues(q.columns) };
    case 'matrixdropdown': {
      const columns = new Map<string, ValueSpec>();
      for (const [name, cell] of cellQuestions(q)) {
        columns.set(name, cell.getType() === 'expression' ? { kind: 'computed' } : valueSpecOf(cell));
      }
      return { kind: 'matrixdropdown', rows: itemValues(q.rows).map(String), columns };
    }
    case 'multipletext': {
      const items = new Map<string, ValueSpec>();
      for (const item of q.items as any[]) items.set(item.name, valueSpecOf(item.editor as Q));
      return { kind: 'multipletext', items };
    }
    case 'expression':
      return { kind: 'computed' };
    case 'paneldynamic':
    case 'matrixdynamic':
      return { kind: 'rows' };
    default:
      return { kind: 'any' };
  }
}

export function commentUseOf(q: Q): CommentUse {
  if (q.showCommentArea) return 'area';
  if (q.showOtherItem) return 'other';
  return null;
}

export function shapeOf(q: Question): QuestionShape {
  return { name: q.getValueName(), spec: valueSpecOf(q as unknown as Q), comment: commentUseOf(q as unknown as Q) };
}
