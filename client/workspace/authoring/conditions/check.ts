// What the condition editor knows about one condition while the author types: the server's own
// checks (server/authoring/conditions.ts is pure, survey-core and plain data, so the editor runs the
// very checks that stop publishing, without a round trip per key), applied to the survey as it would
// be with this condition in place, and kept to the findings about this condition; and the questions
// the picker offers, with the expression a pick writes.
import { checkConditions, readCondition, type ConditionFinding, type ReadingLanguage } from '../../../../server/authoring/conditions.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const GATING = ['visibleIf', 'enableIf', 'requiredIf'] as const;

/** Every element of a definition in the order a respondent meets them (pages, then panels' elements), with its page. */
export function elementsInOrder(survey: Json): { element: Json; page: number }[] {
  const out: { element: Json; page: number }[] = [];
  const walk = (elements: unknown, page: number) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      out.push({ element, page });
      walk(element.elements, page);
    }
  };
  if (Array.isArray(survey.pages)) survey.pages.forEach((p, i) => isObject(p) && walk(p.elements, i));
  else walk(survey.elements, 0);
  return out;
}

const named = (survey: Json, name: string) => elementsInOrder(survey).find(({ element }) => typeof element.name === 'string' && element.name.toLowerCase() === name.toLowerCase());

export type ConditionProblem = Pick<ConditionFinding, 'severity' | 'code' | 'variable' | 'pages' | 'cycle' | 'parser'>;

/**
 * The findings about `expression` as a condition of `questionName`: the survey with the expression in
 * place (under the key that already holds it, else a free gating key, so that a circle through it is
 * seen), then the server's checks, kept to those on this expression and the circles through this
 * question.
 */
