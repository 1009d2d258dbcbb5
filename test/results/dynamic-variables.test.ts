import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { expectClose, readReference } from '../analysis/reference.ts';

/*
 * A dynamic matrix's columns, a dynamic panel's questions, an expression question and a calculated
 * value as results variables: counted per respondent like other questions (a choice "in at least
 * one row", a number as the respondent's total), and read per row or panel with the rows and
 * respondents stated and the respondent as the cluster of the interval, against R's survey package
 * (test/analysis/reference/clustered_entries.R). Disclosure counts respondents, never rows.
 * Runs on SQLite, and on PostgreSQL with DATABASE_URL.
 */

interface Estimate {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
}
interface Reference {
  rows: { respondent: number; age: string; hours: number }[];
  unweighted: { shares: Record<string, Estimate>; hours: Estimate };
  perRespondent: { n: number; atLeastOne: Record<string, number>; totalHours: { mean: number; median: number } };
}
const reference = readReference<Reference>('clustered_entries.json');

const ages = [
  { value: 'small', text: { default: 'Alle kouluikäinen', sv: 'Under skolåldern', en: 'Under school age' } },
  { value: 'school', text: { default: 'Kouluikäinen', sv: 'Skolåldern', en: 'School age' } },
  { value: 'teen', text: { default: 'Nuori', sv: 'Ung', en: 'Teenager' } },
];
const definition = {
  calculatedValues: [{ name: 'lapsia', expression: 'countInArray({lapset}, "ika")', includeIntoResult: true }],
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'dropdown', name: 'kunta', choices: ['564', '305'] },
        { type: 'radiogroup', name: 'huoltaja', title: 'Huoltaja', choices: ['yksin', 'yhdessa'] },
        {
          type: 'matrixdynamic',
          name: 'lapset',
          title: { default: 'Lapset', sv: 'Barn', en: 'Children' },
          rowCount: 0,
          columns: [
            { name: 'ika', title: { default: 'Ikäryhmä', sv: 'Åldersgrupp', en: 'Age group' }, cellType: 'dropdown', choices: ages },
            { name: 'tunnit', title: { default: 'Hoitotunnit viikossa', sv: 'Vårdtimmar i veckan', en: 'Care hours a week' }, cellType: 'text', inputType: 'number' },
          ],
        },
        {
          type: 'paneldynamic',
          name: 'kaynnit',
          title: 'Käynnit',
          templateElements: [
            { type: 'radiogroup', name: 'ika', title: 'Kenen käynti', choices: ages },
            { type: 'text', name: 'tunnit', title: 'Tunteja', inputType: 'number' },
          ],
        },
        { type: 'expression', name: 'tunnit_yht', title: 'Tunnit yhteensä', expression: 'sumInArray({lapset}, "tunnit")' },
      ],
    },
  ],
};

let t: TestApp;
let analyst: SignedIn;
const get = async (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });

async function submit(survey: string, data: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
  if (res.statusCode !== 201) throw new Error(res.body);
}

beforeAll(async () => {
  t = await buildTestApp(
    {
      'lapset.json': envelope('lapset', definition, { municipalityQuestion: 'kunta' }),
      'yksi.json': envelope('yksi', definition, { municipalityQuestion: 'kunta' }),
    },
    { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } },
  );
  // The reference's twelve respondents, their children as matrix rows and as panels alike.
  const respondents = [...new Set(reference.rows.map((r) => r.respondent))];
  for (const respondent of respondents) {
    const rows = reference.rows.filter((r) => r.respondent === respondent).map((r) => ({ ika: r.age, tunnit: r.hours }));
    await submit('lapset', { kunta: '564', huoltaja: respondent % 2 ? 'yksin' : 'yhdessa', lapset: rows, kaynnit: rows });
  }
  // An attempt to make a small cell look big: one respondent with twenty teenagers, eleven with small children.
  await submit('yksi', { kunta: '564', lapset: Array.from({ length: 20 }, () => ({ ika: 'teen', tunnit: 1 })) });
  for (let i = 0; i < 11; i++) await submit('yksi', { kunta: '564', lapset: [{ ika: 'small', tunnit: 30 }, { ika: 'small', tunnit: 20 }] });
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  // Two dozen submissions, each validated by survey-core (dynamic questions take the full path), on a shared machine.
}, 300_000);
afterAll(async () => t.close());

