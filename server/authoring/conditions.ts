// The conditions an author writes (visibleIf, enableIf, requiredIf, a trigger's expression, a
// calculated value): checked as the author types, and read back in plain language. survey-core parses
// them (its ConditionsParser gives the operand tree every runner uses), so a condition Kuulo accepts
// is one survey-core runs; what survey-core does not tell is whether the names it reads exist, whether
// a condition waits for an answer given only later, and whether conditions chase each other in a
// circle, and no library reads an expression aloud, so those are written here.
import { ConditionsParser, Model, type Question } from 'survey-core';
import { isPlainObject } from '../validation/values.ts';

export type ReadingLanguage = 'fi' | 'sv' | 'en';

export interface ConditionFinding {
  /** Where in the definition: `pages[0].elements[2].visibleIf`. */
  readonly path: string;
  /** The question (or calculated value, trigger) that holds the condition, when there is one. */
  readonly owner: string | null;
  readonly expression: string;
  readonly severity: 'error' | 'warning';
  readonly code: 'unparsable' | 'unknown_name' | 'later_page' | 'cycle';
  readonly message: string;
  /** The name the condition reads, for `unknown_name` and `later_page` (as written, without braces). */
  readonly variable?: string;
  /** For `later_page`: the page (1-based) the read question is asked on, and the page of the condition. */
  readonly pages?: { readonly asked: number; readonly used: number };
  /** For `cycle`: the questions in the circle, in order (lower-cased). */
  readonly cycle?: readonly string[];
  /** For `unparsable`: where survey-core's parser stopped (0-based character) and what it expected. */
  readonly parser?: { readonly at: number; readonly expected: string };
}

/** Names survey-core answers itself (`SurveyValueGetterContext`), never a question's. */
const BUILT_IN = new Set(['locale', 'pageno', 'pagecount', 'questioncount', 'correctanswers', 'incorrectanswers', 'correctedanswers', 'incorrectedanswers', 'correctedanswercount', 'incorrectedanswercount']);
/** Inside a dynamic panel or a matrix row, `{panel.x}`, `{row.x}` and the like name a sibling. */
const CONTEXT_PREFIXES = new Set(['panel', 'row', 'rowvalue', 'parentpanel', 'item', 'choice', 'rowname', 'panelindex', 'rowindex', 'visiblepanelindex', 'visiblerowindex']);

const CONDITION_KEYS = new Set(['visibleIf', 'enableIf', 'requiredIf', 'expression', 'choicesVisibleIf', 'choicesEnableIf', 'rowsVisibleIf', 'columnsVisibleIf', 'resetValueIf', 'setValueIf', 'defaultValueExpression', 'setValueExpression', 'minValueExpression', 'maxValueExpression']);
/** Keys whose condition decides whether an element is shown or asked: these make the graph a cycle can run through. */
const GATING_KEYS = new Set(['visibleIf', 'enableIf', 'requiredIf']);

/** The question (first segment) a variable reference names: `m.row1` → `m`, `panel[0].x` → `panel`. */
export function referencedName(variable: string): string {
  return variable.split(/[.[]/, 1)[0]!.toLowerCase();
}

/** The names a condition reads, or null when it does not parse. */
export function conditionVariables(expression: string): string[] | null {
  const operand = new ConditionsParser().parseExpression(expression);
  if (!operand) return null;
  const variables: string[] = [];
  operand.setVariables(variables);
  return variables;
}

interface Located {
  readonly path: string;
  readonly key: string;
  readonly text: string;
  /** The element (question or panel) or page whose property it is; null for survey-level ones. */
  readonly owner: string | null;
  readonly ownerPage: number | null;
  /** Inside a dynamic panel's template or a matrix's column: context prefixes are allowed. */
  readonly nested: boolean;
}

function collect(node: unknown, path: string, owner: string | null, page: number | null, nested: boolean, out: Located[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collect(child, `${path}[${i}]`, owner, page, nested, out));
    return;
  }
  if (!isPlainObject(node)) return;
  const name = typeof node.name === 'string' ? node.name : null;
  const isElement = name !== null && typeof node.type === 'string';
  const here = isElement ? name : owner;
  for (const [key, value] of Object.entries(node)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof value === 'string' && CONDITION_KEYS.has(key)) {
      out.push({ path: at, key, text: value, owner: here, ownerPage: page, nested });
    } else if (key === 'pages' && Array.isArray(value) && path === '') {
      value.forEach((p, i) => collect(p, `${at}[${i}]`, null, i, nested, out));
    } else {
      const inner = nested || key === 'templateElements' || key === 'templateQuestions' || key === 'columns' || key === 'detailElements';
      collect(value, at, here, page, inner, out);
    }
  }
}

