import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFullSurvey, compileSurvey, type CompiledSurvey } from '../../server/validation/index.ts';
import { CAREFUL, MIXED, answers, schemaOf, type Mix } from './answer-generator.ts';
import { corpus } from './corpus.ts';
import { everyType, wellbeing } from './definitions.ts';
import { compare, repaired } from './differential-support.ts';

/**
 * The fast path must reach the same verdict as the full survey-core path on every answer: the
 * same ok/not ok, the same failing questions with the same codes, and the same normalised data.
 * Each generated answer is checked, then again with the rejected answers removed (a near-valid
 * answer, often a valid one), up to three rounds. Runs are bounded by time per survey so that
 * the file stays under a minute on a busy two-core machine; counts are printed at the end.
 */

/** Corpus forms that use a feature the fast path leaves to survey-core, and that feature. */
const EXPECTED_FALLBACK: Record<string, string> = {
  'surveyjs__survey-library__docs_llms_survey-json-authoring__fence43.json': 'paneldynamic',
  'surveyjs__survey-library__e2e_conditionsAndTriggers_completeTrigger.spec.json': 'triggers',
  'surveyjs__survey-library__e2e_conditionsAndTriggers_setValueTrigger.spec.json': 'triggers',
  'surveyjs__survey-library__e2e_conditionsAndTriggers_visibleTrigger.spec.json': 'triggers',
  'surveyjs__survey-library__e2e_questions_comment.spec__obj2.json': 'matrixdynamic',
  'surveyjs__survey-library__e2e_questions_paneldynamic.spec.json': 'paneldynamic',
  'surveyjs__surveyjs-howtos-and-troubleshooting__categories_expressions-and-triggers_validate-value-count-across-dynamic-panels__fence2.json': 'paneldynamic',
};

const TIME_PER_SURVEY_MS = 4000;
const MIN_RUNS = 10;
const totals = { cases: 0, valid: 0, surveys: 0 };

function runDifferential(name: string, definition: object, mix: Mix, seed: number): void {
  const fast = compileSurvey(definition);
  const full = compileFullSurvey(definition);
  expect(fast.mode, `${name} should compile to the fast path: ${fast.fallbackReason}`).toBe('fast');
  let cases = 0;
  let valid = 0;
  const property = fc.property(answers(schemaOf(definition), mix), (generated) => {
    for (let data: Record<string, unknown> | null = generated, round = 0; data && round < 3; round++) {
      const r = compare(fast as CompiledSurvey, full, data);
      cases++;
      if (r.verdict.ok) valid++;
      expect(r.fast, `answer ${JSON.stringify(data)}`).toBe(r.full);
      data = repaired(data, r.verdict);
    }
  });
  try {
    // A fixed floor of generated answers however slow the machine, then as many more as the time allows.
    fc.assert(property, { seed, numRuns: MIN_RUNS });
    fc.assert(property, { seed: seed + 1, numRuns: 5000, interruptAfterTimeLimit: TIME_PER_SURVEY_MS, markInterruptAsFailure: false });
  } finally {
    totals.cases += cases;
    totals.valid += valid;
  }
  // A run that compared almost nothing proves nothing.
  expect(cases).toBeGreaterThanOrEqual(MIN_RUNS);
}

describe('fast path agrees with the full survey-core path', () => {
  for (const { file, definition } of corpus()) {
    const reason = EXPECTED_FALLBACK[file];
    if (reason) {
      it(`${file} falls back to the full path because it uses ${reason}`, () => {
        const compiled = compileSurvey(definition);
        expect(compiled.mode).toBe('full');
        expect(compiled.fallbackReason).toContain(reason);
      });
      continue;
    }
    it(`${file}: mixed answers`, () => runDifferential(file, definition, MIXED, 1), 30_000);
    it(`${file}: careful answers`, () => runDifferential(file, definition, CAREFUL, 2), 30_000);
    totals.surveys++;
  }
  for (const [name, definition] of [['every question type', everyType], ['wellbeing survey', wellbeing]] as const) {
    it(`${name}: mixed answers`, () => runDifferential(name, definition, MIXED, 3), 30_000);
    it(`${name}: careful answers`, () => runDifferential(name, definition, CAREFUL, 4), 30_000);
  }

  it('most corpus forms stay on the fast path', () => {
    const fastCount = corpus().filter(({ definition }) => compileSurvey(definition).mode === 'fast').length;
    expect(fastCount).toBe(16 - Object.keys(EXPECTED_FALLBACK).length);
  });

  afterAll(() => {
    console.log(`differential: ${totals.cases} answers compared (${totals.valid} valid) over ${totals.surveys + 2} surveys`);
  });
});
