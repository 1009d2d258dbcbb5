import { ConditionsParser, settings } from 'survey-core';
import type { ValueSpec } from '../validation/shape.ts';
import type { Category, QuestionKind, RowKind, Variable, VariableBase } from './facets.ts';
import {
  TEXT_NUMERIC_TYPES,
  cellQuestions,
  choiceItems,
  choiceUniverse,
  exclusiveValues,
  itemValues,
  localized,
  storesNumber,
  type Q,
} from './reading.ts';
import { isScalar, type Scalar } from '../validation/values.ts';
import type { ResultKind } from './result-kinds.ts';

/**
 * The question types Kuulo supports, one entry each: how an answer is checked, stored and analysed.
 * The validator (both paths), the answer rows, the results variables, the data exports and the
 * survey-file check all read these entries; a survey file with a question of any other type is
 * refused by name when it is loaded. Adding a type is one entry here plus its example, which the
 * registry test (test/questions/kinds.test.ts) follows through validation, rows, variables and
 * export columns.
 */

const categoriesOf = (items: Q[] | undefined): Category[] =>
  (items ?? []).map((item) => ({ value: String(item.value), label: localized(item.locText, String(item.value)), nonSubstantive: false }));

const isNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value));

/**
 * A scale is three or more numeric categories ("1 Very dissatisfied" … "5 Very satisfied");
 * its other categories ("can't say", "no cooperation") are left out of means and medians.
 */
function asScale(categories: Category[]): Category[] | null {
  if (categories.filter((c) => isNumber(c.value)).length < 3) return null;
  return categories.map((c) => ({ ...c, nonSubstantive: !isNumber(c.value) }));
}

const one = (base: VariableBase, kind: ResultKind, categories: Category[] = []): Variable[] => [{ ...base, kind, categories }];

const otherOf = (q: Q) => (q.showOtherItem && q.otherItem ? q.otherItem.value : null);

/** Defaults of an entry: a question that holds one answer, handled by both validator paths. */
const answer = {
  holdsAnswer: true,
  fast: true,
  fastCell: false,
  choices: false,
  otherItem: false,
  minSelected: false,
  inner: null,
  columnTotals: false,
  ranksEvery: () => false,
  rowsRequired: () => null,
  textInput: false,
} as const;

const singleChoice = (type: string, example: QuestionKind['example']): QuestionKind => ({
  ...answer,
  type,
  fastCell: true,
  choices: true,
  otherItem: true,
  shape: (q) => ({ kind: 'single', choices: [...choiceUniverse(q), ...exclusiveValues(q)], other: otherOf(q) }),
  rows: () => ({ kind: 'choice' }),
  variables: (q, base) => one(base, 'single', categoriesOf(choiceItems(q))),
  results: ['single'],
  example,
});

const multipleChoice = (type: string, example: QuestionKind['example']): QuestionKind => ({
  ...answer,
  type,
  fastCell: true,
  choices: true,
  otherItem: true,
  minSelected: true,
  shape: (q) => ({ kind: 'multi', choices: choiceUniverse(q), other: otherOf(q), exclusive: exclusiveValues(q), maxSelected: Number(q.maxSelectedChoices) || 0 }),
  rows: () => ({ kind: 'multi' }),
  variables: (q, base) => one(base, 'multi', categoriesOf(choiceItems(q))),
  results: ['multi'],
  example,
});

/** Shows something, holds no answer. */
const display = (type: string, question: Record<string, unknown>): QuestionKind => ({
  ...answer,
  type,
  holdsAnswer: false,
  shape: () => ({ kind: 'any' }),
  rows: () => ({ kind: 'text' }),
  variables: () => [],
  results: [],
  example: { question, answer: undefined },
});

/**
 * A list of panels or rows, each an object of inner answers: judged by survey-core alone. Its own
 * variable is `repeated` (who answered, exported entry by entry); its categories are the inner
 * questions, in form order, so the export knows each entry's columns. Each inner question is a
 * variable of its own besides (entryVariables below).
 */
