import { Model, settings, type Question, type PanelModel, type PageModel } from 'survey-core';
import { Condition, Expression, unsupportedIn, type ExpressionScope } from './expressions.ts';
import { makeValidator, numberOrNull, type Rules, type Validator } from './rules.ts';
import { kindOf, supportedKind, totalsKeyOf } from '../questions/kinds.ts';
import { TEXT_NUMERIC_TYPES, cellQuestions, exclusiveValues, storesNumber } from '../questions/reading.ts';
import { shapeOf } from './question-shape.ts';
import type { QuestionShape } from './shape.ts';
import { isScalar, type Scalar } from './values.ts';

/**
 * Turns a survey definition into plain data and survey-core expression runners, once per survey
 * version. The definition is read through a survey-core `Model` (so property aliases and defaults
 * are survey-core's), which is disposed before this returns. Anything whose behaviour the fast
 * path does not reproduce throws `Unsupported`, naming the feature; the survey then uses the full path.
 */

export class Unsupported extends Error {}

type Any = Record<string, any>;

const PLAIN_INPUT_TYPES = new Set(['text', 'number', 'range', 'email', 'tel', 'url', 'password', 'color']);
const DATE_INPUT_TYPES = new Set(['date', 'datetime-local', 'month', 'week', 'time']);

/** A condition plus the panel whose questions `{panel.x}` refers to. */
export interface Cond {
  cond: Condition;
  panel: string | null;
}

export interface Gate {
  /** `true`/`false` when fixed, or the visibleIf that decides it. */
  visible: boolean | Cond;
  readOnly: boolean;
  enableIf: Cond | null;
  parent: Gate | null;
}

export interface ChoicePlan {
  items: { value: Scalar; visibleIf: Cond | null }[];
  choicesVisibleIf: Cond | null;
  from: { question: string; mode: 'all' | 'selected' | 'unselected' } | null;
  /** other/none/refused/don't know: always offered when enabled. */
  special: Scalar[];
}

export interface SubPlan {
  name: string;
  required: boolean;
  rules: Rules;
}

export interface FastQuestion {
  name: string;
  shape: QuestionShape;
  gate: Gate;
  required: boolean | Cond;
  rules: Rules;
  choices: ChoicePlan | null;
  /** ranking without selectToRankEnabled: the answer orders every offered choice. */
  rankAll: boolean;
  cells: { rows: string[]; columns: SubPlan[] } | null;
  items: SubPlan[] | null;
  expression: { run: Expression; precision: number; panel: string | null } | null;
}

export interface FastPlan {
  questions: FastQuestion[];
  byName: Map<string, FastQuestion>;
  /** Names of html/image elements, panels and pages: known, but not answers. */
  calculated: { name: string; run: Expression; includeIntoResult: boolean }[];
  /** `<matrix>-total` keys that a client may send for matrices with totals; ignored. */
  totalKeys: Set<string>;
  panelMembers: Map<string, string[]>;
  hasPanelScopes: boolean;
  commentSuffix: string;
}

function need(ok: unknown, reason: string): void {
  if (!ok) throw new Unsupported(reason);
}

export function compileFastPlan(definition: object): FastPlan {
  const model = new Model(definition);
  try {
    return buildPlan(model as unknown as Any);
  } finally {
    model.dispose();
  }
}

