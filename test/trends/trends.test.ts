import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDeterminedItems, type SumRelation } from '../../analysis/find-determined-items.ts';
import { expectClose, readReference } from '../analysis/reference.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * Trends over the waves of a series through the HTTP API (GET /api/results/:survey/trend), on
 * SQLite and, with DATABASE_URL, PostgreSQL:
 * 1. against R's survey package on test/analysis/reference/trends.R (two waves, a renamed question
 *    whose two old choices are merged into one, a multiple choice per option, a rating's mean;
 *    unweighted and raked to the municipalities' populations, both variances), to 1e-6;
 * 2. what cannot be compared is not drawn, with the reason;
 * 3. disclosure across waves: a place hidden in either wave is hidden in both, and an adversary
 *    combining the trend with every per-wave and area view learns no hidden count.
 */

interface Estimate {
  n?: number;
  estimate: number;
  se: number;
}
interface Change {
  difference: number;
  se: number;
  ci: [number, number];
  z: number;
  p: number;
}
interface Line {
  value?: string;
  w2021: Estimate;
  w2025: Estimate;
  change: Change;
}
type Weighted = { value?: string; calibrated: Line; fixed: Line };
interface WaveData {
  muni: string[];
  need: (string | null)[];
  liikunta: (0 | 1 | null)[];
  kulttuuri: (0 | 1 | null)[];
  nuoriso: (0 | 1 | null)[];
  rating: (number | null)[];
}
interface Reference {
  population: Record<'A' | 'B' | 'C', number>;
  data: { w2021: WaveData; w2025: WaveData };
  unweighted: { need: Line[]; alueet: Line[]; rating: Line };
  weighted: { need: Weighted[]; alueet: Weighted[]; rating: Weighted };
}

const reference = readReference<Reference>('trends.json');
const CODE: Record<string, string> = { A: '564', B: '244', C: '305' };
const AREAS = ['liikunta', 'kulttuuri', 'nuoriso'] as const;
const open = { suppression: { minGroupSize: 1, minCellSize: 1 }, municipalityQuestion: 'kunta' };
const kunta = { type: 'dropdown', name: 'kunta', choices: Object.values(CODE) };
const alueet = { type: 'checkbox', name: 'alueet', choices: [...AREAS] };
const arvio = { type: 'rating', name: 'arvio', rateMin: 1, rateMax: 5 };
const wave2021 = envelope('viite-2021', { elements: [kunta, { type: 'radiogroup', name: 'tarve', choices: ['ei', 'vahan', 'paljon', 'tosi_paljon'] }, alueet, arvio] }, { ...open, series: { id: 'viite', wave: '2021' } });
const wave2025 = envelope(
  'viite-2025',
  { elements: [kunta, { type: 'radiogroup', name: 'muutostarve', choices: ['ei', 'vahan', 'paljon'] }, alueet, arvio, { type: 'radiogroup', name: 'uusi', choices: ['a', 'b'] }] },
  { ...open, series: { id: 'viite', wave: '2025' } },
);

// The disclosure series: Hailuoto (072) has 4 respondents in 2021 (hidden, with Liminka 425 as its
// complementary partner in Lakeus) and 12 in 2025 (visible). Answers are fixed per municipality.
const PLACES_2021: Record<string, number> = { '564': 30, '244': 25, '425': 12, '072': 4 };
const PLACES_2025: Record<string, number> = { '564': 30, '244': 25, '425': 14, '072': 12 };
const placeChoices = ['564', '244', '425', '072'];
const small = { municipalityQuestion: 'kunta', suppression: { minGroupSize: 10, minCellSize: 5 } };
const pieni = (wave: string) =>
  envelope(`pieni-${wave}`, { elements: [{ type: 'dropdown', name: 'kunta', choices: placeChoices }, { type: 'radiogroup', name: 'tarve', choices: ['ei', 'kylla'] }] }, { ...small, series: { id: 'pieni', wave } });

let t: TestApp;
let admin: SignedIn;
let analyst: SignedIn;
let viewer: SignedIn;

