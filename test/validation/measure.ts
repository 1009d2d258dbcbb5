/**
 * Not a test: `npx tsx test/validation/measure.ts` prints µs per response for the fast and the full
 * path on the seed-like survey, over a fixed sample of generated answers (valid and invalid).
 */
import fc from 'fast-check';
import { compileFullSurvey, compileSurvey } from '../../server/validation/index.ts';
import { CAREFUL, MIXED, answers, schemaOf } from './answer-generator.ts';
import { wellbeing } from './definitions.ts';

const schema = schemaOf(wellbeing);
const sample = [
  ...fc.sample(answers(schema, CAREFUL), { numRuns: 100, seed: 7 }),
  ...fc.sample(answers(schema, MIXED), { numRuns: 100, seed: 8 }),
];
const questions = schema.shapes.length;
/** A complete, valid answer such as a respondent's browser sends. */
const typical: Record<string, unknown> = {
  municipality: '564', gender: 'female', age: 34, role: 'working', children: true, childCount: 2, household: 'family',
  lifeSatisfaction: 8, health: 4, feelings: { lonely: 2, safe: 4, stressed: 3, hopeful: 4 }, worries: ['money', 'climate'],
  worriesMore: 'Asuminen on kallista', needHelp: true, helpFrom: ['family', 'online'], helpWhy: 'Nopeaa', sleep: '7-8', exercise: 3,
  serviceUse: { 'health centre': { used: true, grade: 8, visits: 3 }, library: { used: true, grade: 9, visits: 20 } },
  digital: ['omakanta', 'app'], distance: '1-5 km', transport: 'other', 'transport-Comment': 'potkulauta',
  changeAreas: ['housing', 'transport', 'health'], changeOrder: ['health', 'housing', 'transport'], changeWhy: 'Bussit kulkevat harvoin',
  ideas: { first: 'Lisää vuoroja', second: 'Kevyen liikenteen väylät' }, wantsContact: true, contactEmail: 'a@b.fi', phone: '040 1234567',
  topics: ['a', 'c'],
};

function time(label: string, run: (d: Record<string, unknown>) => unknown, rounds: number): number {
  for (const d of sample.slice(0, 20)) run(d); // warm up
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const d of sample) run(d);
  const us = ((performance.now() - start) * 1000) / (rounds * sample.length);
  console.log(`${label.padEnd(6)} ${us.toFixed(1).padStart(9)} µs/response  (${rounds * sample.length} responses)`);
  return us;
}

const fast = compileSurvey(wellbeing);
const full = compileFullSurvey(wellbeing);
console.log(`survey: ${questions} answerable questions, fast path: ${fast.mode}`);
const f = time('fast', (d) => fast.validate(d), 50);
const s = time('full', (d) => full.validate(d), 1);
const ok = sample.filter((d) => fast.validate(d).ok).length;
if (!fast.validate(typical).ok) throw new Error(JSON.stringify(fast.validate(typical)));
const single = [typical];
const timeOne = (label: string, run: () => unknown, n: number) => {
  for (let i = 0; i < Math.min(n, 20); i++) run();
  const start = performance.now();
  for (let i = 0; i < n; i++) run();
  console.log(`${label.padEnd(14)} ${(((performance.now() - start) * 1000) / n).toFixed(1).padStart(9)} µs/response`);
};
timeOne('fast, valid', () => fast.validate(single[0]), 20000);
timeOne('full, valid', () => full.validate(single[0]), 30);
console.log(`ratio full/fast: ${(s / f).toFixed(0)}x; ${ok}/${sample.length} sample answers valid`);
