import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFullSurvey, compileSurvey, type CompiledSurvey } from '../../server/validation/index.ts';
import { CAREFUL, MIXED, answers, schemaOf, type Mix } from './answer-generator.ts';
import { corpus } from './corpus.ts';
import { everyType, wellbeing } from './definitions.ts';
import { compare, repaired, summary } from './differential-support.ts';
import { featureForms } from './corpus.ts';
import { agrees, surveyCoreVerdict } from './survey-core-walk.ts';

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
    it(`${file}: mixed answers`, () => runDifferential(file, definition, MIXED, 1), 120_000);
    it(`${file}: careful answers`, () => runDifferential(file, definition, CAREFUL, 2), 120_000);
    totals.surveys++;
  }
  for (const [name, definition] of [['every question type', everyType], ['wellbeing survey', wellbeing]] as const) {
    it(`${name}: mixed answers`, () => runDifferential(name, definition, MIXED, 3), 120_000);
    it(`${name}: careful answers`, () => runDifferential(name, definition, CAREFUL, 4), 120_000);
  }

  it('most corpus forms stay on the fast path', () => {
    const fastCount = corpus().filter(({ definition }) => compileSurvey(definition).mode === 'fast').length;
    expect(fastCount).toBe(16 - Object.keys(EXPECTED_FALLBACK).length);
  });

  afterAll(() => {
    console.log(`differential: ${totals.cases} answers compared (${totals.valid} valid) over ${totals.surveys + 2} surveys`);
  });
});

/**
 * Forms written for this test that use what the fast path leaves to survey-core or that survey-core
 * computes (complete triggers, completedHtmlOnCondition paths, dynamic matrices with totals and a
 * row limit, dynamic panels with a limit and per-panel logic, calculated values and expressions):
 * whichever path the server compiles them to must reach survey-core's own verdict, as a respondent
 * walking the form page by page gets it (survey-core-walk.ts), and store what survey-core keeps.
 * Forms the fast path takes are also held to the full path, as above.
 */
const FEATURE_PATH: Record<string, 'fast' | 'full'> = {
  'event-feedback.json': 'fast',
  'family-members.json': 'full',
  'household-costs.json': 'full',
  'screening.json': 'full',
  'wellbeing-score.json': 'fast',
};
/** Answers with nothing malformed (those are the shape check's, held to the full path above): omissions and logic. */
const ANSWERED: Mix = { absent: 3, good: 8, fault: 0 };
const walkTotals = { cases: 0, valid: 0, surveys: 0 };

function runAgainstSurveyCore(definition: object, mix: Mix, seed: number): void {
  const server = compileSurvey(definition);
  let cases = 0;
  let valid = 0;
  const property = fc.property(answers(schemaOf(definition), mix), (generated) => {
    for (let data: Record<string, unknown> | null = generated, round = 0; data && round < 3; round++) {
      const verdict = server.validate(data);
      const walk = surveyCoreVerdict(definition, data);
      cases++;
      if (walk.ok) valid++;
      expect(agrees(verdict, walk), `answer ${JSON.stringify(data)}: server ${summary(verdict)}, survey-core ${JSON.stringify(walk)}`).toBe(true);
      data = repaired(data, verdict);
    }
  });
  try {
    fc.assert(property, { seed, numRuns: MIN_RUNS });
    fc.assert(property, { seed: seed + 1, numRuns: 5000, interruptAfterTimeLimit: TIME_PER_SURVEY_MS, markInterruptAsFailure: false });
  } finally {
    walkTotals.cases += cases;
    walkTotals.valid += valid;
  }
  expect(cases).toBeGreaterThanOrEqual(MIN_RUNS);
}

describe('the server agrees with survey-core on forms that use more of SurveyJS', () => {
  const forms = featureForms();
  it('has the five forms written for it, each on the path it is meant for', () => {
    expect(forms.map((f) => f.file)).toEqual(Object.keys(FEATURE_PATH));
    for (const { file, definition } of forms) expect(compileSurvey(definition).mode, file).toBe(FEATURE_PATH[file]);
  });
  for (const { file, definition } of forms) {
    it(`${file}: answered with omissions, against survey-core`, () => runAgainstSurveyCore(definition, ANSWERED, 11), 60_000);
    it(`${file}: careful answers, against survey-core`, () => runAgainstSurveyCore(definition, CAREFUL, 12), 60_000);
    if (FEATURE_PATH[file] === 'fast') it(`${file}: mixed answers, fast against full`, () => runDifferential(file, definition, MIXED, 13), 120_000);
    walkTotals.surveys++;
  }
  afterAll(() => {
    console.log(`differential against survey-core: ${walkTotals.cases} answers agreeing (${walkTotals.valid} accepted) over ${walkTotals.surveys} forms`);
  });
});
