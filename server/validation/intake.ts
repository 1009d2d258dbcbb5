import { IssueList } from './issues.ts';
import { checkShape, type QuestionShape } from './shape.ts';
import { isEmpty, isPlainObject, show, withoutEmptyMembers } from './values.ts';

/**
 * The first stage of both paths, which needs no survey logic: every key must name an answerable
 * question (or its comment), and every value must have that question's shape. Values that fail
 * here are kept away from the survey's logic altogether, so that a malformed answer cannot change
 * what else is shown or required; and the question is not checked again later.
 */
export interface Intake {
  issues: IssueList;
  /** Well-formed answers by question name, empty members removed. */
  values: Record<string, unknown>;
  /** Comment texts by question name. */
  comments: Record<string, string>;
}

export interface IntakeSchema {
  shapes: ReadonlyMap<string, QuestionShape>;
  /** Keys the server computes itself (calculated values in the result, matrix totals): ignored. */
  ignored: ReadonlySet<string>;
  commentSuffix: string;
}

export function intake(schema: IntakeSchema, data: Record<string, unknown>): Intake {
  const issues = new IssueList();
  const values: Record<string, unknown> = {};
  const comments: Record<string, string> = {};
  for (const key of Object.keys(data)) {
    const value = withoutEmptyMembers(data[key]);
    if (isEmpty(value)) continue;
    const shape = schema.shapes.get(key);
    if (shape) {
      if (shape.spec.kind === 'computed') continue;
      const found = checkShape(shape.spec, value);
      if (found) issues.add(key, found.code, found.message);
      else values[key] = value;
      continue;
    }
    if (schema.ignored.has(key)) continue;
    if (key.endsWith(schema.commentSuffix)) {
      const base = key.slice(0, -schema.commentSuffix.length);
      const owner = schema.shapes.get(base);
      if (owner?.comment) {
        if (typeof value === 'string') comments[base] = value;
        else issues.add(base, 'wrong_type', `comment: expected text, got ${show(value)}`);
        continue;
      }
    }
    issues.add(key, 'unknown_question', `'${key}' is not a question of this survey`);
  }
  // A comment that describes "other" means nothing when "other" is not picked.
  for (const name of Object.keys(comments)) {
    const shape = schema.shapes.get(name)!;
    if (shape.comment !== 'other' || issues.failed.has(name)) continue;
    const other = shape.spec.kind === 'single' || shape.spec.kind === 'multi' ? shape.spec.other : null;
    const value = values[name];
    const picked = Array.isArray(value) ? value.includes(other) : value === other;
    if (!picked) issues.add(name, 'invalid_value', "a comment is given but 'other' is not picked");
  }
  return { issues, values, comments };
}

export function notAnObject(data: unknown): boolean {
  return !isPlainObject(data);
}
