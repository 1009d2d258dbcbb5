/**
 * A linear relation between published items: value[total] = Σ value[members]. E.g. an area's n is the
 * sum of its municipalities' n; a group's n is the sum of its single-choice cells.
 */
export interface SumRelation {
  total: number;
  members: readonly number[];
}

/**
 * The hidden items whose value can be worked out exactly from the published items through any linear
 * combination of the relations — not only by one subtraction.
 *
 * With the relations written as A·x = 0 and x split into published and hidden parts,
 * A_H·x_H = −A_P·x_P is a linear system in the hidden values; hidden item j is determined iff the
 * unit vector e_j lies in the row space of A_H, i.e. iff in the reduced row echelon form of A_H the
 * column j is a pivot whose row has no other non-zero entry. Gaussian elimination in floating point
 * with partial pivoting; coefficients start as 0 and ±1, so a tolerance of 1e-9 separates zero from
 * non-zero safely for tables of the sizes met here.
 *
 * Only linear relations are considered: bounds from the values being counts (whole numbers ≥ 0), or
 * from knowing that a hidden cell is below the threshold, can narrow a hidden value to a range; see
 * `suppressGroups` for what that means.
 *
 * Reference: L. Willenborg and T. de Waal (2001), Elements of Statistical Disclosure Control,
 * Springer, ch. 6 (cell suppression, "exact disclosure" by linear combinations).
 *
 * @example
 * // items: 0 = total, 1, 2 = members; only item 1 hidden: 1 = 0 − 2 is determined
 * findDeterminedItems(3, [{ total: 0, members: [1, 2] }], [false, true, false]); // => [1]
 */
export function findDeterminedItems(
  itemCount: number,
  relations: readonly SumRelation[],
  hidden: readonly boolean[],
): number[] {
  const column = new Int32Array(itemCount).fill(-1);
  const items: number[] = [];
  for (let item = 0; item < itemCount; item++) {
    if (hidden[item]) {
      column[item] = items.length;
      items.push(item);
    }
  }
  const width = items.length;
  const rows: Float64Array[] = [];
  for (const { total, members } of relations) {
    const row = new Float64Array(width);
    let any = false;
    if (column[total]! >= 0) {
      row[column[total]!] = row[column[total]!]! + 1;
      any = true;
    }
    for (const member of members) {
      if (column[member]! >= 0) {
        row[column[member]!] = row[column[member]!]! - 1;
        any = true;
      }
    }
    if (any) rows.push(row);
  }

  const epsilon = 1e-9;
  const pivotRowOf = new Int32Array(width).fill(-1);
  let rank = 0;
  for (let col = 0; col < width && rank < rows.length; col++) {
    let best = rank;
    for (let r = rank + 1; r < rows.length; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[best]![col]!)) best = r;
    if (Math.abs(rows[best]![col]!) <= epsilon) continue;
    [rows[rank], rows[best]] = [rows[best]!, rows[rank]!];
    const pivotRow = rows[rank]!;
    const pivot = pivotRow[col]!;
    for (let k = col; k < width; k++) pivotRow[k] = pivotRow[k]! / pivot;
    for (let r = 0; r < rows.length; r++) {
      if (r === rank) continue;
      const row = rows[r]!;
      const factor = row[col]!;
      if (Math.abs(factor) <= epsilon) {
        row[col] = 0;
        continue;
      }
      for (let k = col; k < width; k++) row[k] = row[k]! - factor * pivotRow[k]!;
      row[col] = 0;
    }
    pivotRowOf[col] = rank;
    rank += 1;
  }

  const determined: number[] = [];
  for (let col = 0; col < width; col++) {
    const r = pivotRowOf[col]!;
    if (r < 0) continue;
    const row = rows[r]!;
    let others = false;
    for (let k = 0; k < width && !others; k++) if (k !== col && Math.abs(row[k]!) > epsilon) others = true;
    if (!others) determined.push(items[col]!);
  }
  return determined;
}
