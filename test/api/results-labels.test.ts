import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportColumns } from '../../server/exports/data/columns.ts';
import { surveyVariables } from '../../server/results/variables.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * What a matrix's rows and a rating scale's ends are called wherever results are read: every row
 * of a matrix as "<matrix title> — <row text>" (18 rows would otherwise be 18 identical entries),
 * in each language the survey has, and a scale's end descriptions on its end values.
 */

const rows = Array.from({ length: 18 }, (_, i) => ({ value: `r${i + 1}`, text: { default: `Rivi ${i + 1}`, sv: `Rad ${i + 1}`, en: `Row ${i + 1}` } }));
const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'dropdown', name: 'kunta', choices: ['564', '305'] },
        {
          type: 'matrix',
          name: 'tyytyvaisyys',
          title: { default: 'Kuinka tyytyväinen olet?', sv: 'Hur nöjd är du?', en: 'How satisfied are you?' },
          rows,
          columns: [1, 2, 3, 4, 5].map((v) => ({ value: v, text: `${v}` })),
        },
        {
          type: 'rating',
          name: 'elama',
          title: { default: 'Elämä kokonaisuutena', sv: 'Livet som helhet', en: 'Life as a whole' },
          rateMin: 1,
          rateMax: 5,
          minRateDescription: { default: 'erittäin tyytymätön', sv: 'mycket missnöjd', en: 'very dissatisfied' },
          maxRateDescription: { default: 'erittäin tyytyväinen', sv: 'mycket nöjd', en: 'very satisfied' },
        },
        { type: 'multipletext', name: 'lapset', title: 'Lapset', items: [{ name: 'maara', title: 'Määrä', inputType: 'number' }] },
        { type: 'checkbox', name: 'harrastus', title: 'Harrastukset', choices: ['a', 'b'], showOtherItem: true, otherText: 'Jokin muu' },
      ],
    },
  ],
};

let t: TestApp;
let analyst: SignedIn;
beforeAll(async () => {
  t = await buildTestApp({ 'nimet.json': envelope('nimet', definition, { municipalityQuestion: 'kunta' }) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  for (let i = 0; i < 12; i++) {
    const data = { kunta: '564', tyytyvaisyys: Object.fromEntries(rows.map((r, k) => [r.value, 1 + ((i + k) % 5)])), elama: 1 + (i % 5) };
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/nimet/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
});
afterAll(async () => t.close());

type Label = string | Record<string, string>;
const inLanguage = (label: Label, language: string) => (typeof label === 'string' ? label : (label[language] ?? label.default!));

describe('results variables’ names', () => {
  it('name every matrix row with its matrix, distinctly, in each language, with no separate subtitle', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/results/nimet/questions', headers: analyst.headers });
    expect(res.statusCode).toBe(200);
    const questions = res.json().questions as { key: string; title: Label; subtitle: Label | null }[];
    const matrix = questions.filter((q) => q.key.startsWith('tyytyvaisyys.'));
    expect(matrix).toHaveLength(18);
    for (const language of ['default', 'sv', 'en']) expect(new Set(matrix.map((q) => inLanguage(q.title, language))).size).toBe(18);
    const first = matrix.find((q) => q.key === 'tyytyvaisyys.r1')!;
    expect(first.title).toEqual({ default: 'Kuinka tyytyväinen olet? — Rivi 1', sv: 'Hur nöjd är du? — Rad 1', en: 'How satisfied are you? — Row 1' });
    expect(first.subtitle).toBeNull();
    // An item and the "other" text read the same way.
    expect(questions.find((q) => q.key === 'lapset.maara')!.title).toBe('Lapset — Määrä');
    expect(questions.find((q) => q.key === 'harrastus-Comment')!.title).toBe('Harrastukset — Jokin muu');
    // A question that is not a part keeps its own title.
    expect(questions.find((q) => q.key === 'elama')!.title).toEqual({ default: 'Elämä kokonaisuutena', sv: 'Livet som helhet', en: 'Life as a whole' });
  });

  it('give the row’s name and the scale’s end labels in a question’s results, as charts and slides draw them', async () => {
    const row = await t.app.inject({ method: 'GET', url: '/api/results/nimet/questions/tyytyvaisyys.r7', headers: analyst.headers });
    expect(row.statusCode).toBe(200);
    expect(inLanguage(row.json().question.title, 'sv')).toBe('Hur nöjd är du? — Rad 7');
    const rating = await t.app.inject({ method: 'GET', url: '/api/results/nimet/questions/elama', headers: analyst.headers });
    expect(rating.statusCode).toBe(200);
    const labels = (rating.json().groups[0].categories as { value: string; label: Label }[]).map((c) => inLanguage(c.label, 'default'));
    expect(labels).toEqual(['1 erittäin tyytymätön', '2', '3', '4', '5 erittäin tyytyväinen']);
    const english = (rating.json().question.categories as { label: Label }[]).map((c) => inLanguage(c.label, 'en'));
    expect(english[0]).toBe('1 very dissatisfied');
    expect(english[4]).toBe('5 very satisfied');
  });

  it('label the data export’s columns the same way', () => {
    const columns = exportColumns(surveyVariables(definition));
    const labels = columns.filter((c) => c.key?.startsWith('tyytyvaisyys.')).map((c) => c.label);
    expect(labels).toHaveLength(18);
    expect(labels[0]).toBe('Kuinka tyytyväinen olet? — Rivi 1');
    expect(new Set(labels).size).toBe(18);
    const scale = columns.find((c) => c.key === 'elama')!;
    expect(scale.values?.map((v) => v.label)).toEqual(['1 erittäin tyytymätön', '2', '3', '4', '5 erittäin tyytyväinen']);
  });

  it('keep a scale value’s own text: end descriptions only name values that have none', () => {
    const own = surveyVariables({ elements: [{ type: 'rating', name: 'r', rateValues: [{ value: 1, text: 'huono' }, 2, { value: 3, text: 'hyvä' }], minRateDescription: 'x', maxRateDescription: 'y' }] });
    expect(own[0]!.categories.map((c) => c.label)).toEqual(['huono', '2', 'hyvä']);
  });
});
