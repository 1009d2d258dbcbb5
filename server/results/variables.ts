import { Model } from 'survey-core';
import type { Category, Variable } from '../questions/facets.ts';
import { variablesOf } from '../questions/kinds.ts';
import { localized, type Q } from '../questions/reading.ts';
import type { ResultKind } from '../questions/result-kinds.ts';

/**
 * The analysable variables of a survey: what a results table can be made of. Which variables a
 * question gives, and of which kind, is its entry's `variables` in server/questions/kinds.ts (a
 * matrix one per row, a matrix-dropdown one per cell, a multiple text one per item); an "other"
 * choice or a comment area adds an open text. Keys are the `answers.question` names, so a
 * variable's tallies are the rows of the answers table with that question.
 */
export type { Category, Variable };
export type VariableKind = ResultKind;

/** Lists a definition's variables in form order. Builds one survey-core model, so call it once per version. */
export function surveyVariables(definition: object): Variable[] {
  const model = new Model(definition);
  try {
    const variables: Variable[] = [];
    for (const q of model.getAllQuestions(false, false, false) as unknown as Q[]) {
      const name = q.getValueName() as string;
      const base = { key: name, question: name, title: localized(q.locTitle, name), subtitle: null, visibleIf: (q.visibleIf as string) || null, page: (q.page?.name as string) ?? null };
      variables.push(...variablesOf(q, base));
      if (q.showOtherItem || q.showCommentArea) {
        variables.push({ ...base, key: `${name}-Comment`, subtitle: localized(q.showOtherItem ? q.otherItem?.locText : q.locCommentText, 'other'), kind: 'text', categories: [] });
      }
    }
    return variables;
  } finally {
    model.dispose();
  }
}
