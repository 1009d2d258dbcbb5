import { ConditionRunner, Model, Serializer } from 'survey-core';
import { QUESTION_KINDS, supportedKind } from '../questions/kinds.ts';
import { walkDefinition, type Json } from './definition.ts';
import { isPlainObject } from './values.ts';

/**
 * Whether a definition can be served at all. Errors stop the loader (the file is named with them);
 * warnings are what survey-core reports but survives, such as custom properties (`score`) that
 * SurveyJS ignores.
 */

// Properties whose strings survey-core parses as expressions.
const isExpressionKey = (key: string) => key.endsWith('If') || key.endsWith('Expression') || key === 'expression';

function collectExpressions(node: unknown, path: string, out: { path: string; text: string }[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectExpressions(child, `${path}[${i}]`, out));
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const here = path ? `${path}.${key}` : key;
    if (typeof value === 'string' && isExpressionKey(key)) out.push({ path: here, text: value });
    else collectExpressions(value, here, out);
  }
}

const SUPPORTED = QUESTION_KINDS.map((k) => k.type).join(', ');

function typeProblem(where: string, type: string): string | null {
  if (supportedKind(type)) return null;
  if (!Serializer.findClass(type)) return `${where} has an unknown type '${type}'`;
  return `${where} has the type '${type}', which Kuulo does not support (supported: ${SUPPORTED})`;
}

/** The question's own type and the types inside it: a dynamic panel's template, a matrix's cells. */
function typeProblems(name: string, type: string, json: Json, errors: string[]): void {
  const own = typeProblem(`question '${name}'`, type);
  if (own) {
    errors.push(own);
    return;
  }
  const inner = supportedKind(type)?.inner ?? null;
  if (inner === 'panel') {
    for (const inner of walkDefinition({ elements: json.templateElements ?? json.templateQuestions ?? [] }).questions) {
      if (inner.type) typeProblems(`${name}.${inner.name}`, inner.type, inner.json, errors);
    }
  }
  if (inner === 'cells') {
    const matrixCell = typeof json.cellType === 'string' ? json.cellType.toLowerCase() : 'dropdown';
    for (const column of Array.isArray(json.columns) ? json.columns.filter(isPlainObject) : []) {
      const declared = typeof column.cellType === 'string' ? column.cellType.toLowerCase() : 'default';
      const cell = declared === 'default' ? matrixCell : declared;
      if (cell === 'default') continue;
      const found = typeProblem(`column '${String(column.name)}' of question '${name}'`, cell);
      if (found) errors.push(found);
    }
  }
}

export function checkDefinition(definition: object): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!isPlainObject(definition)) return { errors: ['the definition is not a JSON object'], warnings };

  const walked = walkDefinition(definition);
  if (walked.questions.length === 0) errors.push('the definition has no questions');
  const seen = new Map<string, number>();
  for (const q of walked.questions) {
    if (!q.name) errors.push(`a question of type '${q.type || '?'}' has no name`);
    else seen.set(q.name, (seen.get(q.name) ?? 0) + 1);
    if (!q.type) errors.push(`question '${q.name}' has no type`);
    else typeProblems(q.name, q.type, q.json, errors);
  }
  for (const [name, count] of seen) if (count > 1) errors.push(`question name '${name}' is used ${count} times`);

  const expressions: { path: string; text: string }[] = [];
  collectExpressions(definition, '', expressions);
  for (const { path, text } of expressions) {
    if (text.trim() && !new ConditionRunner(text).canRun()) errors.push(`${path}: expression '${text}' cannot be parsed`);
  }

  let model: Model | undefined;
  try {
    model = new Model(definition);
    for (const e of model.jsonErrors ?? []) {
      const message = `${e.type}: ${e.message}`;
      if (e.type === 'unknownproperty') warnings.push(message);
      else errors.push(message);
    }
  } catch (err) {
    errors.push(`survey-core cannot load the definition: ${(err as Error).message}`);
  } finally {
    model?.dispose();
  }
  return { errors, warnings };
}
