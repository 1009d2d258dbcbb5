// Finds personal data in Finnish and Swedish open-text answers and replaces it with a token
// ([nimi], [puhelin] … / [namn], [telefon] …).
//
// Why rule-based: the answers must not leave the server, no Finnish/Swedish named-entity model is a
// well-kept npm package that runs on plain Node 20 without downloading weights, and a rule can be read,
// reviewed and tested by the data protection officer. The rules are strong where the data has a
// shape (e-mail addresses, Finnish phone numbers, personal identity codes whose check character is
// verified, street addresses with a house number) and weak where it has none:
// - names are found only from a bundled list of common first names (server/privacy/first-names.ts),
//   their Finnish inflected forms, capitalised words right after them (surnames), a title before a
//   capitalised word (rouva, herr…), and mid-sentence capitalised words with a typical surname ending
//   (-nen, -sson, -berg…). A rare first name alone, a name written in lower case, a nickname, or a
//   foreign surname alone are missed;
// - a first name that is also a common word (Onni, Toivo, Satu, Per, Bo…) counts only mid-sentence
//   (where a common word would not be capitalised) or when a surname follows;
// - an identity code with a wrong check character, a phone number without its area code, and an
//   address without a house number are not found;
// - everything else that identifies (a job title in a small municipality, a described event) is
//   beyond any rule: that is why a person reviews the proposals before they are applied.

import { FINNISH_FIRST_NAMES, SWEDISH_FIRST_NAMES } from './first-names.ts';

export type RedactionLanguage = 'fi' | 'sv';
export const REDACTION_KINDS = ['name', 'phone', 'email', 'identity-code', 'address'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export interface RedactionSpan {
  /** Offsets in the ORIGINAL text, end exclusive. */
  start: number;
  end: number;
  kind: RedactionKind;
}

export const REDACTION_TOKENS: Readonly<Record<RedactionLanguage, Readonly<Record<RedactionKind, string>>>> = {
  fi: {
    name: '[nimi]',
    phone: '[puhelin]',
    email: '[sähköposti]',
    'identity-code': '[henkilötunnus]',
    address: '[osoite]',
  },
  sv: {
    name: '[namn]',
    phone: '[telefon]',
    email: '[e-post]',
    'identity-code': '[personbeteckning]',
    address: '[adress]',
  },
};

// ---------------------------------------------------------------------------------------------
// Personal identity codes (henkilötunnus): DDMMYY, century sign, individual number, check character.
// https://dvv.fi/en/personal-identity-code ; the check character is (DDMMYYNNN mod 31) in the table
// below, and since 2023 the century signs Y X W V U (1900s) and B C D E F (2000s) join - and A.

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const CENTURY: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

/** Whether `code` is a well-formed personal identity code: a real date and the right check character. */
export function isValidIdentityCode(code: string): boolean {
  const match = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(code.toUpperCase());
  if (!match) return false;
  const [, dd, mm, yy, sign, individual, check] = match as unknown as string[];
  const century = CENTURY[sign!];
  if (century === undefined) return false;
  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (Number(individual) < 2) return false;
  return CHECK_CHARACTERS[Number(`${dd}${mm}${yy}${individual}`) % 31] === check;
}

const IDENTITY_CODE = /(?<![\p{L}\p{N}])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?![\p{L}\p{N}])/giu;

// ---------------------------------------------------------------------------------------------
// E-mail addresses: the common shape, not RFC 5322 (quoted local parts do not occur in answers).
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// ---------------------------------------------------------------------------------------------
// Finnish phone numbers: +358 / 00358 (with or without a (0)), or a leading 0 with its area or
// mobile prefix, then 5–8 more digits in groups separated by single spaces or hyphens. A run of
// digits that is part of something longer (an identity code, an account number) is not taken.
const PHONE =
  /(?<![\p{L}\p{N}+])(?:(?:\+|00)358[\s-]?(?:\(0\)[\s-]?)?\(?\d{1,3}\)?|\(0\d{1,3}\)|0\d{1,3})(?:[\s-]?\d){5,8}(?![\p{L}\p{N}]|[-]\d)/gu;

