// Redaction of personal data from Finnish and Swedish open answers, measured on a corpus written for
// the test (test/privacy/redaction-corpus.ts), with precision and recall per kind printed.
import { describe, expect, it } from 'vitest';
import { REDACTION_KINDS, isValidIdentityCode, redactText } from '../../server/privacy/redact.ts';
import { REDACTION_CORPUS, parseAnnotated, type GoldSpan } from './redaction-corpus.ts';

interface Tally {
  found: number;
  foundRight: number;
  gold: number;
  goldFound: number;
  goldCovered: number;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function measure() {
  const tallies = new Map<string, Tally>(
    REDACTION_KINDS.map((kind) => [kind, { found: 0, foundRight: 0, gold: 0, goldFound: 0, goldCovered: 0 }]),
  );
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const sentence of REDACTION_CORPUS) {
    const { text, spans: gold } = parseAnnotated(sentence.annotated);
    const { spans: found } = redactText(text, sentence.lang);
    for (const span of found) {
      const tally = tallies.get(span.kind)!;
      tally.found++;
      if (gold.some((g) => g.kind === span.kind && overlaps(g, span))) tally.foundRight++;
      else falseAlarms.push(`${span.kind}: "${text.slice(span.start, span.end)}" in "${text}"`);
    }
    for (const g of gold as GoldSpan[]) {
      const tally = tallies.get(g.kind)!;
      tally.gold++;
      const same = found.filter((f) => f.kind === g.kind && overlaps(f, g));
      if (same.length > 0) tally.goldFound++;
      else misses.push(`${g.kind}: "${text.slice(g.start, g.end)}" in "${text}"`);
      // Covered: every character of the marked item is replaced, none of it left readable.
      let covered = true;
      for (let i = g.start; i < g.end; i++) if (!same.some((f) => f.start <= i && i < f.end)) covered = false;
      if (covered) tally.goldCovered++;
    }
  }
  return { tallies, misses, falseAlarms };
}

describe('redaction corpus', () => {
  it('has at least 60 sentences in both languages, with and without personal data', () => {
    expect(REDACTION_CORPUS.length).toBeGreaterThanOrEqual(60);
    for (const lang of ['fi', 'sv'] as const) {
      const mine = REDACTION_CORPUS.filter((s) => s.lang === lang).map((s) => parseAnnotated(s.annotated));
      expect(mine.filter((s) => s.spans.length > 0).length).toBeGreaterThanOrEqual(15);
      expect(mine.filter((s) => s.spans.length === 0).length).toBeGreaterThanOrEqual(10);
    }
    // Every identity code marked in the corpus has a valid check character.
    for (const s of REDACTION_CORPUS) {
      for (const g of parseAnnotated(s.annotated).spans.filter((x) => x.kind === 'identity-code')) {
        expect(isValidIdentityCode(parseAnnotated(s.annotated).text.slice(g.start, g.end))).toBe(true);
      }
    }
  });

  it('finds each kind with the precision and recall it is held to', () => {
    const { tallies, misses, falseAlarms } = measure();
    const rows = [...tallies].map(([kind, t]) => ({
      kind,
      items: t.gold,
      precision: t.found ? t.foundRight / t.found : 1,
      recall: t.gold ? t.goldFound / t.gold : 1,
      covered: t.gold ? t.goldCovered / t.gold : 1,
    }));
    console.log(
      ['kind            items  precision  recall  fully covered']
        .concat(
          rows.map(
            (r) =>
              `${r.kind.padEnd(16)}${String(r.items).padStart(5)}  ${r.precision.toFixed(3).padStart(9)}  ${r.recall
                .toFixed(3)
                .padStart(6)}  ${r.covered.toFixed(3).padStart(13)}`,
          ),
        )
        .concat(misses.map((m) => `missed ${m}`), falseAlarms.map((f) => `false alarm ${f}`))
        .join('\n'),
    );
    for (const r of rows) expect(r.items).toBeGreaterThanOrEqual(5);
    // The floors. Kinds with a shape (e-mail, identity code, phone, address) have no excuse on sentences
    // written to the rules' documented scope: anything below 1 there is a bug. Names rest on a list and
    // capitalisation, and the corpus holds a name in lower case and one not on the list, which the rules cannot see by design:
    // recall 0.9 leaves room for that kind of miss and no more; precision 0.9 catches a rule that
    // starts taking words at the start of a sentence or places for names.
    const floors: Record<string, { precision: number; recall: number }> = {
      email: { precision: 1, recall: 1 },
      'identity-code': { precision: 1, recall: 1 },
      phone: { precision: 1, recall: 1 },
      address: { precision: 1, recall: 1 },
      name: { precision: 0.9, recall: 0.9 },
    };
    for (const r of rows) {
      expect(r.precision, `${r.kind} precision`).toBeGreaterThanOrEqual(floors[r.kind]!.precision);
      expect(r.recall, `${r.kind} recall`).toBeGreaterThanOrEqual(floors[r.kind]!.recall);
    }
    // What is found is found whole: no half-redacted phone number or address left readable.
    for (const r of rows.filter((x) => x.kind !== 'name')) expect(r.covered, `${r.kind} covered`).toBe(1);
  });
});

describe('redactText', () => {
  it('replaces with the tokens of the language and reports spans of the original text', () => {
    const text = 'Soita Matti Virtaselle 040 123 4567 tai matti@example.fi.';
    const fi = redactText(text, 'fi');
    expect(fi.text).toBe('Soita [nimi] [puhelin] tai [sähköposti].');
    expect(fi.spans.map((s) => [s.kind, text.slice(s.start, s.end)])).toEqual([
      ['name', 'Matti Virtaselle'],
      ['phone', '040 123 4567'],
      ['email', 'matti@example.fi'],
    ]);
    expect(redactText('Ring Erik på 040 123 4567, Storgatan 3, 131052-308T.', 'sv').text).toBe(
      'Ring [namn] på [telefon], [adress], [personbeteckning].',
    );
    expect(redactText('', 'fi')).toEqual({ text: '', spans: [] });
  });

  it('accepts an identity code only with a real date and its check character', () => {
    expect(isValidIdentityCode('131052-308T')).toBe(true);
    expect(isValidIdentityCode('131052-308A')).toBe(false);
    expect(isValidIdentityCode('010594Y123W')).toBe(true); // a 2023 century sign
    expect(isValidIdentityCode('300223A1234')).toBe(false); // 30 February
    expect(isValidIdentityCode('131052-000T')).toBe(false); // individual numbers start at 002
    expect(redactText('Tunnus 131052-308A.', 'fi').spans).toEqual([]);
  });
});
