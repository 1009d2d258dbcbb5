import { redactText } from '../privacy/redact.ts';

/** The same words whatever their case, spacing and punctuation ("Bussi!" and "bussi"). */
export const sameWords = (answer: string) => answer.toLocaleLowerCase('fi').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

const NUMBER_TOKEN: Record<'fi' | 'sv', string> = { fi: '[numero]', sv: '[nummer]' };

/**
 * A quote with names and numbers taken out: personal data as the privacy module finds it
 * (names, phone numbers, e-mail and street addresses, identity codes: server/privacy/redact.ts),
 * then any number left (an age, a house number, a count that could single someone out).
 */
export function redactQuote(text: string, lang: 'fi' | 'sv'): string {
  return redactText(text, lang).text.replace(/\p{N}+(?:[.,:/-]\p{N}+)*/gu, NUMBER_TOKEN[lang]);
}

/** Longest quote, in characters: a report quotes a line, not a letter. */
export const QUOTE_MAX = 240;

/**
 * Up to `count` answers from `answers` (newest first, as the results give them): each distinct from
 * the others and from those already quoted (`said`, which it extends; the same words whatever their
 * case and punctuation), at least two words where enough have them, and taken at even steps over the
 * answers so that one busy day does not fill a slide. Decks and reports quote with it, and so do the
 * quotes per code (pickShortQuotes).
 */
export function pickQuotes(answers: readonly string[], count: number, said: Set<string>): string[] {
  const fresh: string[] = [];
  const seen = new Set<string>();
  for (const answer of answers) {
    const words = sameWords(answer);
    if (words === '' || said.has(words) || seen.has(words)) continue;
    seen.add(words);
    fresh.push(answer);
  }
  const substantive = fresh.filter((a) => sameWords(a).split(' ').length >= 2);
  const pool = substantive.length >= count ? substantive : fresh;
  const step = pool.length / Math.max(1, count);
  const chosen = pool.length <= count ? pool : Array.from({ length: count }, (_, i) => pool[Math.floor(i * step)]!);
  for (const answer of chosen) said.add(sameWords(answer));
  return chosen;
}

/** pickQuotes, each at most QUOTE_MAX long (a longer one is cut at a word and marked …). */
export function pickShortQuotes(answers: readonly string[], count: number, said: Set<string>): string[] {
  return pickQuotes(answers, count, said).map((a) => {
    const text = a.trim();
    if (text.length <= QUOTE_MAX) return text;
    const cut = text.slice(0, QUOTE_MAX - 1);
    return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), QUOTE_MAX / 2)).trimEnd()}…`;
  });
}