export function checkInContext(survey: Json, questionName: string, expression: string): ConditionProblem[] {
  if (expression.trim() === '') return [];
  const copy = structuredClone(survey);
  const found = named(copy, questionName);
  if (found && !GATING.some((key) => found.element[key] === expression)) {
    const free = GATING.find((key) => typeof found.element[key] !== 'string' || found.element[key] === '') ?? 'visibleIf';
    found.element[free] = expression;
  }
  const own = questionName.toLowerCase();
  const seen = new Set<string>();
  return checkConditions(copy)
    .filter((f) => (f.code === 'cycle' ? (f.cycle ?? []).includes(own) : f.expression === expression && (f.owner ?? '').toLowerCase() === own))
    .map(({ severity, code, variable, pages, cycle, parser }) => ({ severity, code, variable, pages, cycle, parser }))
    .filter((p) => {
      const key = JSON.stringify(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The condition in words in the language, or null when it does not parse (or the survey cannot be loaded). */
export function readingOf(survey: Json, expression: string, language: ReadingLanguage): string | null {
  if (expression.trim() === '') return null;
  try {
    return readCondition(expression, survey, language);
  } catch {
    return null;
  }
}

export type PickerOperator = 'equal' | 'notequal' | 'anyof' | 'noneof' | 'allof' | 'contains' | 'notcontains' | 'greater' | 'less' | 'greaterorequal' | 'lessorequal' | 'notempty' | 'empty';
/** Operators that take a list of values, and those that take none. */
export const LIST_OPERATORS: readonly PickerOperator[] = ['anyof', 'noneof', 'allof'];
export const NO_VALUE_OPERATORS: readonly PickerOperator[] = ['notempty', 'empty'];

export interface PickerQuestion {
  readonly name: string;
  readonly title: unknown;
  readonly type: string;
  readonly page: number;
  /** The values a respondent can give, with their texts; empty for a free-text or numeric answer. */
  readonly choices: { value: string | number | boolean; text: unknown }[];
  readonly operators: readonly PickerOperator[];
}

const MULTIPLE = new Set(['checkbox', 'tagbox', 'ranking']);
const NUMERIC = new Set(['rating', 'expression', 'slider']);
const NOT_ANSWERABLE = new Set(['html', 'image', 'panel', 'paneldynamic', 'flowpanel']);

function choicesOf(element: Json): PickerQuestion['choices'] {
  if (element.type === 'boolean') return [{ value: true, text: element.labelTrue ?? null }, { value: false, text: element.labelFalse ?? null }];
  if (element.type === 'rating') {
    if (Array.isArray(element.rateValues) && element.rateValues.length > 0) return element.rateValues.map((v) => (isObject(v) ? { value: v.value as number, text: v.text ?? v.value } : { value: v as number, text: String(v) }));
    const min = typeof element.rateMin === 'number' ? element.rateMin : 1;
    const max = typeof element.rateMax === 'number' ? element.rateMax : typeof element.rateCount === 'number' ? min + element.rateCount - 1 : 5;
    const step = typeof element.rateStep === 'number' && element.rateStep > 0 ? element.rateStep : 1;
    const out: PickerQuestion['choices'] = [];
    for (let v = min; v <= max && out.length < 100; v += step) out.push({ value: v, text: String(v) });
    return out;
  }
  if (!Array.isArray(element.choices)) return [];
  return element.choices.map((c) => (isObject(c) ? { value: c.value as string | number, text: c.text ?? c.value } : { value: c as string | number, text: String(c) }));
}

function operatorsOf(type: string, element: Json, hasChoices: boolean): readonly PickerOperator[] {
  if (MULTIPLE.has(type)) return ['contains', 'notcontains', 'anyof', 'allof', 'noneof', 'notempty', 'empty'];
  if (type === 'boolean') return ['equal', 'notempty', 'empty'];
  if (NUMERIC.has(type) || (type === 'text' && element.inputType === 'number')) return ['equal', 'notequal', 'greater', 'less', 'greaterorequal', 'lessorequal', 'anyof', 'notempty', 'empty'];
  if (hasChoices) return ['equal', 'notequal', 'anyof', 'noneof', 'notempty', 'empty'];
  return ['notempty', 'empty', 'equal', 'notequal'];
}

/**
 * The questions a condition of `questionName` may read, in the order a respondent meets them: those
 * before it (a later one is unanswered when the condition is used); every question when the owner is
 * not a question.
 */
export function pickerQuestions(survey: Json, questionName: string): PickerQuestion[] {
  const all = elementsInOrder(survey);
  const at = all.findIndex(({ element }) => typeof element.name === 'string' && element.name.toLowerCase() === questionName.toLowerCase());
  const before = at >= 0 ? all.slice(0, at) : all;
  return before
    .filter(({ element }) => typeof element.name === 'string' && typeof element.type === 'string' && !NOT_ANSWERABLE.has(element.type))
    .map(({ element, page }) => {
      const choices = choicesOf(element);
      const type = element.type as string;
      return { name: element.name as string, title: element.title ?? null, type, page, choices, operators: operatorsOf(type, element, choices.length > 0) };
    });
}

/** A value as survey-core's expression syntax writes it: numbers and booleans bare, text in quotes. */
export function literal(value: string | number | boolean): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The expression a pick writes: `{q} = 'a'`, `{q} anyof ['a', 'b']`, `{q} notempty`. */
export function pickedExpression(question: string, operator: PickerOperator, values: readonly (string | number | boolean)[]): string {
  const subject = `{${question}}`;
  if (NO_VALUE_OPERATORS.includes(operator)) return `${subject} ${operator}`;
  if (LIST_OPERATORS.includes(operator)) return `${subject} ${operator} [${values.map(literal).join(', ')}]`;
  const symbol: Partial<Record<PickerOperator, string>> = { equal: '=', notequal: '!=', greater: '>', less: '<', greaterorequal: '>=', lessorequal: '<=' };
  return `${subject} ${symbol[operator] ?? operator} ${literal(values[0] ?? '')}`;
}

/** The condition with a pick added: the pick alone when the condition is empty, else joined with `and` or `or`. */
export function combined(current: string, pick: string, join: 'and' | 'or'): string {
  const now = current.trim();
  if (now === '') return pick;
  const wrap = (s: string) => (/\s(and|or)\s/i.test(s) ? `(${s})` : s);
  return `${wrap(now)} ${join} ${pick}`;
}

/** A survey text (plain, or per locale with the Finnish as `default`) in the interface language. */
export function surveyText(value: unknown, language: 'fi' | 'sv' | 'en', fallback: string): string {
  if (typeof value === 'string') return value || fallback;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const text = record[language === 'fi' ? 'default' : language] ?? record.default ?? record.fi;
    if (typeof text === 'string' && text !== '') return text;
  }
  return fallback;
}
