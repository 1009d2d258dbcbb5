import { Model, type Question } from 'survey-core';
import type { CompiledSurvey, ValidationCode, Verdict } from './types.ts';
import { intake, type IntakeSchema } from './intake.ts';
import { kindOf, supportedKind } from '../questions/kinds.ts';
import { shapeOf } from './question-shape.ts';
import { answerRowsFor, rowPlanOf, type RowPlan } from './answer-rows.ts';
import type { QuestionShape } from './shape.ts';
import { deepEqual, isEmpty, isPlainObject, show } from './values.ts';

/**
 * The reference judge: a fresh survey-core `Model` per response, answers assigned, `validate()`
 * over the visible pages, plus what survey-core leaves out (shapes, unknown names, answers to
 * hidden questions, choices it silently drops). Slow by design; `compileSurvey` uses it only
 * for definitions the fast path cannot reproduce, and the tests use it to judge the fast path.
 */

type Any = Record<string, any>;

export class FullSurvey implements CompiledSurvey {
  readonly mode = 'full' as const;
  private readonly definition: object;
  private readonly schema: IntakeSchema;
  private readonly names: string[];
  private readonly expressions: Set<string>;
  private readonly calculated: string[];
  private readonly rows: RowPlan;

  constructor(definition: object, readonly fallbackReason: string | null = null) {
    this.definition = structuredClone(definition);
    const model = new Model(this.definition) as unknown as Any;
    try {
      const shapes = new Map<string, QuestionShape>();
      for (const q of model.getAllQuestions(false, false, false) as Question[]) {
        if (!kindOf(q).holdsAnswer) continue;
        shapes.set(q.getValueName(), shapeOf(q));
      }
      const calc = ((model.calculatedValues ?? []) as Any[]);
      this.calculated = calc.filter((c) => c.includeIntoResult).map((c) => String(c.name));
      const ignored = new Set<string>(this.calculated);
      for (const q of model.getAllQuestions(false, false, false) as Any[]) {
        if (q.getType() === 'matrixdropdown' && (q.columns as Any[]).some((c) => c.totalType && c.totalType !== 'none')) ignored.add(q.name + '-total');
      }
      this.schema = { shapes, ignored, commentSuffix: model.commentSuffix };
      this.names = [...shapes.keys()];
      this.expressions = new Set(this.names.filter((n) => shapes.get(n)!.spec.kind === 'computed'));
    } finally {
      model.dispose();
    }
    this.rows = rowPlanOf(this.definition);
  }

