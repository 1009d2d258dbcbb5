/**
 * The validation's types, in a module that imports nothing: the compilers (fast.ts, full.ts) and
 * their helpers use them, and index.ts, which picks a compiler, re-exports them, so that imports run
 * one way, from index.ts down to here.
 */

/** `message` is English and names the problem, e.g. "value 'x' is not one of the choices". */
export interface ValidationIssue {
  question: string;
  code: ValidationCode;
  message: string;
}

export type ValidationCode =
  | 'unknown_question'
  | 'wrong_type'
  | 'not_a_choice'
  | 'required'
  | 'too_few_choices'
  | 'too_many_choices'
  | 'out_of_range'
  | 'too_long'
  | 'hidden_question'
  /** validators (regex, e-mail, expression, text), an incomplete ranking, a comment without "other" */
  | 'invalid_value';

export type Verdict = { ok: true; data: Record<string, unknown> } | { ok: false; errors: ValidationIssue[] };

export interface AnswerRow {
  question: string;
  value: string;
  num: number | null;
}

export interface CompiledSurvey {
  readonly mode: 'fast' | 'full';
  readonly fallbackReason: string | null;
  /** `data` must be a plain object; anything else is one issue with question '' and code 'wrong_type'. */
  validate(data: unknown): Verdict;
  /** Rows for the `answers` table from the normalised data of a successful `validate`. */
  answerRows(data: Record<string, unknown>): AnswerRow[];
  dispose(): void;
}
