import { afterAll, describe, expect, it } from 'vitest';
import { compileFullSurvey, compileSurvey, type CompiledSurvey, type ValidationCode } from '../../server/validation/index.ts';
import { everyType } from './definitions.ts';

/**
 * Every question type and every kind of fault, through both paths: the fast one and the survey-core
 * reference must each accept valid answers with the right answer rows and name the failing question.
 */

const valid = {
  area: 'other',
  'area-Comment': 'Kuusamo',
  hobbies: ['sport', 'other'],
  'hobbies-Comment': 'kalastus',
  municipality: '564',
  student: true,
  happiness: 4,
  age: 16,
  feedback: 'Hyvä kysely',
  tags: ['a', 'c'],
  services: { health: 5, school: 3 },
  usage: { library: { times: 12, rating: 2, with: ['family', 'friends'] }, pool: { rating: 3 } },
  contact: { city: 'Oulu', zip: '90100' },
  priorities: ['jobs', 'housing', 'transport'],
  ageNextYear: 999, // the client's value is ignored: the server computes 17
  email: 'a@b.fi',
};

const paths: [string, CompiledSurvey][] = [
  ['fast', compileSurvey(everyType)],
  ['full', compileFullSurvey(everyType)],
];
afterAll(() => paths.forEach(([, p]) => p.dispose()));

function failing(survey: CompiledSurvey, data: unknown): string[] {
  const v = survey.validate(data);
  return v.ok ? [] : v.errors.map((e) => `${e.question}:${e.code}`).sort();
}

describe.each(paths)('%s path', (mode, survey) => {
  it(`is the ${mode} path`, () => {
    expect(survey.mode).toBe(mode);
  });

  it('accepts a valid answer to every question type and computes the expression', () => {
    const verdict = survey.validate(valid);
    expect(verdict).toEqual({ ok: true, data: { ...valid, ageNextYear: 17 } });
  });

  it('turns the normalised data into answer rows', () => {
    const verdict = survey.validate(valid);
    if (!verdict.ok) throw new Error('expected a valid answer');
    expect(survey.answerRows(verdict.data)).toEqual([
      { question: 'area', value: 'other', num: null },
      { question: 'area-Comment', value: 'Kuusamo', num: null },
      { question: 'hobbies', value: 'sport', num: null },
      { question: 'hobbies', value: 'other', num: null },
      { question: 'hobbies-Comment', value: 'kalastus', num: null },
      { question: 'municipality', value: '564', num: 564 },
      { question: 'student', value: 'true', num: 1 },
      { question: 'happiness', value: '4', num: 4 },
      { question: 'age', value: '16', num: 16 },
      { question: 'feedback', value: 'Hyvä kysely', num: null },
      { question: 'tags', value: 'a', num: null },
      { question: 'tags', value: 'c', num: null },
      { question: 'services.health', value: '5', num: 5 },
      { question: 'services.school', value: '3', num: 3 },
      { question: 'usage.library.times', value: '12', num: 12 },
      { question: 'usage.library.rating', value: '2', num: 2 },
      { question: 'usage.library.with', value: 'family', num: null },
      { question: 'usage.library.with', value: 'friends', num: null },
      { question: 'usage.pool.rating', value: '3', num: 3 },
      { question: 'contact.city', value: 'Oulu', num: null },
      { question: 'contact.zip', value: '90100', num: null },
      { question: 'priorities', value: 'jobs', num: 1 },
      { question: 'priorities', value: 'housing', num: 2 },
      { question: 'priorities', value: 'transport', num: 3 },
      { question: 'ageNextYear', value: '17', num: 17 },
      { question: 'email', value: 'a@b.fi', num: null },
    ]);
  });

  it('writes false as "false" with num 0', () => {
    const verdict = survey.validate({ ...valid, student: false, email: undefined });
    expect(verdict.ok && survey.answerRows(verdict.data).find((r) => r.question === 'student')).toEqual({ question: 'student', value: 'false', num: 0 });
  });

  it('does not mutate the data it is given', () => {
    const data = structuredClone(valid);
    survey.validate(data);
    expect(data).toEqual(valid);
  });

  it('rejects data that is not an object', () => {
    for (const data of [null, [], 'x', 3]) {
      expect(survey.validate(data)).toEqual({ ok: false, errors: [{ question: '', code: 'wrong_type', message: expect.any(String) }] });
    }
  });

  const faults: [string, Record<string, unknown>, string[]][] = [
    ['an unknown question', { nosuch: 1 }, ['nosuch:unknown_question']],
    ['a wrong type', { age: '16' }, ['age:wrong_type']],
    ['a choice not in the list', { area: 'west' }, ['area:not_a_choice']],
    ['a checkbox pick not in the list', { hobbies: ['sport', 'knitting'] }, ['hobbies:not_a_choice']],
    ['a dropdown value of the wrong type', { municipality: 564 }, ['municipality:not_a_choice']],
    ['a missing required answer', { area: undefined, 'area-Comment': undefined }, ['area:required']],
    ['"other" without its description', { 'area-Comment': undefined }, ['area:required']],
    ['a comment without "other"', { area: 'north' }, ['area:invalid_value']],
    ['too few choices', { hobbies: [] , 'hobbies-Comment': undefined }, ['hobbies:too_few_choices']],
    ['too many choices', { hobbies: ['sport', 'music', 'games', 'other'] }, ['hobbies:too_many_choices']],
    ['"none" with other picks', { hobbies: ['none', 'sport'], 'hobbies-Comment': undefined }, ['hobbies:invalid_value']],
    ['a number below the minimum', { age: 11 }, ['age:out_of_range']],
    ['a number above the maximum', { age: 121 }, ['age:out_of_range']],
    ['a rating off the scale', { happiness: 6 }, ['happiness:out_of_range']],
    ['a text over maxLength', { feedback: 'x'.repeat(201) }, ['feedback:too_long']],
    ['a boolean given as text', { student: 'yes', email: undefined }, ['student:wrong_type']],
    ['a matrix row that does not exist', { services: { health: 1, school: 2, roads: 3 } }, ['services:not_a_choice']],
    ['a matrix column that does not exist', { services: { health: 9, school: 2 } }, ['services:not_a_choice']],
    ['a matrix row left out', { services: { health: 1 } }, ['services:required']],
    ['a matrix dropdown cell off its list', { usage: { pool: { rating: 7 } } }, ['usage:not_a_choice']],
    ['a matrix dropdown cell failing its validator', { usage: { pool: { times: 400 } } }, ['usage:out_of_range']],
    ['a matrix dropdown column that does not exist', { usage: { pool: { colour: 'x' } } }, ['usage:not_a_choice']],
    ['a missing required multiple-text item', { contact: { zip: '90100' } }, ['contact:required']],
    ['a multiple-text item failing its regex', { contact: { city: 'Oulu', zip: '9010' } }, ['contact:invalid_value']],
    ['a multiple-text item that does not exist', { contact: { city: 'Oulu', street: 'x' } }, ['contact:not_a_choice']],
    ['an incomplete ranking', { priorities: ['jobs'] }, ['priorities:invalid_value']],
    ['a ranking with an unknown item', { priorities: ['jobs', 'housing', 'parks'] }, ['priorities:not_a_choice']],
    ['an invalid e-mail', { email: 'not-mail' }, ['email:invalid_value']],
    ['an answer to a hidden question', { student: false }, ['email:hidden_question']],
  ];

  it.each(faults)('rejects %s, naming the question', (_label, change, expected) => {
    const data: Record<string, unknown> = { ...valid, ...change };
    for (const key of Object.keys(change)) if (change[key] === undefined) delete data[key];
    expect(failing(survey, data)).toEqual(expected);
  });

  it('lists every failing question, not just the first', () => {
    expect(failing(survey, { ...valid, area: 'west', age: 200, happiness: 0, nosuch: true })).toEqual([
      'age:out_of_range', 'area:not_a_choice', 'happiness:out_of_range', 'nosuch:unknown_question',
    ]);
  });

  it('accepts an empty answer to an optional question as no answer', () => {
    const verdict = survey.validate({ ...valid, feedback: '', tags: [], usage: { pool: {} } });
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && 'feedback' in verdict.data).toBe(false);
  });

  it('uses the stable codes', () => {
    const codes: ValidationCode[] = ['unknown_question', 'wrong_type', 'not_a_choice', 'required', 'too_few_choices', 'too_many_choices', 'out_of_range', 'too_long', 'hidden_question', 'invalid_value'];
    const seen = new Set(faults.flatMap(([, , e]) => e.map((x) => x.split(':')[1])));
    expect([...seen].every((c) => codes.includes(c as ValidationCode))).toBe(true);
    expect(seen.size).toBe(codes.length);
  });
});