  validate(data: unknown): Verdict {
    if (!isPlainObject(data)) return { ok: false, errors: [{ question: '', code: 'wrong_type', message: 'the answers must be a JSON object' }] };
    const { issues, values, comments } = intake(this.schema, data);
    const model = new Model(this.definition) as unknown as Any;
    try {
      const assigned: Record<string, unknown> = structuredClone(values);
      for (const [name, text] of Object.entries(comments)) assigned[name + this.schema.commentSuffix] = text;
      model.data = assigned;

      const visible = new Map<string, boolean>();
      for (const name of this.names) {
        const q = model.getQuestionByValueName(name) as Any;
        visible.set(name, q.isVisible && q.isParentVisible);
      }
      for (const name of this.names) {
        if (issues.failed.has(name) || this.expressions.has(name)) continue;
        const q = model.getQuestionByValueName(name) as Any;
        const has = Object.hasOwn(values, name);
        if (!visible.get(name)) {
          if (has || Object.hasOwn(comments, name)) issues.add(name, 'hidden_question', 'the question is not shown for these answers, so it cannot be answered');
          continue;
        }
        if (!has) continue;
        const value = values[name];
        if (Array.isArray(q.visibleChoices) && kindOf(q).choices) {
          const offered = (q.visibleChoices as Any[]).map((c) => c.value);
          const picks = Array.isArray(value) ? value : [value];
          const bad = picks.find((v) => !offered.some((o) => o === v));
          if (bad !== undefined) {
            issues.add(name, 'not_a_choice', `value ${show(bad)} is not one of the choices shown`);
            continue;
          }
          if (q.getType() === 'ranking' && !q.selectToRankEnabled && picks.length !== offered.length) {
            issues.add(name, 'invalid_value', 'the ranking must order every item');
          }
        }
      }

      model.validate(true, false);

      for (const name of this.names) {
        if (issues.failed.has(name) || !visible.get(name) || this.expressions.has(name)) continue;
        const q = model.getQuestionByValueName(name) as Any;
        const errors = ((q.getAllErrors?.() ?? q.errors) as Any[]).filter((e) => e.notificationType !== 'warning' && e.notificationType !== 'info');
        for (const e of errors) issues.add(name, codeOf(e, q), messageOf(e, q));
        if (errors.length || !Object.hasOwn(values, name)) continue;
        // What survey-core silently changed or dropped was not a valid answer.
        if (!deepEqual(model.getValue(name), values[name])) {
          issues.add(name, 'invalid_value', `the answer ${show(values[name])} was not accepted as given`);
        }
      }
      for (const panel of model.getAllPanels() as Any[]) {
        if ((panel.errors as Any[] | undefined)?.length) issues.add(panel.name, 'required', 'at least one question of this panel must be answered');
      }
      if (issues.items.length) return { ok: false, errors: issues.items };

      const out: Record<string, unknown> = {};
      for (const name of this.names) {
        if (!visible.get(name)) continue;
        if (this.expressions.has(name)) {
          const v = model.getValue(name);
          if (!isEmpty(v)) out[name] = v;
          continue;
        }
        if (Object.hasOwn(values, name)) out[name] = values[name];
        if (Object.hasOwn(comments, name)) out[name + this.schema.commentSuffix] = comments[name];
      }
      for (const name of this.calculated) {
        const v = model.getVariable(name);
        if (!isEmpty(v)) out[name] = v;
      }
      return { ok: true, data: out };
    } finally {
      model.dispose();
    }
  }

  answerRows(data: Record<string, unknown>) {
    return answerRowsFor(this.rows, data);
  }

  dispose(): void {}
}

function messageOf(e: Any, q: Any): string {
  const owner = e.errorOwner as Any | null;
  const text = String(e.getText?.() ?? e.text ?? 'invalid answer');
  return owner && owner !== q && owner.name ? `${owner.name}: ${text}` : text;
}

/** Our code for a survey-core error; custom errors are traced back to the check that made them. */
function codeOf(e: Any, q: Any): ValidationCode {
  switch (e.getErrorType()) {
    case 'required':
    case 'requireoneanswer':
    case 'requiredinallrowserror':
    case 'otherempty':
      return 'required';
    case 'custom':
      break;
    default:
      return 'invalid_value';
  }
  const owner = (e.errorOwner ?? q) as Any;
  const value = owner.validatedValue ?? owner.value;
  for (const v of (owner.validators ?? []) as Any[]) {
    const type = v.getType();
    if (type === 'expressionvalidator') continue;
    const res = v.validate(value, owner.getValidatorTitle?.() ?? '', owner.getDataFilteredProperties?.());
    if (!res?.error || res.error.getText?.() !== e.getText?.()) continue;
    if (type === 'numericvalidator') return 'out_of_range';
    if (type === 'answercountvalidator') {
      return Array.isArray(value) && v.minCount && value.length < v.minCount ? 'too_few_choices' : 'too_many_choices';
    }
    return 'invalid_value';
  }
  const type = owner.getType?.();
  if (supportedKind(String(type))?.minSelected && owner.checkMinSelectedChoicesUnreached?.()) return 'too_few_choices';
  if (type === 'text' && (owner.isValueLessMin || owner.isValueGreaterMax || owner.isStepNumberIncorrect)) return 'out_of_range';
  return 'invalid_value';
}
