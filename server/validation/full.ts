import { Model, type Question } from 'survey-core';
import type { CompiledSurvey, ValidationCode, Verdict } from './types.ts';
import { intake, type IntakeSchema } from './intake.ts';
import { kindOf, supportedKind, totalsKeyOf } from '../questions/kinds.ts';
import { shapeOf } from './question-shape.ts';
import { answerRowsFor, rowPlanOf, type RowPlan } from './answer-rows.ts';
import type { QuestionShape, ValueSpec } from './shape.ts';
import { deepEqual, isEmpty, isPlainObject, show, withoutEmptyMembers } from './values.ts';

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
  /** The survey has `complete` triggers: it may end before its last page. */
  private readonly completeTriggers: boolean;
  /** Each answer's page, by index in the definition. */
  private readonly pageOf: Map<string, number>;
  /** Per matrix or dynamic panel with expression cells or questions: their names, computed by survey-core. */
  private readonly computedInside: Map<string, Set<string>>;

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
      // Every calculated value is the server's to compute: one sent is ignored, kept or not.
      const ignored = new Set<string>(calc.map((c) => String(c.name)));
      for (const q of model.getAllQuestions(false, false, false) as Any[]) {
        const totals = totalsKeyOf(q);
        if (totals) ignored.add(totals);
      }
      this.completeTriggers = ((model.triggers ?? []) as Any[]).some((t) => t.getType() === 'completetrigger');
      this.pageOf = new Map();
      (model.pages as Any[]).forEach((page, i) => {
        for (const q of page.questions as Any[]) this.pageOf.set(q.getValueName(), i);
      });
      this.schema = { shapes, ignored, commentSuffix: model.commentSuffix };
      this.computedInside = new Map();
      for (const [name, shape] of shapes) {
        const members = computedMembersOf(shape.spec);
        if (members) this.computedInside.set(name, members);
      }
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
      // Expression cells and panel expressions are survey-core's to compute: what was sent for them is dropped.
      for (const [name, members] of this.computedInside) if (Object.hasOwn(assigned, name)) assigned[name] = withoutMembers(assigned[name], members);
      for (const [name, text] of Object.entries(comments)) assigned[name + this.schema.commentSuffix] = text;
      model.data = assigned;

      const end = this.completeTriggers ? endPageOf(this.definition, values, comments, this.schema.commentSuffix) : null;
      const reached = (name: string) => end === null || (this.pageOf.get(name) ?? 0) <= end;
      const visible = new Map<string, boolean>();
      for (const name of this.names) {
        const q = model.getQuestionByValueName(name) as Any;
        visible.set(name, q.isVisible && q.isParentVisible && reached(name));
      }
      for (const name of this.names) {
        if (issues.failed.has(name) || this.expressions.has(name)) continue;
        const q = model.getQuestionByValueName(name) as Any;
        const has = Object.hasOwn(values, name);
        if (!visible.get(name)) {
          if (!has && !Object.hasOwn(comments, name)) continue;
          if (reached(name)) issues.add(name, 'hidden_question', 'the question is not shown for these answers, so it cannot be answered');
          else issues.add(name, 'hidden_question', 'the survey ends before this question for these answers, so it cannot be answered');
          continue;
        }
        if (!has) continue;
        const value = values[name];
        const hidden = hiddenInside(q, value);
        if (hidden) {
          issues.add(name, 'hidden_question', `${hidden} is not shown for these answers, so it cannot be answered`);
          continue;
        }
        if (Array.isArray(q.visibleChoices) && kindOf(q).choices) {
          const offered = (q.visibleChoices as Any[]).map((c) => c.value);
          const picks = Array.isArray(value) ? value : [value];
          const bad = picks.find((v) => !offered.some((o) => o === v));
          if (bad !== undefined) {
            issues.add(name, 'not_a_choice', `value ${show(bad)} is not one of the choices shown`);
            continue;
          }
          if (kindOf(q).ranksEvery(q) && picks.length !== offered.length) {
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
        const members = this.computedInside.get(name);
        if (members ? !deepEqual(withoutMembers(model.getValue(name), members), withoutMembers(values[name], members)) : !deepEqual(model.getValue(name), values[name])) {
          issues.add(name, 'invalid_value', `the answer ${show(values[name])} was not accepted as given`);
        }
      }
      for (const panel of model.getAllPanels() as Any[]) {
        if (end !== null && (model.pages as Any[]).indexOf(panel.page) > end) continue;
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
        if (Object.hasOwn(values, name)) out[name] = this.computedInside.has(name) ? withoutEmptyMembers(structuredClone(model.getValue(name))) : values[name];
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

/**
 * Where a complete trigger ends the survey for these answers: the index (in the definition) of the
 * page on which survey-core offers "Complete", or null when the respondent goes to the last page.
 * survey-core decides this while the respondent answers page by page: a trigger that holds marks
 * the page shown at that moment (`canBeCompletedByTrigger`), so its condition is judged on the
 * answers given up to that page only. This walks the pages the same way in a model of its own,
 * letting survey-core's own triggers decide.
 */
function endPageOf(definition: object, values: Record<string, unknown>, comments: Record<string, string>, suffix: string): number | null {
  const model = new Model(definition) as unknown as Any;
  try {
    for (let guard = 0; guard < 10_000; guard++) {
      const page = model.currentPage as Any | null;
      if (!page) return null;
      for (const q of page.questions as Any[]) {
        const name = q.getValueName();
        if (Object.hasOwn(values, name)) model.setValue(name, structuredClone(values[name]));
        if (Object.hasOwn(comments, name)) model.setValue(name + suffix, comments[name]);
      }
      if (model.canBeCompletedByTrigger) return (model.pages as Any[]).indexOf(page);
      if (model.isLastPage) return null;
      model.currentPageNo = model.currentPageNo + 1;
    }
    return null;
  } finally {
    model.dispose();
  }
}

/**
 * The first part of a dynamic matrix's or panel's answer that the survey does not show for these
 * answers (a cell whose column's visibleIf fails for its row, a panel question whose visibleIf
 * fails for its panel), named for the message; null when every part given is shown. survey-core
 * keeps such values unless the page clears them, but they are not answers the respondent saw.
 */
function hiddenInside(q: Any, value: unknown): string | null {
  if (!Array.isArray(value) && !isPlainObject(value)) return null;
  const type = kindOf(q).inner;
  if (type === 'panel' && Array.isArray(value)) {
    const panels = (q.panels ?? []) as Any[];
    for (let i = 0; i < value.length; i++) {
      const entry = value[i] as Record<string, unknown>;
      for (const inner of (panels[i]?.questions ?? []) as Any[]) {
        const key = inner.getValueName();
        if (!isEmpty(entry[key]) && !(inner.isVisible && inner.isParentVisible)) return `panel ${i + 1}, '${key}'`;
      }
    }
  }
  if (type === 'cells') {
    const rows = (q.visibleRows ?? []) as Any[];
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v]) : Object.entries(value);
    for (const [label, entry] of entries) {
      if (!isPlainObject(entry)) continue;
      const row = Array.isArray(value) ? rows[Number(label) - 1] : rows.find((r) => String(r.rowName) === label);
      if (!row) continue;
      for (const cell of row.cells as Any[]) {
        const column = cell.column?.name as string | undefined;
        if (!column || isEmpty(entry[column])) continue;
        if (!cell.question?.isVisible || cell.column.isColumnVisible === false) return `row ${label}, column '${column}'`;
      }
    }
  }
  return null;
}

/** The inner names of a matrix's or dynamic panel's answer that survey-core computes (expression cells), or null. */
function computedMembersOf(spec: ValueSpec): Set<string> | null {
  const inner = spec.kind === 'rows' ? spec.inner : spec.kind === 'matrixdropdown' ? spec.columns : null;
  if (!inner) return null;
  const names = new Set([...inner].filter(([, s]) => s.kind === 'computed').map(([n]) => n));
  return names.size ? names : null;
}

/** The answer with those members left out of each row or panel (a list of entries, or rows by name). */
function withoutMembers(value: unknown, members: ReadonlySet<string>): unknown {
  const strip = (entry: unknown) => (isPlainObject(entry) ? Object.fromEntries(Object.entries(entry).filter(([k, v]) => !members.has(k) && v !== undefined)) : entry);
  if (Array.isArray(value)) return value.map(strip);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([row, entry]) => [row, strip(entry)]).filter(([, entry]) => !isEmpty(entry)));
  return value;
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
  if (supportedKind(String(type))?.textInput && (owner.isValueLessMin || owner.isValueGreaterMax || owner.isStepNumberIncorrect)) return 'out_of_range';
  return 'invalid_value';
}
