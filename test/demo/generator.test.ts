import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { CHANGE_AREA_PERCENT, demoSurveys, planResidents, residentResponses, type DemoResponse } from '../../tools/demo/index.ts';
import { dealPicks, pickTotals, picksPerRespondent } from '../../tools/demo/change-areas.ts';
import { Random } from '../../tools/demo/random.ts';
import { loadGeography } from '../../server/geography.ts';
import { readSurveyFiles } from '../../server/surveys/catalog.ts';
import { compileSurvey } from '../../server/validation/index.ts';

// Pure generator checks: no database needed.
const geography = loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
const surveys = new Map(readSurveyFiles(path.join(projectRoot, 'surveys'), geography).map((f) => [f.meta.id, compileSurvey(f.definition)]));

function digest(seed: number): string {
  const hash = crypto.createHash('sha256');
  for (const s of demoSurveys({ seed, geography })) for (const r of s.responses()) hash.update(JSON.stringify(r));
  return hash.digest('hex');
}

const share = (responses: Iterable<DemoResponse>) => {
  let n = 0;
  const picked = new Map<string, number>();
  for (const r of responses) {
    const picks = r.data.muutos_osa_alueet as string[] | undefined;
    if (!picks) continue;
    n++;
    for (const p of picks) picked.set(p, (picked.get(p) ?? 0) + 1);
  }
  return { n, percent: (value: string) => (100 * (picked.get(value) ?? 0)) / n };
};

describe('the demo generator', () => {
  it('gives byte-identical data for the same seed and other data for another seed', () => {
    expect(digest(2021)).toBe(digest(2021));
    expect(digest(2022)).not.toBe(digest(2021));
  });

  it.each([7, 123456])('makes only answers that the surveys accept, with seed %i too', (seed) => {
    for (const s of demoSurveys({ seed, geography })) {
      const compiled = surveys.get(s.surveyId)!;
      for (const r of s.responses()) {
        const verdict = compiled.validate(r.data);
        expect(verdict.ok ? [] : verdict.errors, `${s.surveyId} ${r.id}`).toEqual([]);
      }
    }
  });

  it('keeps the seed chart at other sizes, and every included municipality answers', () => {
    const { n, percent } = share(residentResponses({ seed: 5, count: 20_000, geography }));
    expect(n).toBe(Math.round((20_000 * 2677) / 4693));
    for (const [value, expected] of Object.entries(CHANGE_AREA_PERCENT)) expect(Math.abs(percent(value) - expected)).toBeLessThanOrEqual(0.5);
    const plan = planResidents({ seed: 5, count: 20_000, geography });
    expect(new Set(plan.municipality).size).toBe(28);
  });

  it('lets groups differ while the county totals stay exact: the young want hobbies, the old help and health', () => {
    const young = share([...residentResponses({ seed: 2021, geography })].filter((r) => r.data.ikaryhma === '13_17'));
    const old = share([...residentResponses({ seed: 2021, geography })].filter((r) => r.data.ikaryhma === '75_plus'));
    expect(young.percent('harrastukset')).toBeGreaterThan(1.5 * old.percent('harrastukset'));
    expect(old.percent('avun_ja_palvelun_saanti')).toBeGreaterThan(1.5 * young.percent('avun_ja_palvelun_saanti'));
    expect(old.percent('tyo')).toBeLessThan(5);
  });

  it('keeps the rest of a resident\'s answers consistent with their picks and age', () => {
    let pickedLow = 0;
    let pickedRated = 0;
    for (const r of residentResponses({ seed: 2021, geography })) {
      if (r.data.ikaryhma === '75_plus') expect(r.data.elamantilanne ?? ['elakkeella']).toEqual(['elakkeella']);
      if (r.data.ikaryhma === '13_17') expect(r.data.elamantilanne ?? []).not.toContain('elakkeella');
      const rows = r.data.tyytyvaisyys as Record<string, number | string> | undefined;
      for (const area of (r.data.muutos_osa_alueet as string[] | undefined) ?? []) {
        const rating = rows?.[area];
        if (typeof rating !== 'number') continue;
        pickedRated++;
        if (rating <= 3) pickedLow++;
      }
      expect(['web', 'paper']).toContain(r.channel);
      expect(r.submittedAt >= '2021-10-03' && r.submittedAt < '2021-12-01').toBe(true);
    }
    // An area someone wants changed is mostly one they are not satisfied with.
    expect(pickedLow / pickedRated).toBeGreaterThan(0.75);
  });

  it('deals picks exactly and distinctly even when the last respondents are left with what they already hold', () => {
    const random = new Random(1);
    for (const people of [1, 2, 3, 10, 57, 400]) {
      const totals = pickTotals(people);
      const { one, two, three } = picksPerRespondent(people, totals.reduce((s, c) => s + c, 0));
      const wanted = Uint8Array.from([...Array(one).fill(1), ...Array(two).fill(2), ...Array(three).fill(3)]);
      const picks = dealPicks(wanted, totals, (r, into) => into.fill(r % 2 ? 5 : 0.01), random);
      const dealt = new Array(totals.length).fill(0);
      for (let r = 0; r < people; r++) {
        const mine = [...picks.subarray(r * 3, r * 3 + 3)].filter((p) => p !== 255);
        expect(mine).toHaveLength(wanted[r]!);
        expect(new Set(mine).size).toBe(mine.length);
        for (const p of mine) dealt[p]++;
      }
      expect(dealt).toEqual(totals);
    }
  });
});
