import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invitationsCsv } from '../../server/distribution/invitations-csv.ts';
import { guardFormula, unguardFormula } from '../../server/exports/formula-guard.ts';

/*
 * The one formula guard every export uses (server/exports/formula-guard.ts), as a rule over all
 * strings: what comes out has no line a spreadsheet would read as a formula, and undoing it (what
 * the SPSS syntax does) gives back exactly what went in. The LibreOffice test
 * (formula-guard.test.ts) shows the files built with it are read as text.
 */

const LINE_BREAK = /\r\n|\r|\n/;
// What a spreadsheet reads as the start of a formula at the start of a cell (OWASP), with the
// full-width forms Apple Numbers folds to them; CR is also a line break, so only the text's
// first character can be one.
const FORMULA_START = /^[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Strings made mostly of the characters that matter here, and some of anything else. */
const texts = fc.oneof(
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', "'", '\uFF1D', 'a', ' ', '1', 'ä', '😀'), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

describe('the formula guard', () => {
  it('leaves no line of any text starting a formula, and undoing it gives the text back', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const guarded = guardFormula(text);
        expect(guarded).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
        for (const line of guarded.split(LINE_BREAK)) expect(line).not.toMatch(FORMULA_START);
        expect(unguardFormula(guarded)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('only ever adds apostrophes, one at the start of a line at most, and touches nothing else', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const guarded = guardFormula(text);
        const lines = text.split(LINE_BREAK);
        const guardedLines = guarded.split(LINE_BREAK);
        expect(guardedLines).toHaveLength(lines.length);
        guardedLines.forEach((line, i) => {
          const original = lines[i]!;
          // The first line also gets one when the text begins with a line break (CR).
          expect([original, `'${original}`]).toContain(line);
          if (/^[=+\-@\t']/.test(original)) expect(line).toBe(`'${original}`);
        });
        if (!/(?:^|[\r\n])[=+\-@\t\r'\uFF1D\uFF0B\uFF0D\uFF20]/.test(text)) expect(guarded).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('guards a formula at the start of a text or of any line in it, DDE included', () => {
    const cases: [string, string][] = [
      ['=1+1', "'=1+1"],
      ['Rivi A\r=1+1', "Rivi A\r'=1+1"],
      ['x\n=1+1', "x\n'=1+1"],
      ['Rivi\r\n=1+1', "Rivi\r\n'=1+1"],
      ['\r+1', "'\r'+1"],
      ['\r\n-2+3', "'\r\n'-2+3"],
      ['\t@SUM(1)', "'\t@SUM(1)"],
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
      ['@SUM(1+1)', "'@SUM(1+1)"],
      ['-5', "'-5"],
      ['+358 40 123', "'+358 40 123"],
      ["'lainaus", "''lainaus"],
      ['rivi\n\'lainaus', "rivi\n''lainaus"],
      ['\uFF1D1+1', "'\uFF1D1+1"],
    ];
    for (const [text, guarded] of cases) {
      expect(guardFormula(text), JSON.stringify(text)).toBe(guarded);
      expect(unguardFormula(guarded)).toBe(text);
    }
    for (const text of ['äiti', '1+1', ' =1', 'a=b\nc+d', '😀', 'שלום', 'rivi yksi\nrivi kaksi', '']) expect(guardFormula(text)).toBe(text);
  });
});

describe('the invitations CSV', () => {
  it('guards a label with a formula on its second line and quotes it, so it stays one row', () => {
    const labels = ['Koulu C\n=1+1', 'Koulu D\r@SUM(1)', '=HYPERLINK("http://x")', 'Tavallinen'];
    const csv = invitationsCsv(labels.map((label, i) => ({ label, url: `https://kuulo.example/l/${i}`, status: 'open' })));
    // No line of the file, wherever a reader breaks it, starts a formula.
    for (const line of csv.replace(/^\uFEFF/, '').split(LINE_BREAK)) expect(line).not.toMatch(/^"?[=+\-@\t]/);
    const records = parse(csv, { bom: true }) as string[][];
    expect(records).toEqual([
      ['label', 'link', 'status'],
      ["Koulu C\n'=1+1", 'https://kuulo.example/l/0', 'open'],
      ["Koulu D\r'@SUM(1)", 'https://kuulo.example/l/1', 'open'],
      ['\'=HYPERLINK("http://x")', 'https://kuulo.example/l/2', 'open'],
      ['Tavallinen', 'https://kuulo.example/l/3', 'open'],
    ]);
  });
});
