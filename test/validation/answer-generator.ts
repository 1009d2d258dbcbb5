import fc from 'fast-check';
import { Model, type Question } from 'survey-core';
import { NO_VALUE_TYPES, shapeOf } from '../../server/validation/question-shape.ts';
import type { QuestionShape, ValueSpec } from '../../server/validation/shape.ts';

/**
 * Random answers derived from a definition: mostly well-formed picks from the question's own
 * choices, rows and items, with a share of the faults a client or an importer can produce
 * (wrong types, values off the list, too many picks, unknown names, stray comments, answers to
 * questions the logic hides — the last come for free, since every question may get a value).
 */

const junk = fc.oneof(
  fc.constant('zz'), fc.constant(42), fc.constant(true), fc.constant(['x']), fc.constant({ a: 1 }), fc.constant(-1), fc.constant('  '),
);

const text = fc.oneof(
  fc.constantFrom('Oulu', 'kaikki hyvin', 'a@b.fi', 'not-an-email', '12345', '0401234567', 'x'.repeat(25), 'å'),
  fc.string({ maxLength: 12 }),
);

/** Texts that tend to pass the validators real forms use (e-mail, length, digits, phone). */
const passingText = fc.constantFrom('a@b.fi', 'My first computer was a Commodore', '12345', '040 1234567', 'Oulu');

function valid(spec: ValueSpec, careful = false): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'single': {
      const options = [...spec.choices, ...(spec.other !== null ? [spec.other] : [])];
      return options.length ? fc.constantFrom(...options) : junk;
    }
    case 'multi': {
      const options = [...spec.choices, ...(spec.other !== null ? [spec.other] : [])];
      const picks = fc.shuffledSubarray(options, { minLength: 1, maxLength: Math.max(1, spec.maxSelected || options.length) });
      return spec.exclusive.length ? fc.oneof({ weight: 5, arbitrary: picks }, { weight: 1, arbitrary: fc.constantFrom(...spec.exclusive).map((v) => [v]) }) : picks;
    }
    case 'ranking':
      return fc.oneof({ weight: 4, arbitrary: fc.shuffledSubarray(spec.choices, { minLength: spec.choices.length }) }, { weight: 1, arbitrary: fc.shuffledSubarray(spec.choices, { minLength: 1 }) });
    case 'text':
      if (careful) return spec.numeric ? fc.integer({ min: 12, max: 100 }) : passingText;
      return spec.numeric ? fc.oneof(fc.integer({ min: -5, max: 130 }), fc.integer({ min: 0, max: 20000 }), fc.double({ min: 0, max: 20, noNaN: true })) : text;
    case 'boolean':
      return fc.constantFrom(spec.valueTrue, spec.valueFalse);
    case 'rating':
      return spec.values.length ? fc.constantFrom(...spec.values) : junk;
    case 'slider':
      return spec.range ? fc.tuple(fc.integer({ min: spec.min, max: spec.max }), fc.integer({ min: spec.min, max: spec.max })) : fc.integer({ min: spec.min, max: spec.max });
    case 'matrix':
      return spec.columns.length
        ? fc.shuffledSubarray(spec.rows, { minLength: careful ? spec.rows.length : 1 }).chain((rows) => fc.tuple(...rows.map(() => fc.constantFrom(...spec.columns))).map((cols) => Object.fromEntries(rows.map((r, i) => [r, cols[i]]))))
        : fc.constant({});
    case 'matrixdropdown': {
      const columns = [...spec.columns.entries()].filter(([, s]) => s.kind !== 'computed');
      const row = fc.shuffledSubarray(columns, { minLength: careful ? columns.length : 1 }).chain((cols) => fc.tuple(...cols.map(([, s]) => valid(s, careful))).map((vs) => Object.fromEntries(cols.map(([c], i) => [c, vs[i]]))));
      return fc.shuffledSubarray(spec.rows, { minLength: careful ? spec.rows.length : 1 }).chain((rows) => fc.tuple(...rows.map(() => row)).map((vs) => Object.fromEntries(rows.map((r, i) => [r, vs[i]]))));
    }
    case 'multipletext': {
      const items = [...spec.items.entries()];
      return fc.shuffledSubarray(items, { minLength: careful ? items.length : 1 }).chain((picked) => fc.tuple(...picked.map(([, s]) => valid(s, careful))).map((vs) => Object.fromEntries(picked.map(([n], i) => [n, vs[i]]))));
    }
    case 'rows': {
      const inner = [...spec.inner.entries()].filter(([, s]) => s.kind !== 'computed' && s.kind !== 'any' && s.kind !== 'rows');
      const entry = inner.length
        ? fc.shuffledSubarray(inner, { minLength: careful ? inner.length : 1 }).chain((picked) => fc.tuple(...picked.map(([, s]) => valid(s, careful))).map((vs) => Object.fromEntries(picked.map(([n], i) => [n, vs[i]]))))
        : fc.constant({});
      const most = Math.min(spec.max > 0 ? spec.max : 3, 3);
      return fc.array(entry, { minLength: 1, maxLength: most });
    }
    default:
      return fc.constant(undefined);
  }
}

