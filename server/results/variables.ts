import { Model } from 'survey-core';
import type { LocalizedText } from '../surveys/envelope.ts';

/**
 * The analysable variables of a survey: what a results table can be made of. One question can
 * give several (a matrix one per row, a matrix-dropdown one per cell, a multiple text one per
 * item, an "other" choice an open text). Keys are the `answers.question` names, so a variable's
 * tallies are the rows of the answers table with that question.
 */
export type VariableKind =
  /** one choice (radiogroup, dropdown, boolean, a matrix row) */
  | 'single'
  /** an ordered scale: a rating, or a matrix row whose columns are numbers */
  | 'rating'
  /** several choices; percentages of those who answered, so they add up past 100 */
  | 'multi'
  /** items ranked: answer rows hold the item and its position */
  | 'ranking'
  /** a number typed in, or computed by the form */
  | 'number'
  /** open text: counted, listed, never tabulated */
  | 'text';

export interface Category {
  readonly value: string;
  readonly label: LocalizedText;
  /** Left out of means and medians ("can't say"). */
  readonly nonSubstantive: boolean;
}

export interface Variable {
  readonly key: string;
  /** The SurveyJS question it belongs to. */
  readonly question: string;
  readonly kind: VariableKind;
  readonly title: LocalizedText;
  /** For matrix rows, cells and items: the row/column/item's own label. */
  readonly subtitle: LocalizedText | null;
  readonly categories: readonly Category[];
  /** The SurveyJS `visibleIf` of the question (its n is those shown it who answered). */
  readonly visibleIf: string | null;
  readonly page: string | null;
}

// survey-core's element objects are typed loosely for these members.
type Q = Record<string, any>;

function text(loc: Q | undefined, fallback: string): LocalizedText {
  const json = loc?.getJson?.() as LocalizedText | null | undefined;
  if (json === null || json === undefined || json === '' || (typeof json === 'object' && Object.keys(json).length === 0)) return fallback;
  return json;
}

function categoriesOf(items: Q[] | undefined): Category[] {
  return (items ?? []).map((item) => ({ value: String(item.value), label: text(item.locText, String(item.value)), nonSubstantive: false }));
}

const isNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value));

/**
 * A scale is three or more numeric categories ("1 Very dissatisfied" … "5 Very satisfied");
 * its other categories ("can't say", "no cooperation") are left out of means and medians.
 */
function asScale(categories: Category[]): Category[] | null {
  if (categories.filter((c) => isNumber(c.value)).length < 3) return null;
  return categories.map((c) => ({ ...c, nonSubstantive: !isNumber(c.value) }));
}

function choiceItems(q: Q): Q[] {
  const items: Q[] = [...(q.choices ?? [])];
  if (q.choicesFromQuestion && q.survey) {
    const source = q.survey.getQuestionByName(q.choicesFromQuestion) as Q | null;
    if (source) items.push(...(source.choices ?? []));
  }
  for (const [flag, item] of [['showNoneItem', 'noneItem'], ['showRefuseItem', 'refuseItem'], ['showDontKnowItem', 'dontKnowItem'], ['showOtherItem', 'otherItem']] as const) {
    if (q[flag] && q[item]) items.push(q[item]);
  }
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(String(i.value)) ? false : (seen.add(String(i.value)), true)));
}

function cellVariable(cell: Q, base: Omit<Variable, 'kind' | 'categories'>): Variable | null {
  const type = cell.getType();
  if (type === 'expression') return { ...base, kind: 'number', categories: [] };
  if (type === 'text') return { ...base, kind: cell.inputType === 'number' || cell.inputType === 'range' ? 'number' : 'text', categories: [] };
  if (type === 'comment') return { ...base, kind: 'text', categories: [] };
  if (type === 'boolean') {
    return { ...base, kind: 'single', categories: [{ value: 'true', label: text(cell.locLabelTrue, 'true'), nonSubstantive: false }, { value: 'false', label: text(cell.locLabelFalse, 'false'), nonSubstantive: false }] };
  }
  if (type === 'rating') {
    const categories = categoriesOf(cell.visibleRateValues);
    return { ...base, kind: 'rating', categories: asScale(categories) ?? categories };
  }
  if (type === 'checkbox' || type === 'tagbox') return { ...base, kind: 'multi', categories: categoriesOf(choiceItems(cell)) };
  if (type === 'ranking') return { ...base, kind: 'ranking', categories: categoriesOf(choiceItems(cell)) };
  if (type === 'radiogroup' || type === 'dropdown' || type === 'buttongroup' || type === 'imagepicker') {
    return { ...base, kind: cell.multiSelect ? 'multi' : 'single', categories: categoriesOf(choiceItems(cell)) };
  }
  return null;
}

/** Lists a definition's variables in form order. Builds one survey-core model, so call it once per version. */
export function surveyVariables(definition: object): Variable[] {
  const model = new Model(definition);
  try {
    const variables: Variable[] = [];
    for (const q of model.getAllQuestions(false, false, false) as unknown as Q[]) {
      const name = q.getValueName() as string;
      const title = text(q.locTitle, name);
      const base = { question: name, title, subtitle: null, visibleIf: (q.visibleIf as string) || null, page: (q.page?.name as string) ?? null };
      const type = q.getType() as string;
      if (type === 'matrix') {
        const columns = categoriesOf(q.columns);
        const scale = asScale(columns);
        for (const row of q.rows as Q[]) {
          variables.push({ ...base, key: `${name}.${row.value}`, subtitle: text(row.locText, String(row.value)), kind: scale ? 'rating' : 'single', categories: scale ?? columns });
        }
      } else if (type === 'matrixdropdown') {
        for (const row of q.rows as Q[]) {
          for (const column of q.columns as Q[]) {
            const v = cellVariable(column.templateQuestion, { ...base, key: `${name}.${row.value}.${column.name}`, subtitle: { default: `${row.text} – ${column.title}` } });
            if (v) variables.push(v);
          }
        }
      } else if (type === 'multipletext') {
        for (const item of q.items as Q[]) {
          variables.push({ ...base, key: `${name}.${item.name}`, subtitle: text(item.locTitle, item.name), kind: item.inputType === 'number' ? 'number' : 'text', categories: [] });
        }
      } else {
        const v = cellVariable(q, { ...base, key: name });
        if (v) variables.push(v);
      }
      if (q.showOtherItem || q.showCommentArea) {
        variables.push({ ...base, key: `${name}-Comment`, subtitle: text(q.showOtherItem ? q.otherItem?.locText : q.locCommentText, 'other'), kind: 'text', categories: [] });
      }
    }
    return variables;
  } finally {
    model.dispose();
  }
}
