import type { CompiledSurvey, ValidationCode, Verdict } from './types.ts';
import { compileFastPlan, type Cond, type FastPlan, type FastQuestion, type Gate } from './fast-compile.ts';
import { intake, type IntakeSchema } from './intake.ts';
import { applyRules, type Rules } from './rules.ts';
import { answerRowsFor, rowPlanOf, type RowPlan } from './answer-rows.ts';
import type { Values } from './expressions.ts';
import type { QuestionShape } from './shape.ts';
import { isEmpty, isPlainObject, show, type Scalar } from './values.ts';

/**
 * The compiled validator: plain loops over the plan from `fast-compile.ts`, with survey-core's
 * expression engine for the survey's logic. Per response it evaluates each condition at most once.
 */

// survey-core settles calculated values and expressions that read each other by re-running them on
// every change; a few rounds reach the same fixed point for any acyclic chain this short.
const MAX_ROUNDS = 8;

class Evaluation {
  readonly env: Values;
  private readonly gateMemo = new Map<Gate, { visible: boolean; readOnly: boolean }>();
  private readonly panelEnv = new Map<string, Values>();

  constructor(private readonly plan: FastPlan, values: Values, private readonly exprs: FastQuestion[]) {
    this.env = { ...values };
    if (exprs.length || plan.calculated.length) this.settle();
  }

  private settle(): void {
    const { plan, env, exprs } = this;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let changed = false;
      for (const c of plan.calculated) changed = assign(env, c.name, c.run.run(env)) || changed;
      for (const q of exprs) {
        const e = q.expression!;
        this.panelEnv.clear();
        let result = e.run.run(e.panel ? this.scoped(e.panel) : env);
        if (result === Infinity) result = undefined;
        else if (e.precision >= 0 && typeof result === 'number') result = parseFloat(result.toFixed(e.precision));
        changed = assign(env, q.name, isEmpty(result) ? undefined : result) || changed;
      }
      if (!changed) break;
    }
    this.panelEnv.clear();
  }

  private scoped(panel: string): Values {
    let scoped = this.panelEnv.get(panel);
    if (!scoped) {
      const members: Values = {};
      for (const name of this.plan.panelMembers.get(panel) ?? []) if (this.env[name] !== undefined) members[name] = this.env[name];
      scoped = { ...this.env, panel: members };
      this.panelEnv.set(panel, scoped);
    }
    return scoped;
  }

  readonly getEnv = (): Values => this.env;

  test(c: Cond, extra?: Values): boolean {
    const base = c.panel ? this.scoped(c.panel) : this.env;
    return c.cond.run(extra ? { ...base, ...extra } : base);
  }

  state(gate: Gate): { visible: boolean; readOnly: boolean } {
    let s = this.gateMemo.get(gate);
    if (s) return s;
    const parent = gate.parent ? this.state(gate.parent) : { visible: true, readOnly: false };
    const ownVisible = typeof gate.visible === 'boolean' ? gate.visible : this.test(gate.visible);
    const ownReadOnly = gate.enableIf ? !this.test(gate.enableIf) : gate.readOnly;
    s = { visible: parent.visible && ownVisible, readOnly: parent.readOnly || ownReadOnly };
    this.gateMemo.set(gate, s);
    return s;
  }

  visibleChoices(q: FastQuestion): Scalar[] {
    const plan = q.choices!;
    let base: Scalar[];
    if (plan.from) {
      const source = this.plan.byName.get(plan.from.question)!;
      const offered = this.visibleChoicesOrAll(source);
      if (plan.from.mode === 'all') base = offered;
      else {
        const picked = this.env[source.name];
        const isPicked = (v: Scalar) => (Array.isArray(picked) ? picked.includes(v) : picked === v);
        base = offered.filter((v) => (plan.from!.mode === 'selected') === isPicked(v));
      }
    } else {
      base = plan.items.filter((i) => !i.visibleIf || this.test(i.visibleIf)).map((i) => i.value);
    }
    if (plan.choicesVisibleIf) base = base.filter((v) => this.test(plan.choicesVisibleIf!, { __item: v }));
    return [...base, ...plan.special];
  }

  private visibleChoicesOrAll(q: FastQuestion): Scalar[] {
    if (q.choices) return this.visibleChoices(q);
    const spec = q.shape.spec;
    return spec.kind === 'single' || spec.kind === 'multi' || spec.kind === 'ranking' ? spec.choices : [];
  }
}

function assign(env: Values, name: string, value: unknown): boolean {
  const old = env[name];
  if (old === value || (JSON.stringify(old) === JSON.stringify(value) && typeof old === typeof value)) return false;
  if (value === undefined) delete env[name];
  else env[name] = value;
  return true;
}

export class FastSurvey implements CompiledSurvey {
  readonly mode = 'fast' as const;
  readonly fallbackReason = null;
  private readonly schema: IntakeSchema;
  private readonly rows: RowPlan;
  private readonly exprs: FastQuestion[];
  /** Per question: its built-in checks and, apart, its validators (which run only when those pass). */
  private readonly split = new Map<FastQuestion, { own: Rules; validators: Rules }>();