// ---------------------------------------------------------------------------------------------
// Street addresses: a capitalised word ending in a Finnish or Swedish street suffix (Finnish ones
// also in their inflected forms: Kauppakadulla, Ouluntiellä), then a house number, an optional
// staircase letter and flat number (B 12, as. 3, lgh 4), and an optional postcode with a town.
const STREET_SUFFIXES = [
  'katu', 'kadu(?:lla|lle|lta|n)',
  'tie', 'tie(?:llä|lle|ltä|n)',
  'kuja', 'kuja(?:lla|lle|lta|n)',
  'polku', 'polu(?:lla|lle|lta|n)',
  'väylä', 'väylä(?:llä|lle|ltä|n)',
  'raitti', 'raiti(?:lla|lle|lta|n)',
  'kaari', 'kaare(?:lla|lle|lta|n)',
  'rinne', 'rintee(?:llä|lle|ltä|n)',
  'ranta', 'ranna(?:lla|lle|lta|n)',
  'aukio', 'aukio(?:lla|lle|lta|n)',
  'tanhua', 'puistikko', 'kaarre', 'kierto', 'piha',
  'gatan', 'gata', 'vägen', 'väg', 'gränd', 'gränden', 'stigen', 'backen', 'allén', 'torget', 'leden', 'stråket',
].join('|');
// Numbered roads are not addresses (Valtatie 4, Kantatie 86).
const NOT_STREETS = /^(?:tie|katu|väg|vägen|gata|gatan|valtatie|kantatie|seututie|maantie|riksväg|stamväg)$/iu;
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\p{Lu}[\\p{Ll}]*(?:-\\p{L}[\\p{Ll}]*)*(?:${STREET_SUFFIXES}))` +
    `\\s+\\d{1,4}(?:-\\d{1,4})?(?:\\s?\\p{L}(?![\\p{L}])(?:\\s?\\d{1,3}(?![\\p{N}]))?)?` +
    `(?:\\s?(?:as\\.?|bst\\.?|lgh\\.?)\\s?\\d{1,4})?` +
    `(?:,?\\s+\\d{5}(?:\\s+\\p{Lu}\\p{Ll}+)?)?(?![\\p{N}])`,
  'gu',
);

// ---------------------------------------------------------------------------------------------
// Names.

// First names that are also ordinary words (Finnish: onni "luck", toivo "hope", satu "fairy tale",
// anna "give"…; Swedish: bo "live", per, stig "path", liv "life"…): at the start of a sentence they are
// more likely the word, so they count only mid-sentence or before a surname.
const AMBIGUOUS_FIRST_NAMES = new Set(
  (
    'aamu aarre anna arvo armas aura aulis helmi helinä into kaino lahja lauha lempi lilja lumi oiva onni ' +
    'pihla rauha satu sampo seppo tarmo taisto terttu toivo tuuli tyyne usko valo veli vieno vilja vappu ' +
    'bo per stig liv tor dan max kim sten rut tage moa vera siv ines tomas'
  ).split(' '),
);

// Words that a capitalised word after a first name must not be to be taken for a surname: words that
// are capitalised in both languages (organisations, the pronoun forms of letters) and the first word
// of a new sentence after a name that ends one.
const NOT_SURNAMES = new Set(
  'oy ab ky ry oyj kela thl hus ok kiitos tack hei hej moi terveisin hälsningar ja och'.split(' '),
);

const TITLES = new Set(
  (
    'herra rouva neiti tohtori lääkäri hoitaja opettaja rehtori sairaanhoitaja terveydenhoitaja kuraattori ' +
    'herr fru fröken doktor läkare lärare rektor sjuksköterska kurator'
  ).split(' '),
);

// Typical Finnish surname endings (with their inflected forms) and Swedish ones. Taken only
// mid-sentence, where Finnish and Swedish capitalise proper nouns alone.
const SURNAME_ENDING =
  /(?:nen|sen|selle|sella|sellä|selta|seltä|sesta|sestä|sson|ssons|ström|berg|lund|qvist|kvist|holm|dahl|gren|blom|stedt)$/u;
// Capitalised words with those endings that are places or common proper nouns, not surnames.
const SURNAME_ENDING_EXCEPTIONS = new Set(
  'stockholm stockholms göteborg bornholm suomen tanskan norjan venäjän ruotsin suomalainen'.split(' '),
);

const BACK_VOWEL = /[aou]/u;

/** Weak grade of the last syllable's consonant (Matti → Mati-n, Jukka → Juka-n, Sampo → Sammo-n). */
function weakStem(name: string): string {
  return name
    .replace(/(kk|pp|tt)([aeiouyäö])$/u, (_m, geminate: string, vowel: string) => geminate[0]! + vowel)
    .replace(/mp([aeiouyäö])$/u, 'mm$1')
    .replace(/nk([aeiouyäö])$/u, 'ng$1');
}

/** The Finnish case forms (and the Swedish genitive) a first name is met in. */
function nameForms(name: string): string[] {
  const a = BACK_VOWEL.test(name) ? 'a' : 'ä';
  const forms = [name, `${name}s`];
  let strong = name;
  let weak = name;
  if (/[^aeiouyäö]$/u.test(name)) {
    if (name.endsWith('s')) {
      // Elias → Eliakse-n, Eliasta
      forms.push(`${name}t${a}`);
      strong = weak = `${name.slice(0, -1)}kse`;
    } else {
      // Henrik → Henriki-n, Henrikiä
      strong = weak = `${name}i`;
    }
  } else {
    weak = weakStem(name);
  }
  forms.push(`${strong}${a}`, `${strong}n${a}`, `${strong}kin`, `${strong}k${a}${a}n`);
  for (const ending of ['n', 'lle', `ll${a}`, `lt${a}`, `ss${a}`, `st${a}`, 'ksi', 'nkin', 'llekin']) {
    forms.push(`${weak}${ending}`);
  }
  return forms;
}

interface NameEntry {
  ambiguous: boolean;
}

const FIRST_NAME_FORMS: ReadonlyMap<string, NameEntry> = (() => {
  const map = new Map<string, NameEntry>();
  const names = `${FINNISH_FIRST_NAMES} ${SWEDISH_FIRST_NAMES}`.split(/\s+/u).filter((n) => n.length > 1);
  for (const name of names) {
    const ambiguous = AMBIGUOUS_FIRST_NAMES.has(name);
    for (const form of nameForms(name)) {
      const known = map.get(form);
      // A form shared by an ambiguous and an unambiguous name stays ambiguous.
      map.set(form, { ambiguous: ambiguous || (known?.ambiguous ?? false) });
    }
  }
  return map;
})();

function firstNameEntry(word: string): NameEntry | undefined {
  const parts = word.toLowerCase().split('-');
  // Anna-Liisa, Eeva-Kaarina: every part a first name (the last one may be inflected).
  let ambiguous = true;
  for (const part of parts) {
    const entry = FIRST_NAME_FORMS.get(part);
    if (!entry) return undefined;
    ambiguous &&= entry.ambiguous;
  }
  return { ambiguous };
}

interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD = /\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*/gu;

function isCapitalised(word: string): boolean {
  const first = word[0]!;
  if (first === first.toLowerCase()) return false;
  // Acronyms (THL, KELA, HUS) are not names.
  return !(word.length > 1 && word === word.toUpperCase());
}

/** Whether a word begins a sentence (or the text), where Finnish and Swedish capitalise anything. */
function startsSentence(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && /[\s"'”“«»(\[]/u.test(text[i]!)) {
    if (text[i] === '\n') return true;
    i--;
  }
  return i < 0 || /[.!?:…•*–—-]/u.test(text[i]!);
}

function joinedBySpace(text: string, left: Word, right: Word): boolean {
  return /^ {1,2}$/u.test(text.slice(left.end, right.start));
}

function surnameLike(word: Word): boolean {
  return isCapitalised(word.text) && !NOT_SURNAMES.has(word.text.toLowerCase()) && word.text.length > 1;
}

function findNames(text: string): Array<{ start: number; end: number }> {
  const words: Word[] = [];
  for (const m of text.matchAll(WORD)) words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  const spans: Array<{ start: number; end: number }> = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const next = words[i + 1];
    const followedBySurname = next !== undefined && joinedBySpace(text, word, next) && surnameLike(next);
    let taken = false;
    let first = i;
    if (isCapitalised(word.text)) {
      const entry = firstNameEntry(word.text);
      if (entry && (!entry.ambiguous || !startsSentence(text, word.start) || followedBySurname)) taken = true;
      else if (
        !startsSentence(text, word.start) &&
        word.text.length >= 5 &&
        SURNAME_ENDING.test(word.text.toLowerCase()) &&
        !SURNAME_ENDING_EXCEPTIONS.has(word.text.toLowerCase())
      ) {
        taken = true;
      }
    }
    if (!taken && TITLES.has(word.text.toLowerCase()) && followedBySurname) {
      // "rouva Niskanen", "herr Lind": the title stays, the name goes.
      first = i + 1;
      taken = true;
    }
    if (!taken) {
      i++;
      continue;
    }
    // Take up to three more capitalised words: second names and the surname.
    let last = first;
    while (last - first < 3) {
      const a = words[last]!;
      const b = words[last + 1];
      if (!b || !joinedBySpace(text, a, b) || !surnameLike(b)) break;
      last++;
    }
    spans.push({ start: words[first]!.start, end: words[last]!.end });
    i = last + 1;
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------

/**
 * Finds personal data in `text` and returns the text with each finding replaced by its token in
 * `lang`, and the findings as spans of the original text. Kinds are looked for in order of how
 * certain their shape is (e-mail, identity code, phone, address, name); a later finding that overlaps
 * an earlier one is dropped, so an identity code's digits are never also a phone number.
 */
export function redactText(text: string, lang: RedactionLanguage): { text: string; spans: RedactionSpan[] } {
  const spans: RedactionSpan[] = [];
  const overlaps = (start: number, end: number) => spans.some((s) => start < s.end && s.start < end);
  const add = (start: number, end: number, kind: RedactionKind) => {
    if (end > start && !overlaps(start, end)) spans.push({ start, end, kind });
  };

  for (const m of text.matchAll(EMAIL)) add(m.index, m.index + m[0].length, 'email');
  for (const m of text.matchAll(IDENTITY_CODE)) {
    if (isValidIdentityCode(m[0])) add(m.index, m.index + m[0].length, 'identity-code');
  }
  for (const m of text.matchAll(PHONE)) add(m.index, m.index + m[0].length, 'phone');
  for (const m of text.matchAll(ADDRESS)) {
    if (!NOT_STREETS.test(m[1]!)) add(m.index, m.index + m[0].length, 'address');
  }
  for (const name of findNames(text)) add(name.start, name.end, 'name');

  spans.sort((x, y) => x.start - y.start);
  return { text: applySpans(text, spans, lang), spans };
}

/** `text` with each span replaced by its kind's token; spans must not overlap. */
export function applySpans(text: string, spans: readonly RedactionSpan[], lang: RedactionLanguage): string {
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    out += text.slice(at, span.start) + REDACTION_TOKENS[lang][span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}