async function submit(survey: string, data: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  t = await buildTestApp(
    { 'viite-2021.json': wave2021, 'viite-2025.json': wave2025, 'pieni-2021.json': pieni('2021'), 'pieni-2025.json': pieni('2025'), 'yksin.json': envelope('yksin', { elements: [{ type: 'radiogroup', name: 'a', choices: ['x'] }] }) },
    { config: { submitRateLimit: 100_000 } },
  );
  admin = await signIn(t.app, (await addUser(t.app, { role: 'admin' })).email);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', municipalities: ['244'], areas: [] })).email);
  for (const [survey, data, question] of [['viite-2021', reference.data.w2021, 'tarve'], ['viite-2025', reference.data.w2025, 'muutostarve']] as const) {
    for (let i = 0; i < data.muni.length; i++) {
      const answers: Record<string, unknown> = { kunta: CODE[data.muni[i]!] };
      if (data.need[i] !== null) answers[question] = data.need[i];
      if (data.liikunta[i] !== null) answers.alueet = AREAS.filter((a) => data[a][i] === 1);
      if (data.rating[i] !== null) answers.arvio = data.rating[i];
      await submit(survey, answers);
    }
  }
  // 2021's "paljon" and "tosi_paljon" are 2025's "paljon"; the question was renamed.
  const mapping = await t.app.inject({
    method: 'PUT',
    url: '/api/authoring/series/viite/mappings/viite-2021/viite-2025',
    headers: admin.headers,
    payload: { questions: [{ question: 'muutostarve', from: 'tarve', comparable: true, choices: { tosi_paljon: 'paljon' } }, { question: 'arvio', from: 'arvio', comparable: true }] },
  });
  expect(mapping.statusCode, mapping.body).toBe(200);
  for (const [survey, places] of [['pieni-2021', PLACES_2021], ['pieni-2025', PLACES_2025]] as const) {
    for (const [code, n] of Object.entries(places)) for (let i = 0; i < n; i++) await submit(survey, { kunta: code, tarve: i % 3 === 0 ? 'kylla' : 'ei' });
  }
}, 300_000);
afterAll(async () => t?.close());

async function trend(survey: string, query: string, who: SignedIn = analyst) {
  const res = await t.app.inject({ method: 'GET', url: `/api/results/${survey}/trend?${query}`, headers: who.headers });
  return res;
}

interface ApiPoint {
  n: number | null;
  effectiveN: number | null;
  estimate: number | null;
  se: number | null;
  ci: { lower: number; upper: number } | null;
  suppressed: boolean;
  suppression: string | null;
}
interface ApiChange {
  from: string;
  to: string;
  span: string;
  difference: number | null;
  se: number | null;
  ci: { lower: number; upper: number } | null;
  z: number | null;
  p: number | null;
  suppressed: boolean;
}
interface ApiLine {
  value: string;
  points: ApiPoint[];
  changes: ApiChange[];
}
interface ApiGroup {
  key: string;
  suppressed: boolean;
  suppression: string | null;
  lines: ApiLine[];
}

const county = (body: { groups: ApiGroup[] }) => body.groups.find((g) => g.key === 'county')!;

/** A line's points and change against R's (percent: the API's percentages and points are R's × 100). */
function expectLine(line: ApiLine | undefined, expected: Line, scale: number) {
  expect(line, 'line').toBeDefined();
  const [a, b] = line!.points;
  for (const [point, wave] of [[a!, expected.w2021], [b!, expected.w2025]] as const) {
    expect(point.suppressed).toBe(false);
    expectClose(point.estimate, scale * wave.estimate, 1e-6);
    expectClose(point.se, scale * wave.se, 1e-6);
    if (wave.n !== undefined) expect(point.n).toBe(wave.n);
  }
  expect(line!.changes).toHaveLength(1);
  const c = line!.changes[0]!;
  expect([c.from, c.to, c.span]).toEqual(['viite-2021', 'viite-2025', 'consecutive']);
  expectClose(c.difference, scale * expected.change.difference, 1e-6);
  expectClose(c.se, scale * expected.change.se, 1e-6);
  expectClose(c.ci!.lower, scale * expected.change.ci[0], 1e-6);
  expectClose(c.ci!.upper, scale * expected.change.ci[1], 1e-6);
  expectClose(c.z, expected.change.z, 1e-6);
  expectClose(c.p, expected.change.p, 1e-6);
}