interface Inner {
  readonly name: string;
  readonly label: Category['label'];
  readonly question: Q;
}
const dynamic = (
  type: string,
  holds: 'panel' | 'cells',
  inner: (q: Q) => Inner[],
  example: QuestionKind['example'],
  /** The inner questions as a row shows them (a column's choices may be the matrix's own): for the variables' categories. */
  shown: (q: Q) => Inner[] = inner,
): QuestionKind => ({
  ...answer,
  type,
  fast: false,
  inner: holds,
  columnTotals: holds === 'cells',
  // The most entries the respondent can add (survey-core hides its add button there), and each
  // entry's inner answers checked like answers to those questions.
  shape: (q) => ({
    kind: 'rows',
    entry: holds === 'cells' ? 'row' : 'panel',
    max: Number(holds === 'cells' ? q.maxRowCount : q.maxPanelCount) || 0,
    inner: new Map(inner(q).map((i) => [i.name, valueSpecOf(i.question)])),
    comments: new Set(inner(q).filter((i) => i.question.showOtherItem || i.question.showCommentArea).map((i) => i.name)),
  }),
  rows: (q) => ({ kind: 'dynamic', inner: new Map(inner(q).map((i) => [i.name, rowKindOf(i.question)])) }),
  variables: (q, base) => [
    ...one(base, 'repeated', inner(q).map((i) => ({ value: i.name, label: i.label, nonSubstantive: false }))),
    ...shown(q).flatMap((i) => entryVariables(i, base, holds === 'cells' ? 'row' : 'panel')),
  ],
  results: ['repeated', 'multi', 'number', 'text'],
  example,
});

/**
 * The variables of one column of a dynamic matrix or one question of a dynamic panel
 * (`<name>.<inner>`, the key of its answer rows), counted per respondent: a choice becomes a
 * multiple choice ("chosen in at least one row", n = respondents who answered it), a number the
 * respondent's total over the rows, a text an open answer. A single choice, a rating, a boolean or
 * a number has one value per entry, so its figures can also be read per row or panel
 * (server/results/entry-figures.ts). Inner questions of other types (a matrix inside a panel) stay
 * in the dynamic question's entry-by-entry export only.
 */
function entryVariables(i: Inner, base: VariableBase, unit: 'row' | 'panel'): Variable[] {
  const key = `${base.key}.${i.name}`;
  return variablesOf(i.question, { ...base, key, subtitle: i.label })
    .filter((v) => v.key === key)
    .flatMap((v): Variable[] => {
      switch (v.kind) {
        case 'single':
        case 'rating':
          return [{ ...v, kind: 'multi', categories: v.categories.map((c) => ({ ...c, nonSubstantive: false })), entries: { unit, perRow: true } }];
        case 'number':
          return [{ ...v, entries: { unit, perRow: true } }];
        case 'multi':
        case 'text':
          return [{ ...v, entries: { unit, perRow: false } }];
        default:
          return [];
      }
    });
}

/**
 * The texts an expression can result in, when every result is a literal (`'young'`, or the
 * branches of nested `iif`s); null when a result is computed (a sum, a variable). Read from
 * survey-core's own parse of the expression.
 */
function literalResults(operand: Q | null): Scalar[] | null {
  if (!operand) return null;
  const type = operand.getType?.();
  if (type === 'const') return isScalar(operand.correctValue) ? [operand.correctValue] : null;
  if (type === 'function' && String(operand.functionName).toLowerCase() === 'iif') {
    const params = operand.paramValues as Q[] | undefined;
    const yes = literalResults(params?.[1] ?? null);
    const no = literalResults(params?.[2] ?? null);
    return yes && no ? [...new Set([...yes, ...no])] : null;
  }
  return null;
}

/**
 * The variable of a computed value (an expression question or a calculated value kept in the
 * result): categories when it can only be one of some texts, so it is counted and charted like a
 * single choice; otherwise a number, summarised like a typed one.
 */
export function computedVariables(expression: unknown, base: VariableBase): Variable[] {
  let literals: Scalar[] | null = null;
  try {
    literals = typeof expression === 'string' && expression.trim() ? literalResults(new ConditionsParser().parseExpression(expression) as Q | null) : null;
  } catch {
    literals = null;
  }
  if (literals && literals.length && literals.some((v) => typeof v === 'string' && !isNumber(v))) {
    return one(base, 'single', literals.map((v) => ({ value: String(v), label: String(v), nonSubstantive: false })));
  }
  return one(base, 'number');
}

