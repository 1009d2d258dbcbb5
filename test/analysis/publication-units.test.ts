import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedHiddenMunicipalities, publicationUnits, REST, type PlaceCount } from '../../analysis/publication-units.ts';

const places = (spec: Record<string, Record<string, number>>): PlaceCount[] =>
  Object.entries(spec).flatMap(([area, ms]) => Object.entries(ms).map(([code, n]) => ({ code, area, n })));

describe('publicationUnits', () => {
  it('puts the small municipalities of an area in one block with their area', () => {
    const input = { municipalities: places({ A: { a1: 4, a2: 7, a3: 40 }, B: { b1: 30, b2: 25 } }), rest: 0, minGroupSize: 10 };
    const policy = publicationUnits(input);
    expect([...policy.hiddenMunicipalities]).toEqual([['a1', 'small_group'], ['a2', 'small_group']]);
    expect(policy.hiddenAreas.size).toBe(0);
    expect(policy.unitOf.get('a1')).toBe('block:A');
    expect(policy.unitOf.get('a2')).toBe('block:A');
    expect(policy.unitOf.get('a3')).toBe('a3');
    expect(policy.units.find((u) => u.key === 'block:A')).toMatchObject({ kind: 'block', n: 11, members: ['a1', 'a2'] });
    expect(determinedHiddenMunicipalities(input, policy)).toEqual([]);
  });

  it('adds the smallest visible sibling when a lone small municipality would follow from its area', () => {
    const input = { municipalities: places({ A: { a1: 4, a2: 50, a3: 12, a4: 0 } }), rest: 3, minGroupSize: 10 };
    const policy = publicationUnits(input);
    expect(policy.hiddenMunicipalities.get('a1')).toBe('small_group');
    expect(policy.hiddenMunicipalities.get('a3')).toBe('complementary');
    expect(policy.hiddenMunicipalities.has('a2')).toBe(false);
    // An empty municipality is published as 0 and cannot be a block's second member.
    expect(policy.hiddenMunicipalities.has('a4')).toBe(false);
    expect(policy.unitOf.get(REST)).toBe('rest');
  });

  it('adds siblings until the block reaches the group size, even with two small members', () => {
    const policy = publicationUnits({ municipalities: places({ A: { a1: 3, a2: 4, a3: 15, a4: 20 } }), rest: 0, minGroupSize: 10 });
    expect([...policy.hiddenMunicipalities.keys()].sort()).toEqual(['a1', 'a2', 'a3']);
    expect(policy.units.find((u) => u.kind === 'block')!.n).toBe(22);
  });

  it('hides an area that cannot hold its block and merges it at county level, with the rest', () => {
    const input = { municipalities: places({ A: { a1: 4 }, B: { b1: 20, b2: 30 }, C: { c1: 60 } }), rest: 8, minGroupSize: 10 };
    const policy = publicationUnits(input);
    expect([...policy.hiddenAreas]).toEqual([['A', 'small_group']]);
    const block = policy.units.find((u) => u.kind === 'county-block')!;
    expect(block.n).toBe(12);
    expect(block.members).toEqual(['a1', REST]);
    expect(policy.countyHidden).toBe(false);
    expect(determinedHiddenMunicipalities(input, policy)).toEqual([]);
  });

  it('grows the county block by the smallest area when the hidden area stands alone', () => {
    const input = { municipalities: places({ A: { a1: 4 }, B: { b1: 20, b2: 30 }, C: { c1: 60 } }), rest: 0, minGroupSize: 10 };
    const policy = publicationUnits(input);
    expect([...policy.hiddenAreas.keys()].sort()).toEqual(['A', 'B']);
    expect(policy.hiddenMunicipalities.get('b1')).toBe('complementary');
    expect(determinedHiddenMunicipalities(input, policy)).toEqual([]);
  });

  it('hides everything when the survey is smaller than a group', () => {
    const policy = publicationUnits({ municipalities: places({ A: { a1: 4, a2: 3 } }), rest: 0, minGroupSize: 10 });
    expect(policy.countyHidden).toBe(true);
  });

  it('is unchanged when respondents move between the hidden members of a block', () => {
    const one = publicationUnits({ municipalities: places({ A: { a1: 4, a2: 7, a3: 40 } }), rest: 0, minGroupSize: 10 });
    const two = publicationUnits({ municipalities: places({ A: { a1: 6, a2: 5, a3: 40 } }), rest: 0, minGroupSize: 10 });
    expect(two.units).toEqual(one.units.map((u) => (u.kind === 'block' ? { ...u } : u)));
  });

  it('never leaves a hidden municipality determined, every block with at least a group in two places', () => {
    const area = fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 80 })), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(area, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 12 }), (areas, rest) => {
        const municipalities = areas.flatMap((ns, a) => ns.map((n, i) => ({ code: `${a}-${i}`, area: `A${a}`, n })));
        const input = { municipalities, rest, minGroupSize: 10 };
        const policy = publicationUnits(input);
        expect(determinedHiddenMunicipalities(input, policy)).toEqual([]);
        if (policy.countyHidden) return;
        for (const p of municipalities) if (p.n > 0 && p.n < 10) expect(policy.hiddenMunicipalities.has(p.code)).toBe(true);
        for (const u of policy.units) {
          if (u.kind === 'municipality' || u.kind === 'rest') continue;
          const nonEmpty = u.members.filter((c) => (c === REST ? rest : municipalities.find((p) => p.code === c)!.n) > 0);
          expect(u.n).toBeGreaterThanOrEqual(10);
          expect(nonEmpty.length).toBeGreaterThanOrEqual(2);
        }
        // Every respondent is in exactly one unit.
        expect(policy.units.reduce((s, u) => s + u.n, 0)).toBe(municipalities.reduce((s, p) => s + p.n, 0) + rest);
      }),
      { numRuns: 300 },
    );
  });
});
