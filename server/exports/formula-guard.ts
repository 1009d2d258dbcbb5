/**
 * The one rule for every text Kuulo writes into a spreadsheet file: the data exports (CSV, XLSX),
 * the results workbooks and the invitations list. Respondents and admins write these texts, and a
 * spreadsheet that reads one as a formula runs it (CSV injection, OWASP:
 * https://owasp.org/www-community/attacks/CSV_Injection).
 *
 * A text gets an apostrophe before it when it begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return, and so does every line inside it (after a line feed, a carriage return or both): a
 * reader that splits records at a line break inside a field, or a person who pastes one line of
 * a cell elsewhere, then still meets text, not a formula. The full-width forms of `= + - @` count
 * too (Apple Numbers folds them to the ASCII ones, as csv-stringify's own guard notes). A line
 * that already begins with an apostrophe gets one more, so the rule can be undone exactly
 * (`unguardFormula`, and the SPSS syntax, which does the same in SPSS's own terms).
 *
 * Written by hand because csv-stringify's `escape_formulas` looks only at a field's first
 * character, and exceljs has no guard at all; one function keeps CSV and XLSX alike.
 */

/** The characters that make a line a formula, plus the apostrophe that makes the rule reversible. */
const TRIGGER = "=+\\-@\\t\\r'\\uFF1D\\uFF0B\\uFF0D\\uFF20";

// A line starts at the beginning of the text, after a line feed, and after a carriage return that
// is not the first half of a CR LF pair (the pair is one line break).
const LINE_START = '(?:^|(?<=\\n)|(?<=\\r)(?!\\n))';

const GUARD = new RegExp(`${LINE_START}(?=[${TRIGGER}])`, 'g');
const UNGUARD = new RegExp(`${LINE_START}'`, 'g');
// Most texts contain neither a trigger at their start nor a line break: one cheap test skips them.
const MAYBE = new RegExp(`^[${TRIGGER}]|[\\r\\n]`);

/** `text` with an apostrophe before its first character and every line's that could start a formula. */
export function guardFormula(text: string): string {
  return MAYBE.test(text) ? text.replace(GUARD, "'") : text;
}

/** The original of a guarded text: one apostrophe fewer at the start of every line that has one. */
export function unguardFormula(text: string): string {
  return text.includes("'") ? text.replace(UNGUARD, '') : text;
}
