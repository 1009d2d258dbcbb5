import { ConditionRunner, ExpressionRunner } from 'survey-core';

/**
 * Conditions and expressions of the fast path run on survey-core's own expression engine, over a
 * plain hash of answers. That gives the same results as a `Model` as long as the expression only
 * reads answers and calculated values and calls functions that need no survey; `unsupportedIn`
 * names whatever breaks that assumption, and the survey then falls back to the full path.
 */

/** Built-in functions that only look at their arguments (FunctionFactory names, lower-cased). */
const PURE_FUNCTIONS = new Set([
  'sum', 'min', 'max', 'count', 'avg', 'round', 'trunc', 'suminarray', 'mininarray', 'maxinarray',
  'countinarray', 'avginarray', 'iif', 'getdate', 'age', 'datediff', 'dateadd', 'currentdate', 'today',
  'getyear', 'currentyear', 'diffdays', 'year', 'month', 'day', 'weekday', 'substring',
]);

/** Names survey-core resolves itself before looking at answers (`SurveyValueGetterContext`). */
const BUILT_IN_VARIABLES = new Set([
  'locale', 'pageno', 'pagecount', 'correctedanswers', 'correctanswers', 'correctedanswercount',
  'incorrectedanswers', 'incorrectanswers', 'incorrectedanswercount', 'questioncount',
]);

function functionNames(expression: string): string[] {
  // Strip string literals and {variables} so that "f(" inside them is not taken for a call.
  const bare = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\{[^}]*\}/g, ' ');
  return [...bare.matchAll(/([A-Za-z_][\w]*)\s*\(/g)].map((m) => m[1]!.toLowerCase());
}

export interface ExpressionScope {
  /** Lower-cased names of questions and calculated values that an expression may read. */
  knownNames: ReadonlySet<string>;
  /** True when the element sits in a panel, where `{panel.x}` means a question of that panel. */
  inPanel: boolean;
}

/** Why the fast path cannot evaluate this expression exactly as a `Model` would, or null. */
export function unsupportedIn(expression: string, scope: ExpressionScope): string | null {
  const runner = new ConditionRunner(expression);
  if (!runner.canRun()) return `expression '${expression}' cannot be parsed`;
  if (runner.isAsync) return `async function in '${expression}'`;
  for (const fn of functionNames(expression)) {
    if (!PURE_FUNCTIONS.has(fn)) return `function ${fn}() in '${expression}'`;
  }
  for (const variable of runner.getVariables()) {
    const lower = variable.toLowerCase();
    if (lower === '$survey.locale') continue; // '' on the server in both paths (no locale is set)
    if (lower.startsWith('$')) return `element property {${variable}}`;
    const first = lower.split(/[.[]/)[0]!;
    if (BUILT_IN_VARIABLES.has(first) && !scope.knownNames.has(first)) return `survey variable {${variable}}`;
    if (first === 'panel' && !scope.knownNames.has('panel')) {
      if (!scope.inPanel) return `{${variable}} outside a panel`;
      continue;
    }
    if (first === 'row' || first === 'item' || first === 'choice' || first === 'parentpanel' || first === 'composite') {
      return `context variable {${variable}}`;
    }
    if (lower.endsWith('-unwrapped') || lower.includes('-total')) return `variable {${variable}}`;
  }
  return null;
}

export type Values = Record<string, unknown>;

export class Condition {
  private readonly runner: ConditionRunner;
  constructor(readonly expression: string) {
    this.runner = new ConditionRunner(expression);
  }
  run(values: Values): boolean {
    return this.runner.runValues(values);
  }
}

export class Expression {
  private readonly runner: ExpressionRunner;
  constructor(readonly expression: string) {
    this.runner = new ExpressionRunner(expression);
  }
  run(values: Values): unknown {
    return this.runner.runValues(values);
  }
}
