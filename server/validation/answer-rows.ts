import { Model, settings } from 'survey-core';
import type { RowKind } from '../questions/facets.ts';
import { rowKindOf } from '../questions/kinds.ts';
import type { AnswerRow } from './types.ts';
import { isPlainObject } from './values.ts';

/**
 * Long answer rows for the `answers` table, so that every tally is a `GROUP BY question, value`.
 *
 * One row per answered value, from the normalised data of a successful `validate`; which of these a
 * question gets is its entry's `rows` in server/questions/kinds.ts:
 * - radiogroup, dropdown, single imagepicker: `{ question: name, value: choice }`
 * - checkbox, tagbox, multi imagepicker: one such row per pick
 * - a comment (the "other" text or a comment area): `{ question: "<name>-Comment", value: text }`
 * - boolean: `value` is "true"/"false" (or valueTrue/valueFalse as text), `num` 1 or 0
 * - rating, slider, numeric text, expression: `value` as text and `num` the number
 * - matrix: `{ question: "<name>.<row>", value: column }`
 * - matrixdropdown: `{ question: "<name>.<row>.<column>" }` per cell, a checkbox cell one row per pick
 * - multipletext: `{ question: "<name>.<item>", value: text }`
 * - ranking: `{ question: name, value: item, num: position }`, positions from 1
 * - text and comment: the text
 * - file: `{ question: name, value: file name }` per file (never its contents)
 * - paneldynamic, matrixdynamic: `{ question: "<name>.<inner>" }` for each panel or row,
 *   inner questions following the rules above
 * `num` is the value as a number whenever the value is a number or a numeric choice value
 * ("3"), otherwise null; free text is never parsed into `num`.
 */

export interface RowPlan {
  kinds: Map<string, RowKind>;
  commentSuffix: string;
}

type Any = Record<string, any>;

export function rowPlanOf(definition: object): RowPlan {
  const model = new Model(definition) as unknown as Any;
  try {
    const kinds = new Map<string, RowKind>();
    for (const q of model.getAllQuestions(false, false, false) as Any[]) kinds.set(q.getValueName(), rowKindOf(q));
    return { kinds, commentSuffix: model.commentSuffix || settings.commentSuffix };
  } finally {
    model.dispose();
  }
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

function toNum(value: unknown, parseText: boolean): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (parseText && typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return Number(value);
  return null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function push(rows: AnswerRow[], kind: RowKind, question: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  switch (kind.kind) {
    case 'choice':
      rows.push({ question, value: text(value), num: toNum(value, true) });
      return;
    case 'multi':
      for (const v of Array.isArray(value) ? value : [value]) rows.push({ question, value: text(v), num: toNum(v, true) });
      return;
    case 'boolean':
      rows.push({ question, value: text(value), num: value === kind.valueTrue ? 1 : 0 });
      return;
    case 'ranking':
      (Array.isArray(value) ? value : [value]).forEach((v, i) => rows.push({ question, value: text(v), num: i + 1 }));
      return;
    case 'matrix':
      if (isPlainObject(value)) for (const [row, v] of Object.entries(value)) push(rows, { kind: 'choice' }, `${question}.${row}`, v);
      return;
    case 'items':
      if (isPlainObject(value)) for (const [item, v] of Object.entries(value)) push(rows, { kind: 'text' }, `${question}.${item}`, v);
      return;
    case 'cells':
      if (!isPlainObject(value)) return;
      for (const [row, cells] of Object.entries(value)) {
        if (!isPlainObject(cells)) continue;
        for (const [column, v] of Object.entries(cells)) push(rows, kind.columns.get(column) ?? { kind: 'text' }, `${question}.${row}.${column}`, v);
      }
      return;
    case 'dynamic':
      for (const entry of Array.isArray(value) ? value : []) {
        if (!isPlainObject(entry)) continue;
        for (const [inner, v] of Object.entries(entry)) push(rows, kind.inner.get(inner) ?? { kind: 'text' }, `${question}.${inner}`, v);
      }
      return;
    case 'file':
      for (const file of Array.isArray(value) ? value : [value]) {
        const name = isPlainObject(file) && typeof file.name === 'string' && file.name !== '' ? file.name : null;
        if (name !== null) rows.push({ question, value: name, num: null });
      }
      return;
    case 'text':
      if (Array.isArray(value)) for (const v of value) rows.push({ question, value: text(v), num: toNum(v, false) });
      else rows.push({ question, value: text(value), num: toNum(value, false) });
  }
}

export function answerRowsFor(plan: RowPlan, data: Record<string, unknown>): AnswerRow[] {
  const rows: AnswerRow[] = [];
  for (const [key, value] of Object.entries(data)) {
    const kind = plan.kinds.get(key);
    if (kind) push(rows, kind, key, value);
    else if (key.endsWith(plan.commentSuffix)) push(rows, { kind: 'text' }, key, value);
    else push(rows, { kind: 'text' }, key, value); // calculated values kept in the result
  }
  return rows;
}
