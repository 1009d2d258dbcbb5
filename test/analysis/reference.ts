import fs from 'node:fs';
import { expect } from 'vitest';

/** Reads a JSON file of expected values written by a script in `test/analysis/reference/`. */
export function readReference<T>(name: string): T {
  return JSON.parse(fs.readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8')) as T;
}

/** |actual − expected| ≤ relative · |expected| (or ≤ relative when expected is 0). */
export function expectClose(actual: number | null | undefined, expected: number, relative = 1e-9): void {
  expect(actual, `expected ${expected}`).toBeTypeOf('number');
  const tolerance = relative * Math.max(Math.abs(expected), 1e-300) || relative;
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    expected === 0 ? relative : tolerance,
  );
}
