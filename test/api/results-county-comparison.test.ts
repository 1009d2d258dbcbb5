// A viewer's county comparison (the envelope's `disclosure.viewerCountyComparison`): off, a viewer
// sees only their own places; on, the county's figure beside them, except where the county minus
// their places would tell the figure of the places outside their scope: one other place (the
// survey-level refusal), a cell under the cell size, or a question that gives place.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupFigures } from '../../server/results/schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: ['305', '832', '564', '244'] },
    { type: 'radiogroup', name: 'tyytyvainen', choices: ['kylla', 'ei', 'eos'] },
    // Few say yes outside Kuusamo (one in Oulu, one in Kempele): the county minus Kuusamo would show 2.
    { type: 'radiogroup', name: 'harvinainen', choices: ['kylla', 'ei'] },
    { type: 'text', name: 'ika', inputType: 'number' },
  ],
};
const suppression = { minGroupSize: 5, minCellSize: 3 };
const on = { disclosure: { viewerCountyComparison: true } };
// Kuusamo and Taivalkoski are Koillismaa, Oulu its own area, Kempele Lakeus: outside Kuusamo three places.
const SPREAD: [string, number][] = [['305', 20], ['832', 10], ['564', 30], ['244', 20]];
// Outside Kuusamo only Oulu: the county minus Kuusamo is Oulu.
const TWO: [string, number][] = [['305', 20], ['564', 30]];

interface Stored { kunta: string; tyytyvainen: string; harvinainen: string; ika: number }

let t: TestApp;
let analyst: SignedIn;
let kuusamo: SignedIn;
const stored: Record<string, Stored[]> = {};

async function fill(survey: string, plan: [string, number][]) {
  stored[survey] = [];
  let i = 0;
  for (const [kunta, count] of plan) {
    for (let k = 0; k < count; k++, i++) {
      const rare = kunta === '305' ? k < 6 : (kunta === '564' || kunta === '244') && k === 0;
      const data: Stored = { kunta, tyytyvainen: ['kylla', 'ei', 'eos'][i % 3]!, harvinainen: rare ? 'kylla' : 'ei', ika: 20 + (i % 50) };
      const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
      expect(res.statusCode, res.body).toBe(201);
      stored[survey]!.push(data);
    }
  }
}

beforeAll(async () => {
  t = await buildTestApp(
    {
      'ei-vertailua.json': envelope('ei-vertailua', definition, { municipalityQuestion: 'kunta', suppression }),
      'vertailu.json': envelope('vertailu', definition, { municipalityQuestion: 'kunta', suppression, ...on }),
      'kaksi.json': envelope('kaksi', definition, { municipalityQuestion: 'kunta', suppression, ...on }),
    },
    { config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } },
  );
  await fill('ei-vertailua', SPREAD);
  await fill('vertailu', SPREAD);
  await fill('kaksi', TWO);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  kuusamo = await signIn(t.app, (await addUser(t.app, { role: 'viewer', municipalities: ['305'] })).email);
});
afterAll(async () => t.close());

