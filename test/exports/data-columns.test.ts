import { describe, expect, it } from 'vitest';
import { spssNames } from '../../server/exports/data/columns.ts';
import { guardFormula } from '../../server/exports/data/csv.ts';

describe('SPSS variable names', () => {
  it('start with a letter, hold only letters, digits, _ and ., fit 64 bytes, and are unique regardless of case', () => {
    const long = `kysymys_${'a'.repeat(80)}`;
    const names = spssNames(['tyytyvaisyys.terveys', 'alueet-Comment', '1_valinta', 'Ikä', 'ikä', 'with', long, long, 'loppu.']);
    for (const n of names) {
      expect(n).toMatch(/^[A-Za-z][A-Za-z0-9_.]*$/);
      expect(Buffer.byteLength(n)).toBeLessThanOrEqual(64);
      expect(n.endsWith('.')).toBe(false);
    }
    expect(new Set(names.map((n) => n.toUpperCase())).size).toBe(names.length);
    expect(names.slice(0, 5)).toEqual(['tyytyvaisyys.terveys', 'alueet_Comment', 'v_1_valinta', 'Ika', 'ika_2']);
    expect(names[5]).toBe('with_');
  });
});

describe('the CSV formula guard', () => {
  it('prefixes what a spreadsheet would run, and a leading apostrophe so it can be undone', () => {
    expect(['=1+1', '+358', '-5', '@A1', '\t=1', '\r=1', "'x"].map(guardFormula)).toEqual(["'=1+1", "'+358", "'-5", "'@A1", "'\t=1", "'\r=1", "''x"]);
    expect(['äiti', '1+1', ' =1', '😀', 'שלום'].map(guardFormula)).toEqual(['äiti', '1+1', ' =1', '😀', 'שלום']);
  });
});
