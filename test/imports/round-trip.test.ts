import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitResponse } from '../../server/responses/submit.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, signIn } from '../factories/users.ts';
import { waveSurvey } from '../factories/imports.ts';

// Kuulo's own CSV data export of a wave (labels, semicolons, decimal commas: the Finnish default),
// imported into a fresh database with the suggested mapping, gives the same results as the original.

const SURVEYS = { 'kierros-2021.json': waveSurvey() };
const RESPONSES = 90;
let source: TestApp;
let target: TestApp;

function answer(i: number): Record<string, unknown> {
  const data: Record<string, unknown> = { kunta: ['564', '139', '305'][i % 3] };
  if (i % 11 !== 0) data.ika = String(1 + (i % 3));
  if (i % 5 !== 0) data.palvelut = ['liikunta', 'kirjasto', 'nuoriso', 'other'].filter((_v, k) => (i >> k) & 1);
  if ((data.palvelut as string[] | undefined)?.length === 0) delete data.palvelut;
  if ((data.palvelut as string[] | undefined)?.includes('other')) data['palvelut-Comment'] = `Uimahalli; sauna ${i}`;
  if (i % 3 !== 1) data.tyytyvaisyys = 1 + ((i * 7) % 5);
  if (i % 4 !== 2) data.matka = (i % 9) * 1.25;
  if (i % 6 === 0) data.terveiset = `Kiitos, "hyvä" kysely\nrivi ${i}`;
  return data;
}

beforeAll(async () => {
  source = await buildTestApp(SURVEYS);
  target = await buildTestApp(SURVEYS);
  const survey = source.app.catalog.get('kierros-2021')!;
  for (let i = 0; i < RESPONSES; i++) {
    const outcome = await submitResponse(source.app.db.kysely, source.app.geography, survey, { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, data: answer(i), locale: 'fi' }, { channel: 'web', submittedAt: new Date(Date.UTC(2021, 2, 1, 8, i)) });
    expect(outcome.kind).toBe('stored');
  }
});
afterAll(async () => {
  await source.close();
  await target.close();
});

async function results(t: TestApp) {
  const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const out: Record<string, unknown> = {};
  for (const question of ['kunta', 'ika', 'palvelut', 'tyytyvaisyys', 'matka']) {
    const res = await t.app.inject({ method: 'GET', url: `/api/results/kierros-2021/questions/${question}?groupBy=municipality`, headers: analyst.headers });
    expect(res.statusCode, res.body).toBe(200);
    const { meta: _meta, ...figures } = res.json();
    out[question] = figures;
  }
  const answers = await t.app.db.kysely.selectFrom('answers').innerJoin('responses', 'responses.id', 'answers.response_id').select(['responses.submitted_at', 'responses.municipality_code', 'answers.question', 'answers.value', 'answers.num']).execute();
  out.answers = answers.map((a) => `${a.submitted_at}|${a.municipality_code}|${a.question}|${a.value}|${a.num}`).sort();
  return out;
}

describe('round trip of the CSV data export', { timeout: 120_000 }, () => {
  it('re-imported into a fresh database gives identical results', async () => {
    const admin = await signIn(source.app, (await addUser(source.app, { role: 'admin' })).email);
    const exported = await source.app.inject({ method: 'GET', url: '/api/exports/kierros-2021/responses.csv?delimiter=semicolon', headers: admin.headers });
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200);
    expect(exported.body.split('\n')[0]).toContain(';');

    const targetAdmin = await signIn(target.app, (await addUser(target.app, { role: 'admin' })).email);
    const body = { fileName: 'kierros-2021.csv', content: exported.rawPayload.toString('base64') };
    const preview = await target.app.inject({ method: 'POST', url: '/api/admin/surveys/kierros-2021/imports/preview', headers: targetAdmin.headers, payload: body });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().problems).toEqual([]);
    expect(preview.json().mapping.columns).toEqual(
      expect.arrayContaining([
        { column: 'response_id', target: 'rowKey' },
        { column: 'submitted_at', target: 'submittedAt' },
        { column: 'palvelut.other', target: 'option', question: 'palvelut', option: 'other' },
        { column: 'palvelut-Comment', target: 'comment', question: 'palvelut' },
        { column: 'matka', target: 'question', question: 'matka' },
      ]),
    );
    const imported = await target.app.inject({ method: 'POST', url: '/api/admin/surveys/kierros-2021/imports', headers: targetAdmin.headers, payload: body });
    expect(imported.json()).toMatchObject({ committed: true, rows: RESPONSES, stored: RESPONSES, rejected: 0 });

    const [before, after] = [await results(source), await results(target)];
    expect((before.answers as string[]).length).toBeGreaterThan(RESPONSES * 3);
    expect(after).toEqual(before);
  });
});
