import { describe, expect, it } from 'vitest';
import { isCrossTabulable } from '../../client/workspace/results/model.ts';
import type { Variable } from '../../client/workspace/results/api/types.ts';

const variable = (key: string, kind: Variable['kind']) => ({ key, question: key.split(':')[0]!, kind, title: key, subtitle: null, visibleIf: null, categories: [] }) as Variable;

describe("the cross-tabulation's pickers", () => {
  it('offer single choices and coded themes, not other multiple choices or open questions', () => {
    expect(isCrossTabulable(variable('ikaryhma', 'single'))).toBe(true);
    expect(isCrossTabulable(variable('elama', 'rating'))).toBe(true);
    expect(isCrossTabulable(variable('avoin:codes', 'multi'))).toBe(true);
    // The server refuses these as a cross-tab's variable (not_crosstabulable).
    expect(isCrossTabulable(variable('alueet', 'multi'))).toBe(false);
    expect(isCrossTabulable(variable('avoin', 'text'))).toBe(false);
  });
});