describe('trend figures equal R survey', () => {
  it('unweighted: the renamed question with 2021 recoded into 2025\'s categories, each wave its own SRS of those who answered', async () => {
    const res = await trend('viite-2025', 'question=muutostarve');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.comparable).toBe(true);
    expect(body.meta).toMatchObject({ survey: 'viite-2025', series: 'viite', measure: 'proportion', intervals: 'srs' });
    expect(body.waves.map((w: { survey: string; question: string; included: boolean; recoded: object }) => [w.survey, w.question, w.included, w.recoded])).toEqual([
      ['viite-2021', 'tarve', true, { tosi_paljon: 'paljon' }],
      ['viite-2025', 'muutostarve', true, {}],
    ]);
    const lines = county(body).lines;
    expect(lines.map((l: ApiLine) => l.value)).toEqual(['ei', 'vahan', 'paljon']);
    for (const expected of reference.unweighted.need) expectLine(lines.find((l: ApiLine) => l.value === expected.value), expected, 100);
    // The unweighted interval of a point is Wilson's, as in the wave's own results.
    const own = (await t.app.inject({ method: 'GET', url: '/api/results/viite-2025/questions/muutostarve', headers: analyst.headers })).json();
    const paljon = own.groups.find((g: { key: string }) => g.key === 'county').categories.find((c: { value: string }) => c.value === 'paljon');
    expect(lines.find((l: ApiLine) => l.value === 'paljon')!.points[1]!.ci).toEqual(paljon.ci);
  });

  it('unweighted: a multiple choice per option, and a rating\'s mean', async () => {
    const multi = (await trend('viite-2025', 'question=alueet')).json();
    for (const expected of reference.unweighted.alueet) expectLine(county(multi).lines.find((l) => l.value === expected.value), expected, 100);
    const rating = await trend('viite-2025', 'question=arvio');
    expect(rating.statusCode, rating.body).toBe(200);
    expect(rating.json().meta.measure).toBe('mean');
    expectLine(county(rating.json()).lines[0], reference.unweighted.rating, 1);
  });

  it('weighted (each wave raked to its municipalities): the calibrated and the fixed-weight variance', async () => {
    for (const [se, variant] of [['calibrated', 'calibrated'], ['fixed', 'fixed']] as const) {
      const need = (await trend('viite-2025', `question=muutostarve&weights=population&se=${se}`)).json();
      expect(need.meta.intervals).toBe(se === 'fixed' ? 'fixed-weights' : 'calibrated');
      for (const expected of reference.weighted.need) expectLine(county(need).lines.find((l) => l.value === expected.value), expected[variant], 100);
      const multi = (await trend('viite-2025', `question=alueet&weights=population&se=${se}`)).json();
      for (const expected of reference.weighted.alueet) expectLine(county(multi).lines.find((l) => l.value === expected.value), expected[variant], 100);
      const rating = (await trend('viite-2025', `question=arvio&weights=population&se=${se}`)).json();
      expectLine(county(rating).lines[0], reference.weighted.rating[variant], 1);
      // A weighted point's effective n is below its n (the raking costs precision).
      const point = county(need).lines[0]!.points[0]!;
      expect(point.effectiveN!).toBeLessThan(point.n!);
    }
  });
});

describe('what cannot be compared', () => {
  it('a question new in the later wave is no trend, and says why', async () => {
    const res = await trend('viite-2025', 'question=uusi');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.comparable).toBe(false);
    expect(body.reason).toContain('was not asked in wave 2021');
    expect(body.groups).toEqual([]);
    expect(body.waves[0]).toMatchObject({ survey: 'viite-2021', included: false, question: null });
  });

  it('a link the author marks not comparable is no trend, with the author\'s note', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/authoring/series/viite/mappings/viite-2021/viite-2025',
      headers: admin.headers,
      payload: { questions: [{ question: 'muutostarve', from: 'tarve', comparable: true, choices: { tosi_paljon: 'paljon' } }, { question: 'arvio', from: 'arvio', comparable: false, note: 'kysymyksen sanamuoto muuttui' }] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const body = (await trend('viite-2025', 'question=arvio')).json();
    expect(body.comparable).toBe(false);
    expect(body.reason).toContain('kysymyksen sanamuoto muuttui');
    await t.app.inject({
      method: 'PUT',
      url: '/api/authoring/series/viite/mappings/viite-2021/viite-2025',
      headers: admin.headers,
      payload: { questions: [{ question: 'muutostarve', from: 'tarve', comparable: true, choices: { tosi_paljon: 'paljon' } }, { question: 'arvio', from: 'arvio', comparable: true }] },
    });
  });

  it('refuses a survey in no series, the place question and an open question, each with its code', async () => {
    const none = await trend('yksin', 'question=a');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('not_in_series');
    const place = await trend('viite-2025', 'question=kunta');
    expect(place.statusCode).toBe(400);
    expect(place.json().error.code).toBe('not_trendable');
    const missing = await trend('viite-2025', 'question=ei-ole');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('question_not_found');
  });
});

