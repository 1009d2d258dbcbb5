import { CodeColumn, MaskColumn } from './columns.ts';
import type { ResponseIndex } from './response-index.ts';
import type { Variable } from './variables.ts';

/**
 * An earlier wave's answers in a later wave's categories (trend.ts): the index seen through a view
 * whose column for `key` holds each answer recoded by `choices` (old value → new; unlisted values
 * keep theirs: two old choices merged into one new one), and whose variable has the later wave's
 * categories. Nothing else changes: rows, places, weights and the disclosure policy stay the
 * index's own (they are keyed to the index, never to a view). Null when the variable's column is
 * not one of choices (a number has nothing to recode).
 */
export function recodedView(index: ResponseIndex, key: string, choices: Readonly<Record<string, string>>, categories: Variable['categories']): ResponseIndex | null {
  const variable = index.variables.get(key);
  const column = index.columns.get(key);
  if (!variable || !column || (column.kind !== 'codes' && column.kind !== 'masks')) return null;
  const recode = (value: string) => (Object.hasOwn(choices, value) ? choices[value]! : value);
  let recoded: CodeColumn | MaskColumn;
  if (column.kind === 'codes') {
    const out = new CodeColumn(index.size);
    for (let r = 0; r < index.size; r++) {
      const code = column.data[r]!;
      if (code !== 0) out.set(r, recode(column.dictionary.values[code - 1]!));
    }
    recoded = out;
  } else {
    const out = new MaskColumn(index.size);
    column.dictionary.values.forEach((value, i) => {
      const words = column.words[i >>> 5];
      if (!words) return;
      const mask = 1 << (i & 31);
      const to = recode(value);
      for (let r = 0; r < index.size; r++) if (words[r]! & mask) out.set(r, to);
    });
    recoded = out;
  }
  const columns = new Map(index.columns);
  columns.set(key, recoded);
  const variables = new Map(index.variables);
  variables.set(key, { ...variable, categories });
  return Object.create(index, { columns: { value: columns }, variables: { value: variables } }) as ResponseIndex;
}
