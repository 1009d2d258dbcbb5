import { problem, type Problem } from './issues.ts';
import { settings } from 'survey-core';
import { isPlainObject, isScalar, show, type Scalar } from './values.ts';

// Inside a dynamic panel's or matrix's entries, comments are keyed by the library's suffix.
const COMMENT_SUFFIX = settings.commentSuffix;

/**
 * What a question's value may look like, whatever the survey's logic says: the type, the choices
 * that exist at all, rows, columns and limits that do not depend on other answers. Both paths
 * check values against this; they differ in how they derive it (the fast path from the JSON, the
 * full path from survey-core's question objects), which is what the differential test compares.
 * Choices listed here are the union of every choice the question can ever show.
 */
export type ValueSpec =
  | { kind: 'single'; choices: Scalar[]; other: Scalar | null }
  | { kind: 'multi'; choices: Scalar[]; other: Scalar | null; exclusive: Scalar[]; maxSelected: number }
  | { kind: 'ranking'; choices: Scalar[] }
  | { kind: 'text'; numeric: boolean; maxLength: number }
  | { kind: 'boolean'; valueTrue: unknown; valueFalse: unknown }
  | { kind: 'rating'; values: Scalar[] }
  | { kind: 'slider'; min: number; max: number; range: boolean }
  | { kind: 'matrix'; rows: string[]; columns: Scalar[] }
  | { kind: 'matrixdropdown'; rows: string[]; columns: Map<string, ValueSpec> }
  | { kind: 'multipletext'; items: Map<string, ValueSpec> }
  /**
   * Dynamic panels and matrices (full path only): a list of at most `max` objects (0: no limit),
   * each of inner answers (and `<inner>-Comment` texts for those in `comments`); the logic inside
   * is survey-core's.
   */
  | { kind: 'rows'; entry: 'row' | 'panel'; max: number; inner: Map<string, ValueSpec>; comments: Set<string> }
  /** Types without a shape of ours (file, signature…; full path only): judged by survey-core alone. */
  | { kind: 'any' }
  /** Expression results and totals: computed by the server, never taken from the client. */
  | { kind: 'computed' };

/** How a question uses its `<name>-Comment` key. */
export type CommentUse = 'other' | 'area' | null;

export interface QuestionShape {
  name: string;
  spec: ValueSpec;
  comment: CommentUse;
}

const has = (list: readonly Scalar[], v: unknown): boolean => list.some((x) => x === v);