describe('fallback', () => {
  it('falls back to the full path for dynamic panels and says so', () => {
    const survey = compileSurvey({ elements: [{ type: 'paneldynamic', name: 'kids', templateElements: [{ type: 'text', name: 'age', inputType: 'number' }] }] });
    expect(survey.mode).toBe('full');
    expect(survey.fallbackReason).toContain('paneldynamic');
    const verdict = survey.validate({ kids: [{ age: 4 }, { age: 7 }] });
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && survey.answerRows(verdict.data)).toEqual([
      { question: 'kids.age', value: '4', num: 4 },
      { question: 'kids.age', value: '7', num: 7 },
    ]);
  });

  it('falls back for triggers and custom functions', () => {
    expect(compileSurvey({ triggers: [{ type: 'complete', expression: '{a} = 1' }], elements: [{ type: 'text', name: 'a' }] }).fallbackReason).toContain('triggers');
    expect(compileSurvey({ elements: [{ type: 'text', name: 'a', visibleIf: 'myFunc({b})' }, { type: 'text', name: 'b' }] }).fallbackReason).toContain('myfunc');
  });
});

describe('expression cells and panel expressions', () => {
  const survey = compileSurvey({
    elements: [
      { type: 'matrixdynamic', name: 'm', rowCount: 1, columns: [{ name: 'a', cellType: 'text', inputType: 'number' }, { name: 'double', cellType: 'expression', expression: '{row.a} * 2' }] },
      { type: 'paneldynamic', name: 'p', templateElements: [{ type: 'text', name: 'x', inputType: 'number' }, { type: 'expression', name: 'next', expression: '{panel.x} + 1' }] },
    ],
  });
  afterAll(() => survey.dispose());

  it('are computed by the server: a wrong value sent is replaced, a missing one filled in', () => {
    for (const sent of [{ a: 2, double: 99 }, { a: 2 }, { a: 2, double: 4 }]) {
      expect(survey.validate({ m: [sent] })).toEqual({ ok: true, data: { m: [{ a: 2, double: 4 }] } });
    }
    for (const sent of [{ x: 1, next: 50 }, { x: 1 }]) {
      expect(survey.validate({ p: [sent] })).toEqual({ ok: true, data: { p: [{ x: 1, next: 2 }] } });
    }
  });

  it('still judge the cells that are answers', () => {
    const v = survey.validate({ m: [{ a: 'kaksi', double: 4 }] });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toContainEqual(expect.objectContaining({ question: 'm', code: 'wrong_type' }));
  });
});