export const QUESTION_KINDS: readonly QuestionKind[] = [
  singleChoice('radiogroup', { question: { type: 'radiogroup', name: 'q', choices: ['a', 'b'], showOtherItem: true }, answer: 'a' }),
  singleChoice('dropdown', { question: { type: 'dropdown', name: 'q', choices: [{ value: '564', text: 'Oulu' }, { value: '139', text: 'Ii' }] }, answer: '564' }),
  multipleChoice('checkbox', { question: { type: 'checkbox', name: 'q', choices: ['a', 'b', 'c'], showNoneItem: true }, answer: ['a', 'c'] }),
  multipleChoice('tagbox', { question: { type: 'tagbox', name: 'q', choices: ['a', 'b', 'c'] }, answer: ['b'] }),
  {
    ...answer,
    type: 'imagepicker',
    choices: true,
    shape: (q) =>
      q.multiSelect
        ? { kind: 'multi', choices: choiceUniverse(q), other: null, exclusive: [], maxSelected: 0 }
        : { kind: 'single', choices: choiceUniverse(q), other: null },
    rows: (q) => (q.multiSelect ? { kind: 'multi' } : { kind: 'choice' }),
    variables: (q, base) => one(base, q.multiSelect ? 'multi' : 'single', categoriesOf(choiceItems(q))),
    results: ['single', 'multi'],
    example: { question: { type: 'imagepicker', name: 'q', choices: [{ value: 'lion', imageLink: 'lion.png' }, { value: 'cat', imageLink: 'cat.png' }] }, answer: 'cat' },
  },
  {
    ...answer,
    type: 'boolean',
    fastCell: true,
    shape: (q) => ({ kind: 'boolean', valueTrue: q.getValueTrue(), valueFalse: q.getValueFalse() }),
    rows: (q) => ({ kind: 'boolean', valueTrue: q.getValueTrue() }),
    variables: (q, base) =>
      one(base, 'single', [
        { value: 'true', label: localized(q.locLabelTrue, 'true'), nonSubstantive: false },
        { value: 'false', label: localized(q.locLabelFalse, 'false'), nonSubstantive: false },
      ]),
    results: ['single'],
    example: { question: { type: 'boolean', name: 'q' }, answer: false },
  },
  {
    ...answer,
    type: 'rating',
    fastCell: true,
    shape: (q) => ({ kind: 'rating', values: itemValues(q.visibleRateValues) }),
    rows: () => ({ kind: 'choice' }),
    variables: (q, base) => {
      const categories = categoriesOf(q.visibleRateValues);
      return one(base, 'rating', asScale(categories) ?? categories);
    },
    results: ['rating'],
    example: { question: { type: 'rating', name: 'q', rateMin: 1, rateMax: 5 }, answer: 4 },
  },
  {
    ...answer,
    type: 'slider',
    shape: (q) => ({ kind: 'slider', min: Number(q.min), max: Number(q.max), range: q.sliderType === 'range' }),
    rows: () => ({ kind: 'text' }),
    // One value is a number like a typed one (mean, median, quartiles); a range's two ends belong
    // together, so a range is exported as its two entries (from, to) and not summarised.
    variables: (q, base) => one(base, q.sliderType === 'range' ? 'repeated' : 'number'),
    results: ['number', 'repeated'],
    example: { question: { type: 'slider', name: 'q', min: 0, max: 10 }, answer: 7 },
  },
  {
    ...answer,
    type: 'text',
    fastCell: true,
    textInput: true,
    shape: (q) => ({ kind: 'text', numeric: TEXT_NUMERIC_TYPES.has(q.inputType) || storesNumber(q), maxLength: storesNumber(q) ? 0 : Number(q.getMaxLength()) || 0 }),
    rows: () => ({ kind: 'text' }),
    variables: (q, base) => one(base, TEXT_NUMERIC_TYPES.has(q.inputType) ? 'number' : 'text'),
    results: ['number', 'text'],
    example: { question: { type: 'text', name: 'q', inputType: 'number', min: 0, max: 120 }, answer: 42 },
  },
  {
    ...answer,
    type: 'comment',
    fastCell: true,
    shape: (q) => ({ kind: 'text', numeric: false, maxLength: Number(q.getMaxLength()) || 0 }),
    rows: () => ({ kind: 'text' }),
    variables: (_q, base) => one(base, 'text'),
    results: ['text'],
    example: { question: { type: 'comment', name: 'q', maxLength: 200 }, answer: 'Kirjasto on tärkeä.' },
  },
  {
    ...answer,
    type: 'matrix',
    rowsRequired: (q) => (q.eachRowRequired || q.isAllRowRequired ? itemValues(q.rows).map(String) : null),
    shape: (q) => ({ kind: 'matrix', rows: itemValues(q.rows).map(String), columns: itemValues(q.columns) }),
    rows: () => ({ kind: 'matrix' }),
    variables: (q, base) => {
      const columns = categoriesOf(q.columns);
      const scale = asScale(columns);
      return (q.rows as Q[]).map((row) => ({
        ...base,
        key: `${base.key}.${row.value}`,
        subtitle: localized(row.locText, String(row.value)),
        kind: scale ? ('rating' as const) : ('single' as const),
        categories: scale ?? columns,
      }));
    },
    results: ['single', 'rating'],
    example: { question: { type: 'matrix', name: 'q', rows: ['health', 'school'], columns: [1, 2, 3, 4, 5] }, answer: { health: 4, school: 2 } },
  },
  {
    ...answer,
    type: 'matrixdropdown',
    inner: 'cells',
    columnTotals: true,
    shape: (q) => {
      const columns = new Map<string, ValueSpec>();
      for (const [name, cell] of cellQuestions(q)) columns.set(name, valueSpecOf(cell));
      return { kind: 'matrixdropdown', rows: itemValues(q.rows).map(String), columns };
    },
    rows: (q) => ({ kind: 'cells', columns: new Map([...cellQuestions(q)].map(([name, cell]) => [name, rowKindOf(cell)])) }),
    variables: (q, base) =>
      (q.rows as Q[]).flatMap((row) =>
        (q.columns as Q[]).flatMap((column) =>
          variablesOf(column.templateQuestion, { ...base, key: `${base.key}.${row.value}.${column.name}`, subtitle: { default: `${row.text} – ${column.title}` } }),
        ),
      ),
    results: ['single', 'rating', 'multi', 'number', 'text'],
    example: {
      question: {
        type: 'matrixdropdown', name: 'q', rows: ['library', 'pool'],
        columns: [{ name: 'times', cellType: 'text', inputType: 'number' }, { name: 'grade', cellType: 'dropdown', choices: [1, 2, 3] }, { name: 'with', cellType: 'checkbox', choices: ['family', 'friends'] }],
      },
      answer: { library: { times: 12, grade: 3, with: ['family'] } },
    },
  },
  dynamic(
    'matrixdynamic',
    'cells',
    (q) => (q.columns as Q[]).map((c) => ({ name: c.name as string, label: localized(c.locTitle, c.name as string), question: c.templateQuestion as Q })),
    { question: { type: 'matrixdynamic', name: 'q', rowCount: 1, columns: [{ name: 'child', cellType: 'text' }, { name: 'age', cellType: 'text', inputType: 'number' }] }, answer: [{ child: 'Aino', age: 7 }] },
    (q) => {
      const cells = cellQuestions(q);
      return (q.columns as Q[]).map((c) => ({ name: c.name as string, label: localized(c.locTitle, c.name as string), question: (cells.get(c.name as string) ?? c.templateQuestion) as Q }));
    },
  ),
  dynamic(
    'paneldynamic',
    'panel',
    (q) => (q.template.questions as Q[]).map((t) => ({ name: t.getValueName() as string, label: localized(t.locTitle, t.getValueName() as string), question: t })),
    { question: { type: 'paneldynamic', name: 'q', templateElements: [{ type: 'text', name: 'child' }] }, answer: [{ child: 'Aino' }, { child: 'Eero' }] },
  ),
  {
    ...answer,
    type: 'multipletext',
    shape: (q) => ({ kind: 'multipletext', items: new Map((q.items as Q[]).map((item) => [item.name as string, valueSpecOf(item.editor as Q)])) }),
    rows: () => ({ kind: 'items' }),
    variables: (q, base) =>
      (q.items as Q[]).map((item) => ({
        ...base,
        key: `${base.key}.${item.name}`,
        subtitle: localized(item.locTitle, item.name),
        kind: item.inputType === 'number' ? ('number' as const) : ('text' as const),
        categories: [],
      })),
    results: ['number', 'text'],
    example: { question: { type: 'multipletext', name: 'q', items: [{ name: 'city' }, { name: 'people', inputType: 'number' }] }, answer: { city: 'Oulu', people: 3 } },
  },
  {
    ...answer,
    type: 'ranking',
    choices: true,
    ranksEvery: (q) => !q.selectToRankEnabled,
    shape: (q) => ({ kind: 'ranking', choices: choiceUniverse(q) }),
    rows: () => ({ kind: 'ranking' }),
    variables: (q, base) => one(base, 'ranking', categoriesOf(choiceItems(q))),
    results: ['ranking'],
    example: { question: { type: 'ranking', name: 'q', choices: ['housing', 'jobs', 'transport'] }, answer: ['jobs', 'housing', 'transport'] },
  },
  {
    ...answer,
    type: 'expression',
    // Computed by the server from the other answers, never taken from the client.
    shape: () => ({ kind: 'computed' }),
    rows: () => ({ kind: 'text' }),
    variables: (q, base) => computedVariables(q.expression, base),
    results: ['number', 'single'],
    example: { question: { type: 'expression', name: 'q', expression: '2 + 3' }, answer: undefined },
  },
  {
    ...answer,
    type: 'file',
    fast: false,
    shape: () => ({ kind: 'any' }),
    // A row per file holding its name only: its contents (a data URL) stay in the response's data.
    rows: () => ({ kind: 'file' }),
    // Counted (who attached files) and exported as the files' number and names, never their contents.
    variables: (_q, base) => one(base, 'files'),
    results: ['files'],
    example: { question: { type: 'file', name: 'q', storeDataAsText: true }, answer: [{ name: 'a.txt', type: 'text/plain', content: 'data:text/plain;base64,YQ==' }] },
  },
  display('html', { type: 'html', name: 'q', html: '<p>Tervetuloa</p>' }),
  display('image', { type: 'image', name: 'q', imageLink: 'kuva.png' }),
];

