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
import type { CompiledSurvey } from './types.ts';

export { checkDefinition } from './definition-check.ts';
export type { AnswerRow, CompiledSurvey, ValidationCode, ValidationIssue, Verdict } from './types.ts';

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
