import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * Named calculated values kept in the result and expression questions are answers the server
 * computes: each becomes a variable, a number when it computes one and a category when it can only
 * be one of some texts, with the statistics, small-group suppression and export columns of a
 * typed number or a single choice. Answers go in through the submission API with wrong computed
 * values sent, which the server replaces.
 */

const definition = {
  calculatedValues: [
    { name: 'pisteet', expression: '{uni} + {liikunta}', includeIntoResult: true },
    { name: 'ryhma', expression: "iif({uni} + {liikunta} >= 6, 'hyva', 'tuki')", includeIntoResult: true },
    { name: 'apu', expression: '{uni} * 2' },
  ],
  elements: [
    { type: 'dropdown', name: 'kunta', choices: [{ value: '564', text: 'Oulu' }, { value: '305', text: 'Kuusamo' }] },
    { type: 'rating', name: 'uni', title: 'Uni', rateMin: 1, rateMax: 5, isRequired: true },
    { type: 'rating', name: 'liikunta', title: 'Liikunta', rateMin: 1, rateMax: 5, isRequired: true },
    { type: 'expression', name: 'keskiarvo', title: 'Keskiarvo', expression: '({uni} + {liikunta}) / 2', precision: 1 },
    { type: 'expression', name: 'taso', title: 'Taso', expression: "iif({pisteet} >= 8, 'korkea', iif({pisteet} >= 5, 'keski', 'matala'))" },
  ],
};

/** Fourteen answers in Oulu: uni and liikunta cycle so that every group is at least a few. */
const answers = Array.from({ length: 14 }, (_, i) => ({ uni: 1 + (i % 5), liikunta: 5 - (i % 3) }));

let t: TestApp;
let analyst: SignedIn;

beforeAll(async () => {
  t = await buildTestApp({ 'pisteet.json': envelope('pisteet', definition, { municipalityQuestion: 'kunta' }) });
  for (const a of answers) {
    // Computed values sent wrong on purpose: the server stores its own.
    const data = { kunta: '564', ...a, pisteet: 99, ryhma: 'x', keskiarvo: -1, taso: 'korkea', apu: 1 };
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/pisteet/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });
const sums = answers.map((a) => a.uni + a.liikunta);
const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

describe('calculated values and expression questions as variables', () => {
  it('lists each as a number or a category as its value says; a calculated value not kept is not one', async () => {
    const res = await get('/api/results/pisteet/questions');
    expect(res.statusCode, res.body).toBe(200);
    const questions = (res.json() as { questions: { key: string; kind: string; categories: { value: string }[] }[] }).questions;
    const byKey = new Map(questions.map((q) => [q.key, q]));
    expect(byKey.get('pisteet')?.kind).toBe('number');
    expect(byKey.get('keskiarvo')?.kind).toBe('number');
    expect(byKey.get('ryhma')?.kind).toBe('single');
    expect(byKey.get('ryhma')?.categories.map((c) => c.value)).toEqual(['hyva', 'tuki']);
    expect(byKey.get('taso')?.kind).toBe('single');
    expect(byKey.get('taso')?.categories.map((c) => c.value)).toEqual(['korkea', 'keski', 'matala']);
    expect(byKey.has('apu')).toBe(false);
  });

  it('summarises a computed number from the values the server computed, not the ones sent', async () => {
    const res = await get('/api/results/pisteet/questions/pisteet');
    expect(res.statusCode, res.body).toBe(200);
    const county = res.json().groups[0];
    expect(county.n).toBe(14);
    expect(county.numbers.mean).toBeCloseTo(sums.reduce((s, v) => s + v, 0) / 14, 10);
    expect(county.numbers.max).toBe(Math.max(...sums));
    const mean = await get('/api/results/pisteet/questions/keskiarvo');
    expect(mean.json().groups[0].numbers.mean).toBeCloseTo(sums.reduce((s, v) => s + v / 2, 0) / 14, 1);
  });

  it('counts a computed category like a single choice, small counts suppressed as any are', async () => {
    const expected = tally(sums.map((s) => (s >= 8 ? 'korkea' : s >= 5 ? 'keski' : 'matala')));
    const res = await get('/api/results/pisteet/questions/taso');
    expect(res.statusCode, res.body).toBe(200);
    const county = res.json().groups[0] as { n: number; categories: { value: string; count: number | null; suppressed: boolean }[] };
    expect(county.n).toBe(14);
    for (const c of county.categories) {
      if (c.suppressed) expect(c.count).toBeNull();
      else expect(c.count, c.value).toBe(expected[c.value] ?? 0);
    }
    expect(county.categories.some((c) => !c.suppressed && c.count! > 0)).toBe(true);
    // Filtering by a computed category works like filtering by any closed question.
    const filtered = await get('/api/results/pisteet/questions/uni?filter=ryhma:hyva');
    expect(filtered.statusCode, filtered.body).toBe(200);
  });

  it('exports the computed values in the data export as their own columns', async () => {
    const res = await get('/api/exports/pisteet/responses.csv');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const [header, ...rows] = parse(res.rawPayload, { bom: true }) as string[][];
    for (const column of ['keskiarvo', 'taso', 'pisteet', 'ryhma']) expect(header).toContain(column);
    expect(header).not.toContain('apu');
    const at = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => Number(r[at('pisteet')])).sort((a, b) => a - b)).toEqual([...sums].sort((a, b) => a - b));
    expect(tally(rows.map((r) => r[at('ryhma')]!))).toEqual(tally(sums.map((s) => (s >= 6 ? 'hyva' : 'tuki'))));
  });
});