const byType = new Map(QUESTION_KINDS.map((k) => [k.type, k]));

/**
 * For a stored older version whose type this registry no longer lists: its answers are judged by
 * survey-core alone and stored as text, and it has no results. New survey files cannot use one
 * (the survey-file check refuses them).
 */
const UNREGISTERED: QuestionKind = {
  ...answer,
  type: '',
  fast: false,
  shape: () => ({ kind: 'any' }),
  rows: () => ({ kind: 'text' }),
  variables: () => [],
  results: [],
  example: { question: {}, answer: undefined },
};

/** The entry of a supported type, or undefined. */
export function supportedKind(type: string): QuestionKind | undefined {
  return byType.get(type);
}

/** The entry a question is handled by (see UNREGISTERED for a type not listed). */
export function kindOf(q: Q): QuestionKind {
  return byType.get(q.getType() as string) ?? UNREGISTERED;
}

/** The key survey-core keeps a matrix's column totals under, when its columns have any; else null. */
export function totalsKeyOf(q: Q): string | null {
  if (!kindOf(q).columnTotals) return null;
  const totals = ((q.columns ?? []) as Q[]).some((c) => c.totalType && c.totalType !== 'none');
  return totals ? `${q.getValueName()}${settings.matrix.totalsSuffix}` : null;
}

export const valueSpecOf = (q: Q): ValueSpec => kindOf(q).shape(q);
export const rowKindOf = (q: Q): RowKind => kindOf(q).rows(q);
export const variablesOf = (q: Q, base: VariableBase): Variable[] => kindOf(q).variables(q, base);
