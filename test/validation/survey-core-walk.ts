import { Model, settings } from 'survey-core';
import { deepEqual, isEmpty, isPlainObject, withoutEmptyMembers } from '../../server/validation/values.ts';

/**
 * survey-core's own verdict on an answer, reached the way a respondent reaches it: the answers of
 * each page are typed in while that page is shown (so a `complete` trigger fires on the page where
 * its condition first holds, and survey-core offers "Complete" there), each page must pass
 * survey-core's validation before the next, and the survey is completed with survey-core's default
 * clearing of hidden answers. The answer is survey-core's if it completes and survey-core kept
 * every sent value as it was; what it computes (expressions, calculated values, column totals) is
 * its own. This is independent of the server's validator: it shares none of its code but the
 * emptiness rule, and it uses survey-core's navigation, triggers and clearing, which the server
 * does not call.
 *
 * Where Kuulo is stricter than a survey-core model fed arbitrary data, on purpose, the rule is
 * written here in its own words, because the browser cannot produce such an answer (see each).
 */

type Any = Record<string, any>;

export type WalkVerdict = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string };

export function surveyCoreVerdict(definition: object, sent: Record<string, unknown>): WalkVerdict {
  const model = new Model(definition) as unknown as Any;
  try {
    const suffix = model.commentSuffix || settings.commentSuffix;
    const questions = model.getAllQuestions(false, false, false) as Any[];
    const computed = new Set<string>();
    const commentable = new Map<string, Any>();
    const names = new Set<string>();
    for (const q of questions) {
      names.add(q.getValueName());
      if (q.getType() === 'expression') computed.add(q.getValueName());
      if (q.showOtherItem || q.showCommentArea) commentable.set(q.getValueName(), q);
      if (q.getType() === 'matrixdropdown' || q.getType() === 'matrixdynamic') computed.add(q.getValueName() + settings.matrix.totalsSuffix);
    }
    for (const c of (model.calculatedValues ?? []) as Any[]) computed.add(String(c.name));

    const given: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(sent)) {
      const value = withoutEmptyMembers(raw);
      if (isEmpty(value) || computed.has(key)) continue;
      // Kuulo: a key that is no question's (nor an allowed comment's) is refused; survey-core keeps it.
      const base = key.endsWith(suffix) ? key.slice(0, -suffix.length) : null;
      if (!names.has(key) && !(base !== null && commentable.has(base))) return { ok: false, reason: `unknown key ${key}` };
      given[key] = value;
    }
    for (const [base, q] of commentable) {
      // Kuulo: a description of "other" with "other" not picked is refused; survey-core keeps it.
      if (!Object.hasOwn(given, base + suffix) || q.showCommentArea) continue;
      const v = given[base];
      const other = q.otherItem?.value;
      if (!(Array.isArray(v) ? v.includes(other) : v === other)) return { ok: false, reason: `comment on ${base} without other` };
    }

    for (let guard = 0; model.state === 'running' && guard < 1000; guard++) {
      const page = model.currentPage as Any;
      for (const q of page.questions as Any[]) {
        const name = q.getValueName();
        // Through the question, as the form's inputs do (the survey's setValue of a comment key
        // does not reach an "other" item's text).
        if (Object.hasOwn(given, name)) q.value = structuredClone(given[name]);
        if (Object.hasOwn(given, name + suffix)) q.comment = given[name + suffix];
      }
      const last = model.isLastPage || model.canBeCompletedByTrigger;
      if (last) {
        const rule = strictness(model);
        if (rule) return { ok: false, reason: rule };
      }
      const moved = last ? model.completeLastPage() : model.nextPage();
      if (!moved) return { ok: false, reason: `errors on page ${page.name}` };
    }
    if (model.state !== 'completed') return { ok: false, reason: 'did not complete' };

    const kept: Record<string, unknown> = {};
    const data = model.data as Record<string, unknown>;
    for (const [key, value] of Object.entries(data)) {
      if (key.endsWith(settings.matrix.totalsSuffix) && computed.has(key)) continue;
      if (!isEmpty(value)) kept[key] = value;
    }
    for (const [key, value] of Object.entries(given)) {
      if (!deepEqual(withoutEmptyMembers(kept[key]), value)) return { ok: false, reason: `survey-core did not keep ${key} as sent` };
    }
    for (const key of Object.keys(kept)) {
      if (!Object.hasOwn(given, key) && !computed.has(key)) return { ok: false, reason: `survey-core added ${key}` };
    }
    return { ok: true, data: kept };
  } finally {
    model.dispose();
  }
}

/** Kuulo's refusals of what the browser cannot send, checked on the model about to complete. */
function strictness(model: Any): string | null {
  for (const q of model.getAllQuestions(true, false, false) as Any[]) {
    const type = q.getType();
    // The add button is gone at the limit: more entries than that never come from the form.
    if (type === 'matrixdynamic' && q.maxRowCount > 0 && q.rowCount > q.maxRowCount) return `${q.name}: too many rows`;
    if (type === 'paneldynamic' && q.maxPanelCount > 0 && q.panelCount > q.maxPanelCount) return `${q.name}: too many panels`;
    // Kuulo's form clears a cell as it is hidden (clearInvisibleValues: 'onHidden'); a model fed
    // the data at once keeps it, since it was never shown and then hidden.
    if (type === 'matrixdynamic' || type === 'matrixdropdown') {
      for (const row of q.visibleRows as Any[]) {
        for (const cell of row.cells as Any[]) {
          if (cell.question && !cell.question.isVisible && !isEmpty(cell.question.value)) return `${q.name}: hidden cell ${cell.column.name}`;
        }
      }
    }
  }
  return null;
}

/** Whether the server's verdict is survey-core's: both refuse, or both accept and store the same data. */
export function agrees(server: { ok: boolean; data?: Record<string, unknown> }, walk: WalkVerdict): boolean {
  if (!server.ok || !walk.ok) return server.ok === walk.ok;
  const stored: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(server.data ?? {})) if (!isEmpty(v)) stored[k] = v;
  const expected: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(walk.data)) if (!k.endsWith(settings.matrix.totalsSuffix)) expected[k] = v;
  return deepEqual(stored, expected) || deepEqual(JSON.parse(JSON.stringify(stored)), JSON.parse(JSON.stringify(expected)));
}

export { isPlainObject };
