// Finnish-aware search of open answers: words are compared by their Snowball Finnish stems, so
// "kirjasto" finds "kirjastoon", "kirjastossa" and "kirjastot". The stemmer is @orama/stemmers'
// Finnish one (a port of Snowball's algorithm, maintained with the Orama search engine); writing
// a Finnish stemmer by hand would repeat Snowball's rules without its tests.
import { stemmer } from '@orama/stemmers/finnish';

const WORD = /[\p{L}\p{N}]+/gu;

// Finnish needs no locale-specific lower-casing (unlike Turkish), and toLowerCase is many times faster.
// Answers share most of their words: each word is stemmed once, not once per answer and search.
// Bounded so that a flood of distinct words cannot grow it without end.
const memo = new Map<string, string>();
const MEMO_MAX = 200_000;
const DIGITS = /^[0-9]+$/;
function stem(word: string): string {
  // A number has no inflection to strip (the stemmer gives it back as it is), and answers' numbers
  // are mostly distinct: stemming and remembering each would be most of the work.
  if (DIGITS.test(word)) return word;
  let s = memo.get(word);
  if (s === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    s = stemmer(word);
    memo.set(word, s);
  }
  return s;
}

/** The stems of a text's words, lower-cased. */
export function stems(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map(stem);
}

/** One searched word: its stem, and whether it matches any stem that starts with it (`word*`). */
export interface SearchTerm {
  readonly stem: string;
  readonly prefix: boolean;
}

/** The searched words as stems; a word ending in `*` is a prefix. */
export function parseSearch(search: string): SearchTerm[] {
  return (search.toLowerCase().match(/[\p{L}\p{N}]+\*?/gu) ?? []).map((w) => (w.endsWith('*') ? { stem: stemmer(w.slice(0, -1)), prefix: true } : { stem: stemmer(w), prefix: false }));
}

/** A text has every term: the test the cached index (stem-index.ts) answers, on one text as it is now. */
export function matchesAll(text: string, terms: readonly SearchTerm[]): boolean {
  const words = stems(text);
  return terms.every((w) => words.some((s) => (w.prefix ? s.startsWith(w.stem) : s === w.stem)));
}

export const termsLabel = (terms: readonly SearchTerm[]) => terms.map((w) => (w.prefix ? `${w.stem}*` : w.stem));

/**
 * Answers whose words include every searched word's stem. A searched word ending in `*` matches
 * any word whose stem starts with its own (for compounds: `liikunta*` finds "liikuntapaikat").
 */
export function searchTexts<T extends { value: string }>(texts: readonly T[], search: string): { stems: string[]; matches: T[] } {
  const wanted = parseSearch(search);
  if (wanted.length === 0) return { stems: [], matches: [] };
  return { stems: termsLabel(wanted), matches: texts.filter((t) => matchesAll(t.value, wanted)) };
}
