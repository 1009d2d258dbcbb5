import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { DEMO_WAVE_MAPPING, RESIDENT_SURVEY_2025 } from '../../tools/demo/index.ts';
import { replaceDemoData, type DemoSummary } from '../../tools/demo/store.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

// `npm run demo`'s two waves of the resident survey, through the trend API: the shipped survey
// files, a smaller demo (1,200 residents in 2021) on a database of this file's own.
let t: TestApp;
let analyst: SignedIn;
let summary: DemoSummary;

beforeAll(async () => {
  const files = Object.fromEntries(['minun-arkeni', 'minun-arkeni-2025'].map((id) => [`${id}.json`, JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys', `${id}.json`), 'utf8')) as object]));
  t = await buildTestApp(files);
  summary = await replaceDemoData(t.app.db.kysely, t.app.catalog, t.app.geography, { seed: 2021, residents: 1200 });
  t.app.results.indexes.invalidate('minun-arkeni');
  t.app.results.indexes.invalidate(RESIDENT_SURVEY_2025);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
}, 600_000);
afterAll(async () => t?.close());

const trend = async (query: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/results/${RESIDENT_SURVEY_2025}/trend?${query}`, headers: analyst.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the demo\'s 2021 and 2025 waves', () => {
  it('stores both waves, synthetic, and the saved mapping (a renamed question, a recoded choice list)', async () => {
    expect(summary.stored.map((s) => [s.surveyId, s.count])).toEqual(expect.arrayContaining([['minun-arkeni', 1200], [RESIDENT_SURVEY_2025, Math.round((1200 * 3900) / 4693)]]));
    const res = await t.app.inject({ method: 'GET', url: `/api/authoring/series/minun-arkeni/mappings/minun-arkeni/${RESIDENT_SURVEY_2025}`, headers: (await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email)).headers });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json().questions.filter((q: { source: string }) => q.source === 'saved');
    const byQuestion = (a: { question: string }, b: { question: string }) => a.question.localeCompare(b.question);
    expect(saved.map((q: { question: string; from: string; choices?: object }) => ({ question: q.question, from: q.from, choices: q.choices })).sort(byQuestion)).toEqual(DEMO_WAVE_MAPPING.questions.map((q) => ({ question: q.question, from: q.from, choices: q.choices })).sort(byQuestion));
  });

  it('the renamed question is one trend over both waves, and the recoded choices are merged in 2021', async () => {
    const renamed = await trend('question=elamanlaatu');
    expect(renamed.comparable).toBe(true);
    expect(renamed.waves.map((w: { question: string }) => w.question)).toEqual(['elama_kokonaisuutena', 'elamanlaatu']);
    const recoded = await trend('question=elamantilanne');
    expect(recoded.comparable).toBe(true);
    expect(recoded.waves[0].recoded).toEqual({ perhevapaalla: 'perhevapaalla_tai_sairauslomalla', sairauslomalla: 'perhevapaalla_tai_sairauslomalla' });
    const county = recoded.groups.find((g: { key: string }) => g.key === 'county');
    const merged = county.lines.find((l: { value: string }) => l.value === 'perhevapaalla_tai_sairauslomalla');
    expect(merged.points[0].estimate).toBeGreaterThan(0);
  });

  it('shows real change where the demo made it: fewer want change in the Oulu area, by a test that says so', async () => {
    const body = await trend('question=muutostarve&groupBy=area');
    const oulu = body.groups.find((g: { key: string }) => g.key === 'Oulu');
    const ei = oulu.lines.find((l: { value: string }) => l.value === 'ei');
    const change = ei.changes[0];
    expect(change.difference).toBeGreaterThan(0);
    expect(change.p).toBeLessThan(0.05);
    expect(change.ci.lower).toBeGreaterThan(0);
    // Small places hidden in either wave are hidden in the trend.
    const byMunicipality = await trend('question=muutostarve&groupBy=municipality');
    expect(byMunicipality.groups.some((g: { suppressed: boolean }) => g.suppressed)).toBe(true);
  });
});
