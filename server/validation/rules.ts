import { JsonObject, Serializer, type SurveyValidator } from 'survey-core';
import type { ValidationCode } from './types.ts';
import { isEmpty, isEmptyForRequired, isPlainObject, type Scalar } from './values.ts';
import type { Condition, Values } from './expressions.ts';

/**
 * The fast path's copy of the checks survey-core's `validate()` makes on one answerable thing (a
 * question, a matrix cell or a multiple-text item), in survey-core's order: first the built-in
 * checks (`onCheckForErrors`), and only when they pass, the validators (`collectErrors`).
 * Validators themselves are survey-core's classes, so their verdicts are survey-core's.
 */
export interface Rules {
  required: boolean | Condition;
  allowSpaceAsAnswer: boolean;
  /** Value of the "other" item when a comment must describe it. */
  other: Scalar | null;
  minSelected: number;
  /** Values that count as "none" for minSelectedChoices (none, refused, don't know). */
  noneValues: Scalar[];
  number: { min: number | null; max: number | null; step: number | null } | null;
  email: boolean;
  validators: Validator[];
  /** matrix: every row must be answered. */
  allRows: string[] | null;
}

export interface Validator {
  message: string;
  code: (value: unknown) => ValidationCode;
  run: (value: unknown, env: () => Values) => boolean;
}

export interface Found {
  code: ValidationCode;
  message: string;
}

const numberOrNull = (v: unknown): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export { numberOrNull };

/** survey-core's `isStepNumberIncorrect`, digit for digit. */
function stepIncorrect(value: number, step: number): boolean {
  let val = value;
  let s = step;
  let pw = 1;
  while ((Math.round(s * pw) / pw !== s || Math.round(val * pw) / pw !== val) && pw < 1000000) pw *= 10;
  val = Math.round(val * pw);
  s = Math.round(s * pw);
  return s > 0 && val % s !== 0;
}

const EMAIL = /^(([^<>()\[\]\.,;:\s@\"]+(\.[^<>()\[\]\.,;:\s@\"]+)*)|(\".+\"))@(([^<>()=[\]\.,;:\s@\"]+\.)+[^<>()=[\]\.,;:\s@\"]{2,})$/i;

export function makeValidator(json: Record<string, unknown>, condition: (expression: string) => Condition): Validator | string {
  const type = String(json.type ?? '').toLowerCase().replace(/validator$/, '');
  if (type === 'expression') {
    const expression = typeof json.expression === 'string' ? json.expression : '';
    // survey-core treats a validator without an expression as passing.
    const message = typeof json.text === 'string' && json.text ? json.text : `the answer must satisfy ${expression}`;
    if (!expression.trim()) return { message, code: () => 'invalid_value', run: () => true };
    const cond = condition(expression);
    return { message, code: () => 'invalid_value', run: (_v, env) => cond.run(env()) };
  }
  if (!['numeric', 'text', 'regex', 'email', 'answercount'].includes(type)) return `validator type '${String(json.type)}'`;
  if (json.notificationType !== undefined && json.notificationType !== 'error') return 'validator with a warning notificationType';
  const instance = Serializer.createClass(`${type}validator`) as SurveyValidator | undefined;
  if (!instance) return `validator type '${String(json.type)}'`;
  const { type: _ignored, ...properties } = json;
  new JsonObject().toObject(properties, instance);
  const code = (value: unknown): ValidationCode => {
    if (type === 'numeric') return typeof value === 'number' || !Number.isNaN(Number(value)) ? 'out_of_range' : 'invalid_value';
    if (type === 'answercount') {
      const min = numberOrNull(json.minCount);
      return Array.isArray(value) && min && value.length < min ? 'too_few_choices' : 'too_many_choices';
    }
    return 'invalid_value';
  };
  const text = String((instance as unknown as { getErrorText(name: string): string }).getErrorText('value') ?? '');
  const message = text || (type === 'regex' ? `the answer must match ${String(json.regex)}` : `the answer fails the ${type} validator`);
  return { message, code, run: (value) => !instance.validate(value, '', undefined)?.error };
}

export interface RuleContext {
  isRequired: boolean;
  comment: unknown;
  env: () => Values;
}

/** Errors for one answerable thing; `value` is already known to have the right shape. */
export function applyRules(rules: Rules, value: unknown, ctx: RuleContext): Found[] {
  const found: Found[] = [];
  const empty = isEmptyForRequired(value, rules.allowSpaceAsAnswer);
  if (ctx.isRequired && empty) found.push({ code: 'required', message: 'an answer is required' });
  if (rules.other !== null && !ctx.comment) {
    const picked = Array.isArray(value) ? value.includes(rules.other) : value === rules.other;
    if (picked) found.push({ code: 'required', message: "the 'other' answer needs a description" });
  }
  if (rules.minSelected > 0) {
    const len = Array.isArray(value) ? value.length : 0;
    const noneOnly = len === 1 && rules.noneValues.includes((value as Scalar[])[0]!);
    if (!noneOnly && len < rules.minSelected) {
      found.push({ code: 'too_few_choices', message: `${len} choices picked, at least ${rules.minSelected} needed` });
    }
  }
  if (rules.number && !isEmpty(value) && typeof value === 'number') {
    const { min, max, step } = rules.number;
    if (min !== null && value < min) found.push({ code: 'out_of_range', message: `${value} is less than ${min}` });
    if (max !== null && value > max) found.push({ code: 'out_of_range', message: `${value} is more than ${max}` });
    if (step !== null && stepIncorrect(value, step)) found.push({ code: 'out_of_range', message: `${value} is not a multiple of ${step}` });
  }
  if (rules.email && typeof value === 'string' && value && !EMAIL.test(value)) {
    found.push({ code: 'invalid_value', message: 'not a valid e-mail address' });
  }
  if (rules.allRows && !empty) {
    const answered = isPlainObject(value) ? value : {};
    const missing = rules.allRows.filter((row) => isEmpty(answered[row]));
    if (missing.length) found.push({ code: 'required', message: `rows ${missing.map((r) => `'${r}'`).join(', ')} are not answered` });
  } else if (rules.allRows && rules.allRows.length) {
    found.push({ code: 'required', message: 'every row must be answered' });
  }
  if (found.length) return found;
  for (const v of rules.validators) {
    if (!v.run(value, ctx.env)) found.push({ code: v.code(value), message: v.message });
  }
  return found;
}
