import type { Question } from 'survey-core';
import { QUESTION_KINDS, valueSpecOf } from '../questions/kinds.ts';
import type { Q } from '../questions/reading.ts';
import type { CommentUse, QuestionShape } from './shape.ts';

/**
 * Reads a question's value shape from survey-core's own question object, through its entry in the
 * question kinds (server/questions/kinds.ts), so that aliases (`hasOther`/`showOtherItem`),
 * "value|text" items, generated choices (`choicesMin`/`choicesMax`), rating scales and default cell
 * types mean exactly what they mean to survey-core. Both paths use this on a model with no answers;
 * the dynamic parts (visible choices, logic) are where they differ.
 */

/** Question types that hold no answer: their names are not valid answer keys. */
export const NO_VALUE_TYPES: ReadonlySet<string> = new Set(QUESTION_KINDS.filter((k) => !k.holdsAnswer).map((k) => k.type));

export function commentUseOf(q: Q): CommentUse {
  if (q.showCommentArea) return 'area';
  if (q.showOtherItem) return 'other';
  return null;
}

export function shapeOf(q: Question): QuestionShape {
  return { name: q.getValueName(), spec: valueSpecOf(q as unknown as Q), comment: commentUseOf(q as unknown as Q) };
}
