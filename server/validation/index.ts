/**
 * Server-side validation of survey answers against the exact definition they answered.
 *
 * `compileSurvey` compiles a definition once into a fast validator (plain JS plus survey-core's
 * expression engine) and falls back to the full survey-core path for features it does not
 * reproduce; `compileFullSurvey` is that full path, the reference the fast one is tested against.
 */
import { FastSurvey } from './fast.ts';
import { FullSurvey } from './full.ts';
import { Unsupported } from './fast-compile.ts';

export { checkDefinition } from './definition-check.ts';

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

/** Fast where the definition's features are covered, else the full path (see `fallbackReason`). */
export function compileSurvey(definition: object): CompiledSurvey {
  try {
    return FastSurvey.compile(definition);
  } catch (err) {
    if (err instanceof Unsupported) return new FullSurvey(definition, err.message);
    throw err;
  }
}

/** The reference: survey-core's `Model` for every response. */
export function compileFullSurvey(definition: object): CompiledSurvey {
  return new FullSurvey(definition);
}
