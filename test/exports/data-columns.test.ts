import { describe, expect, it } from 'vitest';
import { spssNames } from '../../server/exports/data/columns.ts';

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