function broken(spec: ValueSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'multi':
      return fc.oneof(junk, fc.constant([...spec.choices, ...spec.exclusive]), valid(spec).map((v) => [...(v as unknown[]), 'zz']));
    case 'matrix':
      return fc.oneof(junk, fc.constant({ [spec.rows[0] ?? 'r']: 'zz' }), fc.constant({ nosuchrow: spec.columns[0] ?? 1 }));
    case 'matrixdropdown':
      return fc.oneof(junk, fc.constant({ [spec.rows[0] ?? 'r']: { nosuchcolumn: 1 } }), fc.constant({ [spec.rows[0] ?? 'r']: 'x' }));
    case 'rating':
      return fc.oneof(junk, fc.constant(99), fc.constant(0));
    case 'rows':
      // One entry past the limit, or an entry with a member the question does not have.
      return fc.oneof(junk, valid(spec).map((v) => [...(v as unknown[]), ...Array.from({ length: spec.max > 0 && spec.max < 10 ? spec.max : 1 }, () => ({}))]), fc.constant([{ nosuchmember: 'x' }]));
    case 'text':
      return spec.numeric ? fc.oneof(junk, fc.constant('12')) : fc.oneof(junk, fc.constant('y'.repeat(spec.maxLength + 1 || 2000)));
    default:
      return junk;
  }
}

export interface GenSchema {
  shapes: QuestionShape[];
}

export function schemaOf(definition: object): GenSchema {
  const model = new Model(definition);
  try {
    const shapes = (model.getAllQuestions(false, false, false) as Question[])
      .filter((q) => !NO_VALUE_TYPES.has(q.getType()))
      .map(shapeOf);
    return { shapes };
  } finally {
    model.dispose();
  }
}

/** An answer object for the survey: each question absent, well-formed or broken. */
export interface Mix {
  /** Relative weights of a question being left out, answered well, answered badly. */
  absent: number;
  good: number;
  fault: number;
}

export const MIXED: Mix = { absent: 6, good: 8, fault: 1 };
/** Nearly every question answered well: most verdicts then turn on the survey's logic. */
export const CAREFUL: Mix = { absent: 1, good: 12, fault: 0 };

export function answers(schema: GenSchema, mix: Mix = MIXED): fc.Arbitrary<Record<string, unknown>> {
  const faultWeight = mix.fault;
  const parts = schema.shapes.map((shape) => {
    const value = fc.oneof(
      { weight: mix.absent, arbitrary: fc.constant(undefined) },
      { weight: mix.good, arbitrary: valid(shape.spec, mix.fault === 0) },
      { weight: faultWeight, arbitrary: broken(shape.spec) },
    );
    const comment = shape.comment
      ? fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: mix.fault === 0 ? passingText : text }, { weight: faultWeight, arbitrary: junk })
      : fc.constant(undefined);
    return fc.tuple(value, comment).map(([v, c]) => ({ name: shape.name, v, c }));
  });
  const extra = fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: faultWeight, arbitrary: fc.constantFrom('nosuchquestion', 'Q1', '__proto__x') });
  return fc.tuple(fc.tuple(...parts), extra).map(([list, extraKey]) => {
    const data: Record<string, unknown> = {};
    for (const { name, v, c } of list) {
      if (v !== undefined) data[name] = v;
      if (c !== undefined) data[`${name}-Comment`] = c;
    }
    if (extraKey) data[extraKey] = 'x';
    return data;
  });
}
