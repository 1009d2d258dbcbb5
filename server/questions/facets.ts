import type { LocalizedText } from '../surveys/envelope.ts';
import type { ValueSpec } from '../validation/shape.ts';
import type { Q } from './reading.ts';
import type { ResultKind } from './result-kinds.ts';

/**
 * What one SurveyJS question type is to Kuulo: the facets every part that handles answers reads.
 * The entries are in kinds.ts; this module holds only their types, so that the validator, the
 * results and the exports can name them without importing the registry's code.
 */

/** How an answer becomes rows of the `answers` table (see server/validation/answer-rows.ts). */
export type RowKind =
  | { kind: 'choice' }
  | { kind: 'multi' }
  | { kind: 'boolean'; valueTrue: unknown }
  | { kind: 'text' }
  | { kind: 'matrix' }
  | { kind: 'cells'; columns: Map<string, RowKind> }
  | { kind: 'items' }
  | { kind: 'ranking' }
  | { kind: 'file' }
  | { kind: 'dynamic'; inner: Map<string, RowKind> };

export interface Category {
  readonly value: string;
  readonly label: LocalizedText;
  /** Left out of means and medians ("can't say"). */
  readonly nonSubstantive: boolean;
}

/**
 * An analysable variable of a survey: what a results table can be made of. One question can give
 * several (a matrix one per row, a matrix-dropdown one per cell, a multiple text one per item, an
 * "other" choice an open text). Keys are the `answers.question` names, so a variable's tallies are
 * the rows of the answers table with that question.
 */
export interface Variable {
  readonly key: string;
  /** The SurveyJS question it belongs to. */
  readonly question: string;
  readonly kind: ResultKind;
  readonly title: LocalizedText;
  /** For matrix rows, cells and items: the row/column/item's own label. */
  readonly subtitle: LocalizedText | null;
  readonly categories: readonly Category[];
  /** The SurveyJS `visibleIf` of the question (its n is those shown it who answered). */
  readonly visibleIf: string | null;
  readonly page: string | null;
  /**
   * For an inner question of a dynamic matrix (a column) or a dynamic panel (a panel question):
   * the variable counts respondents (a choice is "chosen in at least one row", a number is the
   * respondent's total over rows), and `perRow` says whether its figures can also be read per row
   * or panel (one value per entry: a single choice, a rating, a boolean, a number).
   */
  readonly entries?: { readonly unit: 'row' | 'panel'; readonly perRow: boolean };
}

/** What every variable of one question shares; `key` is the question's own answer key. */
export type VariableBase = Omit<Variable, 'kind' | 'categories'>;

export interface QuestionKind {
  /** survey-core's type name (`getType()`, lower case). */
  readonly type: string;
  /** False for elements that show something and hold no answer (html, image): their names are not answer keys. */
  readonly holdsAnswer: boolean;
  /**
   * The fast validator reproduces this type; a survey with a question of a type that is not is
   * judged by survey-core alone (the full path), which is slower but as exact.
   */
  readonly fast: boolean;
  /** May be a cell of a matrixdropdown on the fast path. */
  readonly fastCell: boolean;
  /** Picks from a list of choices that the survey's logic can narrow (choicesVisibleIf, choicesFromQuestion). */
  readonly choices: boolean;
  /** May show an "other" item whose text is the `<name>-Comment` answer. */
  readonly otherItem: boolean;
  /** Counts picks against minSelectedChoices, none-like items excepted. */
  readonly minSelected: boolean;
  /**
   * Questions inside it, whose types the survey-file check looks at too: a dynamic panel's
   * template (`panel`), a matrix's cells (`cells`, by each column's cellType); null for none.
   */
  readonly inner: 'panel' | 'cells' | null;
  /**
   * Its columns may have totals (`totalType`), which survey-core computes and keeps beside the
   * answer as `<name>-total`: never an answer, so both validator paths ignore that key.
   */
  readonly columnTotals: boolean;
  /** An answer must order every item it shows (a ranking without selectToRankEnabled). */
  ranksEvery(q: Q): boolean;
  /** Rows that must each be answered once the question is (a matrix's eachRowRequired), else null. */
  rowsRequired(q: Q): string[] | null;
  /** A text input: its inputType sets number limits, e-mail checks and masks. */
  readonly textInput: boolean;
  /** The answer's shape, whatever the survey's logic says (checked by server/validation/shape.ts). */
  shape(q: Q): ValueSpec;
  /** How its answer becomes rows of `answers`. */
  rows(q: Q): RowKind;
  /** Its results variables, in form order; `[]` for a question that has none (a file upload). */
  variables(q: Q, base: VariableBase): Variable[];
  /**
   * The results kinds its variables can have. A question's export columns and whether it can be
   * charted follow from these (server/questions/result-kinds.ts): a matrix row is charted as a
   * single choice, a multiple-text item typed as a number is a number column.
   */
  readonly results: readonly ResultKind[];
  /** A question of this type and an answer to it: the registry test builds a survey of each and follows the answer through. */
  readonly example: { readonly question: Record<string, unknown>; readonly answer: unknown };
}