/** Checks one non-empty value; `where` prefixes messages for nested cells ("row 'r1', column 'a': "). */
export function checkShape(spec: ValueSpec, value: unknown, where = ''): Problem | null {
  switch (spec.kind) {
    case 'single':
      if (!isScalar(value)) return problem('wrong_type', `${where}expected one choice value, got ${show(value)}`);
      if (has(spec.choices, value) || (spec.other !== null && value === spec.other)) return null;
      return problem('not_a_choice', `${where}value ${show(value)} is not one of the choices`);
    case 'multi': {
      if (!Array.isArray(value)) return problem('wrong_type', `${where}expected a list of choice values, got ${show(value)}`);
      const bad = value.find((v) => !isScalar(v));
      if (bad !== undefined) return problem('wrong_type', `${where}${show(bad)} is not a choice value`);
      const unknown = value.find((v) => !has(spec.choices, v) && !has(spec.exclusive, v) && !(spec.other !== null && v === spec.other));
      if (unknown !== undefined) return problem('not_a_choice', `${where}value ${show(unknown)} is not one of the choices`);
      if (new Set(value).size !== value.length) return problem('invalid_value', `${where}a choice is picked more than once`);
      const exclusive = value.find((v) => has(spec.exclusive, v));
      if (exclusive !== undefined && value.length > 1) {
        return problem('invalid_value', `${where}${show(exclusive)} cannot be combined with other choices`);
      }
      if (spec.maxSelected > 0 && value.length > spec.maxSelected) {
        return problem('too_many_choices', `${where}${value.length} choices picked, at most ${spec.maxSelected} allowed`);
      }
      return null;
    }
    case 'ranking': {
      if (!Array.isArray(value) || !value.every(isScalar)) return problem('wrong_type', `${where}expected a list of ranked choice values, got ${show(value)}`);
      const unknown = value.find((v) => !has(spec.choices, v));
      if (unknown !== undefined) return problem('not_a_choice', `${where}value ${show(unknown)} is not one of the choices`);
      if (new Set(value).size !== value.length) return problem('invalid_value', `${where}an item is ranked more than once`);
      return null;
    }
    case 'text':
      if (spec.numeric) {
        return typeof value === 'number' && Number.isFinite(value) ? null : problem('wrong_type', `${where}expected a number, got ${show(value)}`);
      }
      if (typeof value !== 'string') return problem('wrong_type', `${where}expected text, got ${show(value)}`);
      if (spec.maxLength > 0 && value.length > spec.maxLength) {
        return problem('too_long', `${where}text is ${value.length} characters long, at most ${spec.maxLength} allowed`);
      }
      return null;
    case 'boolean':
      if (value === spec.valueTrue || value === spec.valueFalse) return null;
      return problem('wrong_type', `${where}expected ${show(spec.valueTrue)} or ${show(spec.valueFalse)}, got ${show(value)}`);
    case 'rating':
      if (!isScalar(value)) return problem('wrong_type', `${where}expected a rating, got ${show(value)}`);
      if (has(spec.values, value)) return null;
      return typeof value === 'number'
        ? problem('out_of_range', `${where}rating ${value} is not on the scale`)
        : problem('not_a_choice', `${where}value ${show(value)} is not on the scale`);
    case 'slider': {
      const values = spec.range ? value : [value];
      if (!Array.isArray(values) || values.length !== (spec.range ? 2 : 1) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        return problem('wrong_type', `${where}expected ${spec.range ? 'two numbers' : 'a number'}, got ${show(value)}`);
      }
      const out = (values as number[]).find((v) => v < spec.min || v > spec.max);
      return out === undefined ? null : problem('out_of_range', `${where}${out} is outside ${spec.min}..${spec.max}`);
    }
    case 'matrix': {
      if (!isPlainObject(value)) return problem('wrong_type', `${where}expected an object of row answers, got ${show(value)}`);
      for (const row of Object.keys(value)) {
        if (!spec.rows.includes(row)) return problem('not_a_choice', `${where}row '${row}' is not a row of the matrix`);
        const cell = value[row];
        if (!isScalar(cell)) return problem('wrong_type', `${where}row '${row}': expected a column value, got ${show(cell)}`);
        if (!has(spec.columns, cell)) return problem('not_a_choice', `${where}row '${row}': value ${show(cell)} is not one of the columns`);
      }
      return null;
    }
    case 'matrixdropdown': {
      if (!isPlainObject(value)) return problem('wrong_type', `${where}expected an object of rows, got ${show(value)}`);
      for (const row of Object.keys(value)) {
        if (!spec.rows.includes(row)) return problem('not_a_choice', `${where}row '${row}' is not a row of the matrix`);
        const cells = value[row];
        if (!isPlainObject(cells)) return problem('wrong_type', `${where}row '${row}': expected an object of cells, got ${show(cells)}`);
        for (const column of Object.keys(cells)) {
          const cellSpec = spec.columns.get(column);
          if (!cellSpec) return problem('not_a_choice', `${where}row '${row}': '${column}' is not a column of the matrix`);
          if (cellSpec.kind === 'computed') continue;
          const found = checkShape(cellSpec, cells[column], `${where}row '${row}', column '${column}': `);
          if (found) return found;
        }
      }
      return null;
    }
    case 'multipletext': {
      if (!isPlainObject(value)) return problem('wrong_type', `${where}expected an object of item answers, got ${show(value)}`);
      for (const item of Object.keys(value)) {
        const itemSpec = spec.items.get(item);
        if (!itemSpec) return problem('not_a_choice', `${where}'${item}' is not an item of the question`);
        const found = checkShape(itemSpec, value[item], `${where}item '${item}': `);
        if (found) return found;
      }
      return null;
    }
    case 'rows': {
      if (!Array.isArray(value) || !value.every(isPlainObject)) return problem('wrong_type', `${where}expected a list of objects, got ${show(value)}`);
      const plural = spec.entry === 'row' ? 'rows' : 'panels';
      if (spec.max > 0 && value.length > spec.max) return problem('out_of_range', `${where}${value.length} ${plural}, at most ${spec.max} allowed`);
      for (const [i, entry] of (value as Record<string, unknown>[]).entries()) {
        const at = `${where}${spec.entry} ${i + 1}`;
        for (const key of Object.keys(entry)) {
          const member = entry[key];
          if (member === undefined || member === null) continue;
          const innerSpec = spec.inner.get(key);
          if (innerSpec) {
            if (innerSpec.kind === 'computed') continue;
            const found = checkShape(innerSpec, member, `${at}, '${key}': `);
            if (found) return found;
            continue;
          }
          const base = key.endsWith(COMMENT_SUFFIX) ? key.slice(0, -COMMENT_SUFFIX.length) : null;
          if (base !== null && spec.comments.has(base)) {
            if (typeof member !== 'string') return problem('wrong_type', `${at}, '${key}': expected text, got ${show(member)}`);
            continue;
          }
          return problem('not_a_choice', `${at}: '${key}' is not a ${spec.entry === 'row' ? 'column' : 'question'} of it`);
        }
      }
      return null;
    }
    case 'any':
    case 'computed':
      return null;
  }
}
