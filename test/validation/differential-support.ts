import type { CompiledSurvey, Verdict } from '../../server/validation/index.ts';

/** What must agree between the paths: the verdict, who failed and why, and the normalised data. */
export function summary(v: Verdict): string {
  if (v.ok) return JSON.stringify({ ok: true, data: sortKeys(v.data) });
  return JSON.stringify({ ok: false, errors: [...new Set(v.errors.map((e) => `${e.question}:${e.code}`))].sort() });
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** Drops the answers the reference rejected, to turn a near-valid answer into a valid-ish one. */
export function repaired(data: Record<string, unknown>, verdict: Verdict): Record<string, unknown> | null {
  if (verdict.ok) return null;
  const failed = new Set(verdict.errors.map((e) => e.question));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const base = k.endsWith('-Comment') ? k.slice(0, -'-Comment'.length) : k;
    if (!failed.has(base) && !failed.has(k)) out[k] = v;
  }
  return Object.keys(out).length === Object.keys(data).length ? null : out;
}

export function compare(fast: CompiledSurvey, full: CompiledSurvey, data: Record<string, unknown>): { fast: string; full: string; verdict: Verdict } {
  const before = JSON.stringify(data);
  const a = fast.validate(data);
  const b = full.validate(data);
  if (JSON.stringify(data) !== before) throw new Error('validate mutated its input');
  return { fast: summary(a), full: summary(b), verdict: b };
}