/** Every condition of a definition (the same walk the checks make): where it is, whose it is, its text. */
export function conditionsIn(definition: Record<string, unknown>): { path: string; owner: string | null; expression: string }[] {
  const located: Located[] = [];
  collect(definition, '', null, Array.isArray(definition.pages) ? null : 0, false, located);
  return located.filter((item) => item.text.trim() !== '').map((item) => ({ path: item.path, owner: item.owner, expression: item.text }));
}

/** Every question's and calculated value's page (index), by lower-cased name; calculated values are on no page. */
function namesAndPages(definition: Record<string, unknown>): { pages: Map<string, number | null>; model: Model } {
  const model = new Model(definition);
  const pages = new Map<string, number | null>();
  model.pages.forEach((page, i) => {
    for (const question of page.questions) pages.set(question.name.toLowerCase(), i);
  });
  // Questions inside dynamic panels and matrix columns are not on `page.questions`; they are read
  // through their container's name.
  for (const value of model.calculatedValues) pages.set(value.name.toLowerCase(), null);
  return { pages, model };
}

/**
 * Every problem with the definition's conditions: unparsable, reading a name that is neither a
 * question nor a calculated value, a page's question shown or asked on the strength of an answer
 * given only on a later page (the respondent cannot have answered it yet), and conditions that depend
 * on each other in a circle.
 */
export function checkConditions(definition: Record<string, unknown>): ConditionFinding[] {
  const located: Located[] = [];
  collect(definition, '', null, Array.isArray(definition.pages) ? null : 0, false, located);
  const findings: ConditionFinding[] = [];
  let model: Model | undefined;
  try {
    const known = namesAndPages(definition);
    model = known.model;
    const edges = new Map<string, Set<string>>();
    for (const item of located) {
      if (!item.text.trim()) continue;
      const base = { path: item.path, owner: item.owner, expression: item.text };
      const parser = new ConditionsParser();
      const operand = parser.parseExpression(item.text);
      const variables: string[] | null = operand ? [] : null;
      operand?.setVariables(variables!);
      if (variables === null) {
        findings.push({ ...base, severity: 'error', code: 'unparsable', message: `${item.path}: '${item.text}' is not a condition survey-core can read`, ...(parser.error ? { parser: { at: parser.error.at, expected: parser.error.code } } : {}) });
        continue;
      }
      for (const variable of variables) {
        const name = referencedName(variable);
        if (BUILT_IN.has(name) || (item.nested && CONTEXT_PREFIXES.has(name))) continue;
        if (!known.pages.has(name)) {
          findings.push({ ...base, severity: 'error', code: 'unknown_name', variable, message: `${item.path}: '{${variable}}' names no question or calculated value of the survey` });
          continue;
        }
        const page = known.pages.get(name);
        if (GATING_KEYS.has(item.key) && item.ownerPage !== null && page !== null && page !== undefined && page > item.ownerPage) {
          findings.push({ ...base, severity: 'warning', code: 'later_page', variable, pages: { asked: page + 1, used: item.ownerPage + 1 }, message: `${item.path}: '{${variable}}' is asked on page ${page + 1}, after page ${item.ownerPage + 1} where this condition is used, so it is always unanswered here` });
        }
        if (GATING_KEYS.has(item.key) && item.owner !== null) {
          const from = item.owner.toLowerCase();
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)!.add(name);
        }
      }
    }
    for (const cycle of cyclesOf(edges)) {
      findings.push({ path: '', owner: cycle[0]!, expression: '', severity: 'error', code: 'cycle', cycle, message: `conditions depend on each other in a circle: ${[...cycle, cycle[0]].join(' → ')}` });
    }
  } catch (error) {
    findings.push({ path: '', owner: null, expression: '', severity: 'error', code: 'unparsable', message: `survey-core cannot load the definition: ${(error as Error).message}` });
  } finally {
    model?.dispose();
  }
  return findings;
}