describe('disclosure across waves', () => {
  it('a place hidden in one wave is hidden in every wave of the trend, with its complementary partner', async () => {
    const res = await trend('pieni-2025', 'question=tarve&groupBy=municipality');
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json().groups as ApiGroup[];
    const byKey = new Map(groups.map((g) => [g.key, g]));
    // Hailuoto has 12 respondents in 2025 and is shown in 2025's own view…
    const own2025 = (await t.app.inject({ method: 'GET', url: '/api/results/pieni-2025/questions/tarve?groupBy=municipality', headers: analyst.headers })).json();
    expect(own2025.groups.find((g: { key: string }) => g.key === '072').suppressed).toBe(false);
    // …but hidden (4 in 2021) in the trend, in both waves, as is Liminka, its block partner of 2021.
    for (const code of ['072', '425']) {
      expect(byKey.get(code)).toMatchObject({ suppressed: true, suppression: 'hidden_in_a_wave', lines: [] });
    }
    for (const code of ['564', '244']) expect(byKey.get(code)!.suppressed).toBe(false);
    expect(byKey.get('county')!.suppressed).toBe(false);
  });

  it('every shown point is the wave\'s own published figure', async () => {
    for (const query of ['groupBy=municipality', 'groupBy=area', 'compare=244,Lakeus']) {
      const body = (await trend('pieni-2025', `question=tarve&${query}`)).json();
      for (const [i, survey] of ['pieni-2021', 'pieni-2025'].entries()) {
        const own = (await t.app.inject({ method: 'GET', url: `/api/results/${survey}/questions/tarve?${query}`, headers: analyst.headers })).json();
        for (const g of body.groups as ApiGroup[]) {
          if (g.suppressed) continue;
          const ownGroup = own.groups.find((x: { key: string }) => x.key === g.key);
          for (const line of g.lines) {
            const cell = ownGroup.categories.find((c: { value: string }) => c.value === line.value);
            const point = line.points[i]!;
            expect(point.suppressed).toBe(cell.suppressed);
            if (!point.suppressed) expect([point.n, point.estimate]).toEqual([ownGroup.n, cell.percent]);
          }
        }
      }
    }
  });

  it('the adversary: every count the trends and the per-wave views publish, combined, determines no hidden place\'s count', async () => {
    // Unknowns: per wave, each municipality's n and its count of 'kylla'. Published: every group's n
    // and 'kylla' count that any trend or per-wave view shows (count = percent × n / 100), and
    // the relations that a group adds up its municipalities.
    const municipalities = placeChoices;
    const groupsOf: Record<string, string[]> = { county: municipalities, Oulu: ['564'], Lakeus: ['244', '425', '072'], '564': ['564'], '244': ['244'], '425': ['425'], '072': ['072'] };
    const items: string[] = [];
    const id = (name: string) => {
      let i = items.indexOf(name);
      if (i < 0) i = items.push(name) - 1;
      return i;
    };
    const published = new Set<number>();
    const relations: SumRelation[] = [];
    const waves = ['pieni-2021', 'pieni-2025'];
    for (const wave of waves) {
      for (const measure of ['n', 'kylla']) {
        for (const [group, members] of Object.entries(groupsOf)) {
          if (members.length > 1 || group !== members[0]) relations.push({ total: id(`${wave}/${group}/${measure}`), members: members.map((m) => id(`${wave}/${m}/${measure}`)) });
        }
      }
    }
    const publish = (wave: string, group: string, n: number | null, percent: number | null) => {
      if (n !== null) published.add(id(`${wave}/${group}/n`));
      if (n !== null && percent !== null) published.add(id(`${wave}/${group}/kylla`));
    };
    for (const query of ['groupBy=county', 'groupBy=area', 'groupBy=municipality', 'compare=244,Lakeus', 'compare=564,244', 'compare=Oulu,Lakeus']) {
      const body = (await trend('pieni-2025', `question=tarve&${query}`)).json();
      for (const g of body.groups as ApiGroup[]) {
        if (g.suppressed) continue;
        const line = g.lines.find((l) => l.value === 'kylla')!;
        line.points.forEach((p, i) => publish(waves[i]!, g.key, p.n, p.estimate));
      }
      for (const wave of waves) {
        const own = (await t.app.inject({ method: 'GET', url: `/api/results/${wave}/questions/tarve?${query}`, headers: analyst.headers })).json();
        for (const g of own.groups) {
          if (g.suppressed) continue;
          publish(wave, g.key, g.n, g.categories.find((c: { value: string }) => c.value === 'kylla').percent);
        }
      }
    }
    // The block of 2021 (Hailuoto with Liminka): its total may be known, never either member's.
    relations.push({ total: id('block'), members: [id('pieni-2021/072/n'), id('pieni-2021/425/n')] });
    const hidden = items.map((_, i) => !published.has(i));
    const determined = new Set(findDeterminedItems(items.length, relations, hidden).map((i) => items[i]));
    // Hailuoto and Liminka of 2021 are a block: only their sum is known, never either alone.
    for (const name of ['pieni-2021/072/n', 'pieni-2021/072/kylla', 'pieni-2021/425/n', 'pieni-2021/425/kylla']) {
      expect(published.has(items.indexOf(name)), name).toBe(false);
      expect(determined.has(name), name).toBe(false);
    }
    // The audit can find something: the block's total is determined (area minus Kempele).
    expect(determined.has('block')).toBe(true);
  });

  it('a viewer sees only their places, and is refused another', async () => {
    const own = await trend('pieni-2025', 'question=tarve&groupBy=municipality', viewer);
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json().groups as ApiGroup[]).map((g) => g.key)).toEqual(['244']);
    const other = await trend('pieni-2025', 'question=tarve&compare=564', viewer);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('outside_scope');
  });
});