  constructor(private readonly plan: FastPlan, rows: RowPlan) {
    const shapes = new Map<string, QuestionShape>(plan.questions.map((q) => [q.name, q.shape]));
    // Every calculated value is the server's to compute: one sent is ignored, kept in the result or not.
    const ignored = new Set<string>([...plan.totalKeys, ...plan.calculated.map((c) => c.name)]);
    this.schema = { shapes, ignored, commentSuffix: plan.commentSuffix };
    this.rows = rows;
    this.exprs = plan.questions.filter((q) => q.expression);
    for (const q of plan.questions) this.split.set(q, { own: withoutValidators(q.rules), validators: onlyValidators(q.rules) });
  }

  static compile(definition: object): FastSurvey {
    return new FastSurvey(compileFastPlan(definition), rowPlanOf(definition));
  }

  validate(data: unknown): Verdict {
    if (!isPlainObject(data)) return { ok: false, errors: [{ question: '', code: 'wrong_type', message: 'the answers must be a JSON object' }] };
    const { issues, values, comments } = intake(this.schema, data);
    const ev = new Evaluation(this.plan, values, this.exprs);
    const out: Record<string, unknown> = {};

    for (const q of this.plan.questions) {
      const name = q.name;
      const state = ev.state(q.gate);
      const has = Object.hasOwn(values, name);
      const hasComment = Object.hasOwn(comments, name);
      if (q.expression || q.shape.spec.kind === 'computed') {
        if (state.visible && ev.env[name] !== undefined) out[name] = ev.env[name];
        continue;
      }
      if (issues.failed.has(name)) continue;
      if (!state.visible) {
        if (has || hasComment) issues.add(name, 'hidden_question', 'the question is not shown for these answers, so it cannot be answered');
        continue;
      }
      const value = values[name];
      if (has && q.choices) {
        const offered = ev.visibleChoices(q);
        const picks = Array.isArray(value) ? value : [value];
        const bad = picks.find((v) => !offered.includes(v as Scalar));
        if (bad !== undefined) {
          issues.add(name, 'not_a_choice', `value ${show(bad)} is not one of the choices shown`);
          continue;
        }
      }
      if (has && q.rankAll) {
        const offered = q.choices ? ev.visibleChoices(q) : (q.shape.spec as { choices: Scalar[] }).choices;
        if ((value as Scalar[]).length !== offered.length) {
          issues.add(name, 'invalid_value', 'the ranking must order every item');
          continue;
        }
      }
      if (!state.readOnly) {
        const required = typeof q.required === 'boolean' ? q.required : ev.test(q.required);
        const found = checkQuestion(q, this.split.get(q)!, value, { isRequired: required, comment: comments[name], env: ev.getEnv });
        if (found.length) {
          for (const f of found) issues.add(name, f.code, f.message);
          continue;
        }
      }
      if (has) out[name] = value;
      if (hasComment) out[name + this.plan.commentSuffix] = comments[name];
    }
    for (const c of this.plan.calculated) {
      if (c.includeIntoResult && ev.env[c.name] !== undefined) out[c.name] = ev.env[c.name];
    }
    return issues.items.length ? { ok: false, errors: issues.items } : { ok: true, data: out };
  }

  answerRows(data: Record<string, unknown>) {
    return answerRowsFor(this.rows, data);
  }

  dispose(): void {}
}

interface Ctx { isRequired: boolean; comment: unknown; env: () => Values }

/** Built-in checks and validators of the question, then of its cells or items (survey-core's order). */
function checkQuestion(q: FastQuestion, rules: { own: Rules; validators: Rules }, value: unknown, ctx: Ctx) {
  const own = applyRules(rules.own, value, ctx);
  const nested: { code: ValidationCode; message: string }[] = [];
  if (q.cells) {
    const rows = isPlainObject(value) ? value : {};
    for (const row of q.cells.rows) {
      const cells = isPlainObject(rows[row]) ? (rows[row] as Record<string, unknown>) : {};
      for (const column of q.cells.columns) {
        for (const f of applyRules(column.rules, cells[column.name], { isRequired: column.required, comment: undefined, env: ctx.env })) {
          nested.push({ code: f.code, message: `row '${row}', column '${column.name}': ${f.message}` });
        }
      }
    }
  }
  if (q.items) {
    const items = isPlainObject(value) ? value : {};
    for (const item of q.items) {
      for (const f of applyRules(item.rules, items[item.name], { isRequired: item.required, comment: undefined, env: ctx.env })) {
        nested.push({ code: f.code, message: `item '${item.name}': ${f.message}` });
      }
    }
  }
  const found = nested.length ? [...own, ...nested] : own;
  if (found.length) return found;
  if (!rules.validators.validators.length) return found;
  return applyRules(rules.validators, value, { ...ctx, isRequired: false, comment: 'n/a' });
}

const withoutValidators = (r: Rules): Rules => ({ ...r, validators: [] });
const onlyValidators = (r: Rules): Rules => ({ ...r, other: null, minSelected: 0, number: null, email: false, allRows: null });