type Label = string | Record<string, string>;
interface Figures {
  key: string;
  n: number | null;
  suppressed: boolean;
  categories?: { value: string; count: number | null; percent: number | null; suppressed: boolean; suppression: string | null }[];
  numbers?: { n: number; mean: number | null; median: number | null } | null;
  entries?: {
    unit: string;
    rows: number | null;
    respondents: number | null;
    withheld: string | null;
    categories: { value: string; count: number; respondents: number; percent: number; se: number | null; ci: { lower: number; upper: number } | null }[] | null;
    mean: { value: number; se: number | null; ci: { lower: number; upper: number } | null } | null;
  };
}
const county = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const body = res.json() as { question: { key: string; kind: string; title: Label; entries?: { unit: string; perRow: boolean } }; groups: Figures[] };
  return { question: body.question, figures: body.groups.find((g) => g.key === 'county')! };
};

describe('dynamic matrices, dynamic panels and computed values as results variables', () => {
  it('lists each column and panel question as a variable named "<question> — <part>", with its unit', async () => {
    const res = await get('/api/results/lapset/questions');
    expect(res.statusCode).toBe(200);
    const questions = res.json().questions as { key: string; kind: string; title: Label; entries?: { unit: string; perRow: boolean } }[];
    const byKey = new Map(questions.map((q) => [q.key, q]));
    expect(byKey.get('lapset.ika')).toMatchObject({ kind: 'multi', title: { default: 'Lapset — Ikäryhmä', sv: 'Barn — Åldersgrupp', en: 'Children — Age group' }, entries: { unit: 'row', perRow: true } });
    expect(byKey.get('lapset.tunnit')).toMatchObject({ kind: 'number', entries: { unit: 'row', perRow: true } });
    expect(byKey.get('kaynnit.ika')).toMatchObject({ kind: 'multi', title: 'Käynnit — Kenen käynti', entries: { unit: 'panel', perRow: true } });
    expect(byKey.get('tunnit_yht')).toMatchObject({ kind: 'number' });
    expect(byKey.get('lapsia')).toMatchObject({ kind: 'number' });
    // The dynamic question itself is still there (who answered; its entries exported one by one).
    expect(byKey.get('lapset')?.kind).toBe('repeated');
  });

  for (const key of ['lapset.ika', 'kaynnit.ika']) {
    it(`${key}: per respondent, the share with at least one such row; per row, the share of rows with R's clustered interval`, async () => {
      const { figures } = await county(`/api/results/lapset/questions/${key}`);
      expect(figures.n).toBe(reference.perRespondent.n);
      for (const age of ['small', 'school', 'teen']) {
        const c = figures.categories!.find((x) => x.value === age)!;
        expect(c.count).toBe(reference.perRespondent.atLeastOne[age]);
        expectClose(c.percent, (100 * reference.perRespondent.atLeastOne[age]!) / reference.perRespondent.n);
      }
      const entries = figures.entries!;
      expect(entries).toMatchObject({ unit: key.startsWith('lapset') ? 'row' : 'panel', rows: reference.rows.length, respondents: 12, withheld: null });
      for (const age of ['small', 'school', 'teen']) {
        const c = entries.categories!.find((x) => x.value === age)!;
        const r = reference.unweighted.shares[age]!;
        expect(c.count).toBe(reference.rows.filter((x) => x.age === age).length);
        expectClose(c.percent, 100 * r.estimate);
        expectClose(c.se, 100 * r.se);
        expectClose(c.ci!.lower, 100 * r.lower);
        expectClose(c.ci!.upper, 100 * r.upper);
      }
    });
  }

  it('a number column: the total per respondent, and the mean per row with its clustered interval', async () => {
    for (const key of ['lapset.tunnit', 'kaynnit.tunnit']) {
      const { figures } = await county(`/api/results/lapset/questions/${key}`);
      expect(figures.n).toBe(12);
      expectClose(figures.numbers!.mean, reference.perRespondent.totalHours.mean);
      expectClose(figures.numbers!.median, reference.perRespondent.totalHours.median);
      expect(figures.entries).toMatchObject({ rows: reference.rows.length, respondents: 12, withheld: null });
      expectClose(figures.entries!.mean!.value, reference.unweighted.hours.estimate);
      expectClose(figures.entries!.mean!.se, reference.unweighted.hours.se);
      expectClose(figures.entries!.mean!.ci!.lower, reference.unweighted.hours.lower);
    }
  });

  it('an expression question and a calculated value are numbers computed by the server, summarised like typed ones', async () => {
    const total = await county('/api/results/lapset/questions/tunnit_yht');
    expectClose(total.figures.numbers!.mean, reference.perRespondent.totalHours.mean);
    const count = await county('/api/results/lapset/questions/lapsia');
    expect(count.figures.numbers!.n).toBe(12);
    expectClose(count.figures.numbers!.mean, reference.rows.length / 12);
  });

  it('counts respondents, not rows, for disclosure: twenty rows of one respondent do not make a small cell look big', async () => {
    const { figures } = await county('/api/results/yksi/questions/lapset.ika');
    expect(figures.n).toBe(12);
    const teen = figures.categories!.find((c) => c.value === 'teen')!;
    expect(teen).toMatchObject({ count: null, percent: null, suppressed: true, suppression: 'small_cell' });
    // The per-row figures would say "20 of 42 rows": withheld in every group, with the reason.
    expect(figures.entries).toMatchObject({ rows: null, respondents: null, withheld: 'small_cell', categories: [] });
    const body = (await get('/api/results/yksi/questions/lapset.ika?groupBy=municipality')).body;
    expect(body).not.toMatch(/"count":20\b/);
    expect(body).not.toMatch(/"rows":42\b/);
  });

  it('a filter narrows the per-row figures to the respondents it keeps, and a group too small is withheld', async () => {
    // Respondents with at least one child under school age: 6, fewer than a group.
    const { figures } = await county('/api/results/lapset/questions/lapset.tunnit?filter=lapset.ika:small');
    expect(figures.entries).toMatchObject({ rows: null, respondents: null, withheld: 'small_group', mean: null });
    // All twelve with a filter that keeps everyone.
    const all = await county('/api/results/lapset/questions/lapset.tunnit?filter=huoltaja:yksin,yhdessa');
    expect(all.figures.entries).toMatchObject({ rows: reference.rows.length, respondents: 12, withheld: null });
  });

  it('the data export: "at least one row" flags and the total per respondent, labelled "<question> — <part>"', async () => {
    const res = await get('/api/exports/lapset/responses.csv');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const header = lines[0]!.split(',');
    for (const name of ['lapset.ika.small', 'lapset.ika.teen', 'lapset.tunnit', 'kaynnit.ika.school', 'tunnit_yht', 'lapsia', 'lapset.1.ika']) expect(header).toContain(name);
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
    // Respondent 4: two children under school age and one at school, 35 + 30 + 8 hours.
    const fourth = rows.find((r) => r['lapset.1.tunnit'] === '35')!;
    expect([fourth['lapset.ika.small'], fourth['lapset.ika.teen'], fourth['lapset.tunnit'], fourth.tunnit_yht, fourth.lapsia]).toEqual(['1', '0', '73', '73', '3']);
    const labels = await get('/api/exports/lapset/responses.xlsx');
    expect(labels.statusCode).toBe(200);
  });

  it('cross-tabulates a column against a single choice as a multiple choice, and charts and tabulates it in the result files', async () => {
    const crosstab = await get('/api/results/lapset/crosstab?rows=lapset.ika&columns=huoltaja');
    expect(crosstab.statusCode, crosstab.body.slice(0, 300)).toBe(200);
    expect(crosstab.body).toContain('small');
    // Two multiple choices cannot be the two sides.
    const both = await get('/api/results/lapset/crosstab?rows=lapset.ika&columns=kaynnit.ika');
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('not_crosstabulable');
    for (const url of ['/api/exports/lapset/tables/lapset.ika.xlsx', '/api/exports/lapset/charts/lapset.ika.svg', '/api/exports/lapset/tables/lapset.tunnit.xlsx', '/api/exports/lapset/deck.pptx?questions=lapset.ika,kaynnit.ika']) {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    }
    // The SVG's title is the variable's whole name.
    expect((await get('/api/exports/lapset/charts/lapset.ika.svg')).body).toContain('Lapset — Ikäryhmä');
  });
});
