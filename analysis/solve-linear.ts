/**
 * Internal. Solves A·X = B for square A by Gaussian elimination with partial pivoting; returns null
 * when A is singular (a pivot below 1e-12 × the largest entry of A). A and B are not changed.
 */
export function solveLinear(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] | null {
  const size = a.length;
  const m = a.map((row) => [...row]);
  const x = b.map((row) => [...row]);
  const width = x[0]?.length ?? 0;
  let scale = 0;
  for (const row of m) for (const value of row) scale = Math.max(scale, Math.abs(value));
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++) if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    if (!(Math.abs(m[pivot]![col]!) > 1e-12 * scale)) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    const p = m[col]![col]!;
    for (let row = 0; row < size; row++) {
      if (row === col) continue;
      const factor = m[row]![col]! / p;
      if (factor === 0) continue;
      for (let k = col; k < size; k++) m[row]![k] = m[row]![k]! - factor * m[col]![k]!;
      for (let k = 0; k < width; k++) x[row]![k] = x[row]![k]! - factor * x[col]![k]!;
    }
  }
  return x.map((row, i) => row.map((value) => value / m[i]![i]!));
}