/** Each elementary circle once (from its smallest name), by depth-first search: the graphs are tiny. */
function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (start: string, node: string, path: string[], onPath: Set<string>) => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) {
        const key = [...path].sort().join(',');
        if (!found.has(key)) found.set(key, [...path]);
      } else if (!onPath.has(next) && next > start) {
        onPath.add(next);
        walk(start, next, [...path, next], onPath);
        onPath.delete(next);
      }
    }
  };
  for (const start of [...edges.keys()].sort()) walk(start, start, [start], new Set([start]));
  return [...found.values()];
}

const WORDS: Record<ReadingLanguage, Record<string, string>> = {
  fi: {
    and: 'ja', or: 'tai', not: 'ei pidä paikkaansa, että', equal: 'on', notequal: 'ei ole', greater: 'on suurempi kuin', less: 'on pienempi kuin',
    greaterorequal: 'on vähintään', lessorequal: 'on enintään', anyof: 'on jokin seuraavista:', allof: 'sisältää kaikki seuraavat:', noneof: 'ei ole mikään seuraavista:',
    contains: 'sisältää', notcontains: 'ei sisällä', empty: 'on vastaamatta', notempty: 'on vastattu', true: 'kyllä', false: 'ei', shown: 'Näytetään, kun',
  },
  sv: {
    and: 'och', or: 'eller', not: 'det gäller inte att', equal: 'är', notequal: 'är inte', greater: 'är större än', less: 'är mindre än',
    greaterorequal: 'är minst', lessorequal: 'är högst', anyof: 'är något av följande:', allof: 'innehåller alla följande:', noneof: 'är inget av följande:',
    contains: 'innehåller', notcontains: 'innehåller inte', empty: 'är obesvarad', notempty: 'är besvarad', true: 'ja', false: 'nej', shown: 'Visas när',
  },
  en: {
    and: 'and', or: 'or', not: 'it is not so that', equal: 'is', notequal: 'is not', greater: 'is greater than', less: 'is less than',
    greaterorequal: 'is at least', lessorequal: 'is at most', anyof: 'is any of:', allof: 'includes all of:', noneof: 'is none of:',
    contains: 'contains', notcontains: 'does not contain', empty: 'is not answered', notempty: 'is answered', true: 'yes', false: 'no', shown: 'Shown when',
  },
};

/** survey-core's operator names (ConditionsParser normalises `=`, `==`, `equal` … to these). */
const OPERATOR_WORD: Record<string, string> = {
  equal: 'equal', notequal: 'notequal', greater: 'greater', less: 'less', greaterorequal: 'greaterorequal', lessorequal: 'lessorequal',
  anyof: 'anyof', allof: 'allof', noneof: 'noneof', contains: 'contains', notcontains: 'notcontains', and: 'and', or: 'or',
};

interface OperandLike {
  getType(): string;
  [key: string]: unknown;
}

/**
 * A condition in words, in the given language: question titles instead of names, choice texts
 * instead of values (`{q1} = 'a' and {q2} notempty` → «Asuinkunta» on «Oulu» ja «Ikä» on vastattu).
 * Null when the condition does not parse.
 */