const get = async (url: string, as: SignedIn, status = 200) => {
  const res = await t.app.inject({ method: 'GET', url, headers: as.headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
};
const keys = (groups: GroupFigures[]) => groups.map((g) => g.key);
const county = (groups: GroupFigures[]) => groups.find((g) => g.key === 'county')!;

describe('a viewer and the county, with the setting off (the default)', () => {
  it('gives no county-wide figure beside their places, and refuses the county alone', async () => {
    for (const url of ['/api/results/ei-vertailua/questions/tyytyvainen?groupBy=municipality', '/api/results/ei-vertailua/questions/tyytyvainen?compare=305']) {
      expect(keys((await get(url, kuusamo)).groups)).toEqual(['305']);
    }
    await get('/api/results/ei-vertailua/questions/tyytyvainen', kuusamo, 403);
  });
});

describe('a viewer and the county, with the setting on', () => {
  it("shows the county's own figure beside theirs, the same as an analyst's, and never another place", async () => {
    for (const url of ['/api/results/vertailu/questions/tyytyvainen?groupBy=municipality', '/api/results/vertailu/questions/tyytyvainen?compare=305']) {
      const mine = (await get(url, kuusamo)).groups as GroupFigures[];
      expect(keys(mine)).toEqual(['county', '305']);
      const theirs = county((await get(url, analyst)).groups);
      expect(county(mine)).toEqual(theirs);
      expect(county(mine)).toMatchObject({ suppressed: false, n: 80 });
    }
    // By area or alone: Kuusamo's viewer has no area, only the county would be left: refused as before.
    await get('/api/results/vertailu/questions/tyytyvainen?groupBy=area', kuusamo, 403);
    await get('/api/results/vertailu/questions/tyytyvainen', kuusamo, 403);
    await get('/api/results/vertailu/questions/tyytyvainen?compare=305,564', kuusamo, 403);
    // A county-wide cross-tab or open answers are not a comparison figure: still outside the scope.
    await get('/api/results/vertailu/crosstab?rows=tyytyvainen&columns=harvinainen', kuusamo, 403);
    // The meta stays of the viewer's places.
    expect((await get('/api/results/vertailu/questions/tyytyvainen?groupBy=municipality', kuusamo)).meta.responses).toBe(20);
  });

  it('hides the county where the county minus their place would show a cell under the cell size', async () => {
    const url = '/api/results/vertailu/questions/harvinainen?groupBy=municipality';
    // The attack: county 8 "yes" minus Kuusamo's 6 gives 2 outside Kuusamo, the sum of Oulu's and
    // Kempele's cells, which the analyst's table hides as small cells (both, so neither follows).
    const analystCounty = county((await get(url, analyst)).groups);
    expect(analystCounty.categories!.find((c) => c.value === 'kylla')!.count).toBe(8);
    const mine = (await get(url, kuusamo)).groups as GroupFigures[];
    expect(mine.find((g) => g.key === '305')!.categories!.find((c) => c.value === 'kylla')!.count).toBe(6);
    expect(county(mine)).toMatchObject({ suppressed: true, suppression: 'complementary', n: null });
    expect(JSON.stringify(county(mine))).not.toMatch(/"count":\d/);
  });

  it('never compares a question that gives place with the county (its county row lists the other places)', async () => {
    const mine = (await get('/api/results/vertailu/questions/kunta?groupBy=municipality', kuusamo)).groups as GroupFigures[];
    expect(county(mine)).toMatchObject({ suppressed: true, suppression: 'complementary', n: null, categories: [] });
    // An analyst's county row would name the other places' counts.
    const theirs = county((await get('/api/results/vertailu/questions/kunta', analyst)).groups);
    expect(theirs.categories!.find((c) => c.value === '564')!.count).toBe(30);
  });

  it('hides the county for every question when everything outside their places is one other place', async () => {
    // Outside Kuusamo there is only Oulu: the county minus Kuusamo would be Oulu's figures exactly.
    const summary = await get('/api/results/kaksi/summary?groupBy=municipality', kuusamo);
    for (const q of summary.questions as { question: { key: string }; groups: GroupFigures[] }[]) {
      expect(keys(q.groups), q.question.key).toEqual(['county', '305']);
      expect(county(q.groups), q.question.key).toMatchObject({ suppressed: true, suppression: 'complementary', n: null });
    }
    // An analyst sees the county as always.
    expect(county((await get('/api/results/kaksi/questions/tyytyvainen', analyst)).groups)).toMatchObject({ suppressed: false, n: 50 });
  });

  it('leaves nothing to difference out: every county figure shown minus the viewer’s is a publishable figure of the rest', async () => {
    // The adversary's subtraction over every question of the summary, checked against the stored answers.
    const summary = await get('/api/results/vertailu/summary?groupBy=municipality', kuusamo);
    const rest = stored.vertailu!.filter((s) => s.kunta !== '305');
    let shown = 0;
    for (const q of summary.questions as { question: { key: keyof Stored }; groups: GroupFigures[] }[]) {
      const c = county(q.groups);
      const own = q.groups.find((g) => g.key === '305')!;
      if (c.suppressed) continue;
      shown++;
      const answered = rest.filter((s) => s[q.question.key] !== undefined);
      expect(c.n! - own.n!, q.question.key).toBe(answered.length);
      expect(answered.length === 0 || answered.length >= suppression.minGroupSize).toBe(true);
      for (const cell of c.categories ?? []) {
        const mineCell = own.categories!.find((x) => x.value === cell.value)!;
        if (cell.count === null || mineCell.count === null) continue;
        const difference = cell.count - mineCell.count;
        expect(difference, `${q.question.key}=${cell.value}`).toBe(answered.filter((s) => String(s[q.question.key]) === cell.value).length);
        expect(difference === 0 || difference >= suppression.minCellSize, `${q.question.key}=${cell.value}: ${difference}`).toBe(true);
      }
    }
    // tyytyvainen and the number question are shown; harvinainen and kunta are not.
    expect(shown).toBe(2);
  });
});