function buildPlan(survey: Any): FastPlan {
  need(!(survey.triggers?.length > 0), 'triggers');
  need(survey.mode !== 'display' && !survey.readOnly, 'survey in display mode');
  need(survey.storeOthersAsComment !== false, 'storeOthersAsComment: false');
  need(survey.getAllPanels().every((p: Any) => p.getType() === 'panel'), 'dynamic panels (paneldynamic)');

  const questions = survey.getAllQuestions(false, false, false) as Any[];
  const known = new Set<string>(questions.map((q) => String(q.name).toLowerCase()));
  const calcJson = (survey.calculatedValues ?? []) as Any[];
  for (const c of calcJson) known.add(String(c.name).toLowerCase());
  for (const q of questions) {
    need(supportedKind(q.getType())?.fast, `question type '${q.getType()}' (${q.name})`);
  }

  const panelMembers = new Map<string, string[]>();
  for (const panel of survey.getAllPanels() as Any[]) {
    panelMembers.set(panel.name, (panel.questions as Any[]).map((q) => q.name));
  }
  let hasPanelScopes = false;

  const condition = (expression: string, where: string, inPanel: string | null, allowItem = false): Cond => {
    const scope: ExpressionScope = { knownNames: known, inPanel: inPanel !== null };
    const reason = unsupportedIn(allowItem ? expression.replace(/\{item\}/gi, '{__item}') : expression, scope);
    need(reason === null, `${reason} (${where})`);
    const usesPanel = /\{\s*panel\./i.test(expression);
    if (usesPanel) hasPanelScopes = true;
    return { cond: new Condition(allowItem ? expression.replace(/\{item\}/gi, '{__item}') : expression), panel: usesPanel ? inPanel : null };
  };

  const gates = new Map<object, Gate>();
  const gateOf = (element: Any): Gate | null => {
    if (!element || element === survey) return null;
    const cached = gates.get(element);
    if (cached) return cached;
    const parent = gateOf(element.parent ?? null);
    const where = `${element.isPage ? 'page' : element.isPanel ? 'panel' : 'question'} ${element.name}`;
    const inPanel = !element.isPage && !element.isPanel && element.parent?.isPanel ? element.parent.name : null;
    need(!(element.isPanel && (element.isRequired || element.requiredIf)), `required panel (${element.name})`);
    const gate: Gate = {
      visible: element.visibleIf ? condition(element.visibleIf, where, inPanel) : element.visible !== false,
      readOnly: element.readOnly === true,
      enableIf: element.enableIf ? condition(element.enableIf, where, inPanel) : null,
      parent,
    };
    gates.set(element, gate);
    return gate;
  };

  const validatorsOf = (owner: Any, where: string, inPanel: string | null): Validator[] =>
    ((owner.validators ?? []) as Any[]).map((v) => {
      const made = makeValidator(v.toJSON ? { type: v.getType(), ...v.toJSON() } : v, (e) => {
        const c = condition(e, `validator of ${where}`, inPanel);
        return c.cond;
      });
      need(typeof made !== 'string', `${made} (${where})`);
      return made as Validator;
    });

  const textRules = (q: Any, where: string): Pick<Rules, 'number' | 'email'> => {
    const inputType = String(q.inputType ?? 'text');
    need(!q.maskType || q.maskType === 'none' || storesNumber(q), `input mask '${q.maskType}' saving masked text (${where})`);
    need(!q.minValueExpression && !q.maxValueExpression, `min/max expressions (${where})`);
    need(PLAIN_INPUT_TYPES.has(inputType) || (DATE_INPUT_TYPES.has(inputType) && q.min === undefined && q.max === undefined && !q.step),
      `input type '${inputType}' with limits (${where})`);
    const numeric = TEXT_NUMERIC_TYPES.has(inputType);
    return {
      number: numeric ? { min: numberOrNull(q.min), max: numberOrNull(q.max), step: inputType === 'number' ? numberOrNull(q.step) : null } : null,
      email: inputType === 'email' && !((q.validators ?? []) as Any[]).some((v) => v.getType() === 'emailvalidator'),
    };
  };

  const baseRules = (q: Any, where: string, inPanel: string | null): Rules => {
    const rules: Rules = {
      required: false,
      allowSpaceAsAnswer: q.allowSpaceAsAnswer === true,
      other: null,
      minSelected: 0,
      noneValues: [],
      number: null,
      email: false,
      validators: validatorsOf(q, where, inPanel),
      allRows: null,
    };
    const kind = kindOf(q);
    if (kind.textInput) Object.assign(rules, textRules(q, where));
    if (kind.otherItem && q.showOtherItem) rules.other = q.otherItem.value;
    if (kind.minSelected) {
      rules.minSelected = Number(q.minSelectedChoices) || 0;
      rules.noneValues = exclusiveValues(q);
    }
    rules.allRows = kind.rowsRequired(q);
    return rules;
  };

  const choicePlan = (q: Any, where: string, inPanel: string | null): ChoicePlan | null => {
    if (!kindOf(q).choices) return null;
    need(!q.choicesByUrl?.url, `choicesByUrl (${where})`);
    need(!q.choicesEnableIf && !(q.choices as Any[]).some((c) => c.enableIf), `choicesEnableIf (${where})`);
    need(!q.hideIfChoicesEmpty, `hideIfChoicesEmpty (${where})`);
    need(!q.choiceValuesFromQuestion && !q.choiceTextsFromQuestion, `choiceValuesFromQuestion (${where})`);
    need(!q.valuePropertyName, `valuePropertyName (${where})`);
    need(!(q.choices as Any[]).some((c) => c.showCommentArea), `comments on choices (${where})`);
    need(!(q.showOtherItem && q.showCommentArea), `other item together with a comment area (${where})`);
    need(q.storeOthersAsComment !== false, `storeOthersAsComment: false (${where})`);
    const special: Scalar[] = [...exclusiveValues(q)];
    if (q.showOtherItem) special.push(q.otherItem.value);
    const dynamic = q.choicesVisibleIf || q.choicesFromQuestion || (q.choices as Any[]).some((c) => c.visibleIf);
    if (!dynamic) return null;
    let from: ChoicePlan['from'] = null;
    if (q.choicesFromQuestion) {
      const source = q.survey.getQuestionByName(q.choicesFromQuestion) as Any;
      need(source && kindOf(source).choices, `choicesFromQuestion '${q.choicesFromQuestion}' (${where})`);
      need(!source.showOtherItem && !source.showNoneItem && !source.showRefuseItem && !source.showDontKnowItem && !source.choicesFromQuestion,
        `choicesFromQuestion of a question with special items (${where})`);
      from = { question: source.name, mode: q.choicesFromQuestionMode ?? 'all' };
      need(['all', 'selected', 'unselected'].includes(from.mode), `choicesFromQuestionMode '${from.mode}' (${where})`);
    }
    return {
      items: (q.choices as Any[]).filter((c) => isScalar(c.value)).map((c) => ({
        value: c.value,
        visibleIf: c.visibleIf ? condition(c.visibleIf, `choice of ${where}`, inPanel) : null,
      })),
      choicesVisibleIf: q.choicesVisibleIf ? condition(q.choicesVisibleIf, where, inPanel, true) : null,
      from,
      special,
    };
  };

  const subRules = (owner: Any, where: string, inPanel: string | null): Rules => {
    const rules = baseRules(owner, where, inPanel);
    need(!owner.requiredIf && !owner.visibleIf && !owner.enableIf, `conditions on a cell or item (${where})`);
    return rules;
  };

  const plans: FastQuestion[] = [];
  for (const q of questions) {
    if (!kindOf(q).holdsAnswer) continue;
    // What the plan needs besides rules follows from the answer's shape in the question's registry
    // entry (a grid of fixed rows, cells, items, a computed value), not from type names.
    const shape = shapeOf(q as Question);
    const structure = shape.spec.kind;
    const where = `question ${q.name}`;
    const inPanel = q.parent?.isPanel ? q.parent.name : null;
    need(!q.valueName, `valueName (${where})`);
    need(!q.isUnique && !q.eachRowUnique, `unique answers (${where})`);
    if (structure === 'matrix') {
      need(!q.rowsVisibleIf && !q.columnsVisibleIf && !(q.rows as Any[]).some((r) => r.visibleIf) && !(q.columns as Any[]).some((c) => c.visibleIf),
        `conditional matrix rows or columns (${where})`);
    }
    let cells: FastQuestion['cells'] = null;
    if (structure === 'matrixdropdown') {
      need(!q.rowsVisibleIf && !q.columnsVisibleIf && !(q.rows as Any[]).some((r) => r.visibleIf), `conditional matrix rows (${where})`);
      need(!q.detailPanelMode || q.detailPanelMode === 'none', `detail panels (${where})`);
      const columns: SubPlan[] = [];
      const cellsOf = cellQuestions(q);
      for (const column of q.columns as Any[]) {
        const cw = `column ${column.name} of ${where}`;
        need(!column.visibleIf && !column.enableIf && !column.requiredIf && !column.isUnique, `column conditions (${cw})`);
        const template = cellsOf.get(column.name) as Any;
        const ct = template.getType();
        need(supportedKind(ct)?.fastCell, `cell type '${ct}' (${cw})`);
        need(!template.showOtherItem && !template.showCommentArea && !template.choicesVisibleIf && !(template.choices as Any[] ?? []).some((c: Any) => c.visibleIf || c.enableIf),
          `cell choices with logic or comments (${cw})`);
        need(!(Number(template.minSelectedChoices) > 0), `minSelectedChoices in cells (${cw})`);
        need(!template.choicesByUrl?.url, `choicesByUrl (${cw})`);
        const rules = subRules(template, cw, null);
        columns.push({ name: column.name, required: template.isRequired === true || column.isRequired === true, rules });
      }
      cells = { rows: (q.rows as Any[]).map((r) => String(r.value)), columns };
    }
    let items: SubPlan[] | null = null;
    if (structure === 'multipletext') {
      items = (q.items as Any[]).map((item) => {
        const editor = item.editor as Any;
        const iw = `item ${item.name} of ${where}`;
        return { name: item.name, required: item.isRequired === true, rules: subRules(editor, iw, null) };
      });
    }
    let expression: FastQuestion['expression'] = null;
    if (structure === 'computed') {
      need(!q.readOnly && !q.enableIf || q.runIfReadOnly, `read-only expression (${where})`);
      for (let g = gateOf(q.parent); g; g = g.parent) need(!g.readOnly && !g.enableIf, `expression in a read-only container (${where})`);
      const text = String(q.expression ?? '');
      if (text.trim()) {
        const c = condition(text, where, inPanel);
        expression = { run: new Expression(text), precision: Number(q.precision ?? -1), panel: c.panel };
      }
    }
    const plan: FastQuestion = {
      name: q.name,
      shape,
      gate: gateOf(q)!,
      required: q.requiredIf ? condition(q.requiredIf, where, inPanel) : q.isRequired === true,
      rules: baseRules(q, where, inPanel),
      choices: choicePlan(q, where, inPanel),
      rankAll: kindOf(q).ranksEvery(q),
      cells,
      items,
      expression,
    };
    plans.push(plan);
  }
  for (const element of [...survey.pages, ...survey.getAllPanels()] as (PageModel | PanelModel)[]) gateOf(element);

  const calculated = calcJson.map((c) => {
    const text = String(c.expression ?? '');
    if (text.trim()) condition(text, `calculated value ${c.name}`, null);
    return { name: String(c.name), run: new Expression(text), includeIntoResult: c.includeIntoResult === true };
  });
  const totalKeys = new Set<string>();
  for (const q of questions) {
    const key = totalsKeyOf(q);
    if (key) totalKeys.add(key);
  }
  return {
    questions: plans,
    byName: new Map(plans.map((p) => [p.name, p])),
    calculated,
    totalKeys,
    panelMembers,
    hasPanelScopes,
    commentSuffix: survey.commentSuffix || settings.commentSuffix,
  };
}
