import { Model } from 'survey-core';
import type { Category, Variable } from '../questions/facets.ts';
import { computedVariables, variablesOf } from '../questions/kinds.ts';
import { localized, type Q } from '../questions/reading.ts';
import type { ResultKind } from '../questions/result-kinds.ts';
import type { LocalizedText } from '../surveys/envelope.ts';

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
      const own = withScaleEnds(q, variablesOf(q, base));
      if (q.showOtherItem || q.showCommentArea) {
        own.push({ ...base, key: `${name}-Comment`, subtitle: localized(q.showOtherItem ? q.otherItem?.locText : q.locCommentText, 'other'), kind: 'text', categories: [] });
      }
      variables.push(...own.map(labelled));
    }
    // Calculated values the survey keeps in its result are answers the server computed: variables
    // like an expression question's, titled by their name (they have no title of their own).
    for (const calc of (model.calculatedValues ?? []) as unknown as Q[]) {
      if (!calc.includeIntoResult) continue;
      const name = String(calc.name);
      variables.push(...computedVariables(calc.expression, { key: name, question: name, title: name, subtitle: null, visibleIf: null, page: null }));
    }
    return variables;
  } finally {
    model.dispose();
  }
}

/** Between a question's title and its part's (a matrix row, a cell, an item, the "other" text). */
export const PART_SEPARATOR = ' — ';

const languagesOf = (text: LocalizedText) => (typeof text === 'string' ? [] : Object.keys(text));
const inLanguage = (text: LocalizedText, language: string) =>
  typeof text === 'string' ? text : (text[language] ?? text.default ?? Object.values(text)[0] ?? '');

/** Two texts joined language by language; a language one of them lacks takes that one's default. */
export function joinTexts(first: LocalizedText, second: LocalizedText, separator = PART_SEPARATOR): LocalizedText {
  const languages = [...new Set([...languagesOf(first), ...languagesOf(second)])];
  if (languages.length === 0) return `${inLanguage(first, 'default')}${separator}${inLanguage(second, 'default')}`;
  return Object.fromEntries(languages.map((l) => [l, `${inLanguage(first, l)}${separator}${inLanguage(second, l)}`]));
}

/**
 * A part of a question is named with its question everywhere ("<matrix title> — <row text>"): the
 * 18 rows of a matrix would otherwise be 18 identical entries in every picker, chart, slide and
 * export column. The whole name is the title, so every consumer shows it without composing it; the
 * subtitle is then empty (it would repeat the title's end).
 */
function labelled(variable: Variable): Variable {
  if (variable.subtitle === null) return variable;
  return { ...variable, title: joinTexts(variable.title, variable.subtitle), subtitle: null };
}

/**
 * A rating scale's end descriptions ("Erittäin tyytymätön" … "Erittäin tyytyväinen") belong to its
 * end values, so charts and slides that list the values show them: "1 Erittäin tyytymätön", as a
 * matrix's scale columns are usually written. A value that has its own text keeps it.
 */
function withScaleEnds(q: Q, variables: Variable[]): Variable[] {
  if (q.getType?.() !== 'rating') return variables;
  const ends = [localized(q.locMinRateDescription, ''), localized(q.locMaxRateDescription, '')];
  return variables.map((v) => {
    if (v.categories.length < 2) return v;
    const last = v.categories.length - 1;
    // The scale's ends are its substantive values' first and last ("can't say" stays as it is).
    const substantive = v.categories.map((c, i) => (c.nonSubstantive ? -1 : i)).filter((i) => i >= 0);
    const at = [substantive[0] ?? 0, substantive.at(-1) ?? last];
    const categories = v.categories.map((c, i) => {
      const end = i === at[0] ? ends[0] : i === at[1] ? ends[1] : '';
      if (end === undefined || end === '' || inLanguage(c.label, 'default') !== c.value) return c;
      return { ...c, label: joinTexts(c.value, end, ' ') };
    });
    return { ...v, categories };
  });
}