export function readCondition(expression: string, definition: Record<string, unknown>, language: ReadingLanguage): string | null {
  const model = new Model(definition);
  try {
    return readWith(model, expression, language);
  } finally {
    model.dispose();
  }
}

/**
 * Every condition of a definition read in fi, sv and en over one model (a model of a large survey
 * takes milliseconds to build; a survey has dozens of conditions).
 */
export function readConditions(definition: Record<string, unknown>, expressions: readonly string[]): { fi: string | null; sv: string | null; en: string | null }[] {
  const model = new Model(definition);
  try {
    return expressions.map((e) => ({ fi: readWith(model, e, 'fi'), sv: readWith(model, e, 'sv'), en: readWith(model, e, 'en') }));
  } finally {
    model.dispose();
  }
}

function readWith(model: Model, expression: string, language: ReadingLanguage): string | null {
  const operand = new ConditionsParser().parseExpression(expression) as unknown as OperandLike | null;
  if (!operand) return null;
  {
    const words = WORDS[language];
    // Read each text in the language itself, falling back to the Finnish `default`: asking survey-core's
    // model for "en" would give the `default` texts, since "en" is its own default locale.
    const locale = language === 'fi' ? 'default' : language;
    const textOf = (loc: { getLocaleText(locale: string): string } | undefined, fallback: string) => (loc ? loc.getLocaleText(locale) || loc.getLocaleText('default') : '') || fallback;
    const questionOf = (variable: string): Question | null => model.getQuestionByName(variable.split(/[.[]/, 1)[0]!) ?? null;
    const titleOf = (variable: string) => {
      const question = questionOf(variable);
      const rest = variable.includes('.') ? ` — ${variable.slice(variable.indexOf('.') + 1)}` : '';
      return `«${question ? textOf(question.locTitle, question.name) : variable}${rest}»`;
    };
    const valueText = (value: unknown, about: Question | null): string => {
      if (typeof value === 'boolean') return words[String(value)]!;
      const choices = (about as unknown as { choices?: { value: unknown; locText: { getLocaleText(locale: string): string } }[] } | null)?.choices;
      const choice = Array.isArray(choices) ? choices.find((c) => String(c.value) === String(value)) : undefined;
      return choice ? `«${textOf(choice.locText, String(value))}»` : typeof value === 'string' ? `«${value}»` : String(value);
    };
    const read = (node: OperandLike, about: Question | null, depth: number): string => {
      switch (node.getType()) {
        case 'variable': {
          const name = String(node.variableName);
          return titleOf(name);
        }
        case 'const':
          // `value` keeps a string's quotes; `correctValue` is what survey-core compares with.
          return valueText(node.correctValue, about);
        case 'array':
          return (node.values as OperandLike[]).map((v) => read(v, about, depth + 1)).join(', ');
        case 'function':
          return `${String(node.originalValue)}(${((node.parameters as { values?: OperandLike[] }).values ?? []).map((v) => read(v, null, depth + 1)).join(', ')})`;
        case 'unary': {
          const operator = String(node.operatorName);
          const inner = node.expressionValue as OperandLike;
          if (operator === 'negate') return `${words.not} ${read(inner, null, depth + 1)}`;
          return `${read(inner, null, depth + 1)} ${words[operator] ?? operator}`;
        }
        case 'binary': {
          const operator = String(node.operatorName);
          const left = node.left as OperandLike;
          const right = node.right as OperandLike;
          if (operator === 'and' || operator === 'or') {
            const text = `${read(left, null, depth + 1)} ${words[operator]} ${read(right, null, depth + 1)}`;
            return depth > 0 ? `(${text})` : text;
          }
          const subject = left.getType() === 'variable' ? questionOf(String(left.variableName)) : null;
          const word = OPERATOR_WORD[operator] ? words[OPERATOR_WORD[operator]!]! : operator;
          return `${read(left, null, depth + 1)} ${word} ${read(right, subject, depth + 1)}`;
        }
        default:
          return String((node as { toString(): string }).toString());
      }
    };
    return read(operand, null, 0);
  }
}
