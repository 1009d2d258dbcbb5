import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rakeWeights } from '../../analysis/rake-weights.ts';
import { tallyByMunicipalitySql } from '../../db/results.ts';
import type { CategoryFigure, GroupFigures } from '../../server/results/schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { linearlyDetermined, subtractionAttacks, type PublishedGroup } from '../analysis/disclosure-attacks.ts';

/*
 * The results API over a small data set made here: Oulu 40 respondents, Kuusamo 12, Hailuoto 3
 * (under the threshold of 10) and 2 from outside the county. Hailuoto is alone in its area (Lakeus),
 * so the disclosure policy hides Lakeus and merges it at county level with the 2 from outside; that
 * block of 5 would follow from the county minus Oulu and Koillismaa, so Koillismaa (Kuusamo) joins it.
 */

let t: TestApp;
let analyst: SignedIn;
let viewer: SignedIn;
const submitted: Record<string, unknown>[] = [];
const areas = ['ihmissuhteet', 'talous', 'tyo', 'harrastukset', 'asunto'];
const ages = ['13-17', '18-29', '30-64', '65+'];

function answer(i: number, kunta: string): Record<string, unknown> {
  const muutos = ['ei', 'pieni', 'suuri'][i % 3]!;
  const data = allTypesAnswer({ kunta, ikaryhma: ages[i % 4], muutos, avoin: `vastaus ${kunta} ${i} <script>alert(${i})</script>`, elama: 1 + (i % 5) });
  if (muutos === 'ei') {
    delete data.alueet;
    delete data['alueet-Comment'];
  } else {
    data.alueet = i % 2 ? [areas[i % 5]!, areas[(i + 1) % 5]!] : [areas[i % 5]!, areas[(i + 2) % 5]!, areas[(i + 3) % 5]!];
    delete data['alueet-Comment'];
  }
  return data;
}

async function submit(data: Record<string, unknown>, app = t.app) {
  const res = await app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
  if (res.statusCode !== 201) throw new Error(res.body);
}

beforeAll(async () => {
  t = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  const plan: [string, number][] = [['564', 40], ['305', 12], ['072', 3], ['muu', 2]];
  let i = 0;
  for (const [kunta, count] of plan) {
    for (let k = 0; k < count; k++) {
      const data = answer(i++, kunta);
      submitted.push(data);
      await submit(data);
    }
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', municipalities: ['305'] })).email);
});
afterAll(async () => t.close());

const get = (url: string, as: SignedIn = analyst) => t.app.inject({ method: 'GET', url, headers: as.headers });
/** A group of a question's results as the server's contract has it, with its categories (every question here has them). */
type Group = GroupFigures & { categories: CategoryFigure[] };
const byKey = (groups: Group[], key: string) => groups.find((g) => g.key === key)!;

describe('one question per group', () => {
  it('gives the county, each municipality, n and percentages of those who answered a multiple choice', async () => {
    const res = await get('/api/results/kaikki/questions/alueet?groupBy=municipality');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.question).toMatchObject({ key: 'alueet', kind: 'multi' });
    expect(body.groups).toHaveLength(31);
    const county = byKey(body.groups, 'county');
    // n of a conditional question: those shown it who answered (two thirds wanted change).
    const answered = submitted.filter((d) => Array.isArray(d.alueet));
    expect(county.n).toBe(answered.length);
    const picks = (value: string) => answered.filter((d) => (d.alueet as string[]).includes(value)).length;
    for (const c of county.categories) {
      expect(c.count).toBe(picks(c.value));
      expect(c.percent).toBeCloseTo((100 * picks(c.value)) / answered.length, 10);
      expect(c.ci!.lower).toBeLessThanOrEqual(c.percent!);
      expect(c.ci!.upper).toBeGreaterThan(c.percent!);
    }
    expect(county.categories.reduce((s, c) => s + c.percent!, 0)).toBeGreaterThan(100);
  });

  it('agrees with a plain SQL GROUP BY over the answers table', async () => {
    const res = await get('/api/results/kaikki/questions/alueet?groupBy=municipality');
    const sql = await tallyByMunicipalitySql(t.app.db.kysely, 'kaikki', 'alueet');
    const oulu = byKey(res.json().groups, '564');
    for (const c of oulu.categories) {
      expect(c.count ?? 0).toBe(sql.find((r) => r.municipality_code === '564' && r.value === c.value)?.responses ?? 0);
    }
  });

  it('hides a group under 10 respondents, and enough else that it cannot be worked out', async () => {
    const views = await Promise.all(['municipality', 'area', 'county'].map((g) => get(`/api/results/kaikki/questions/ikaryhma?groupBy=${g}`)));
    const all = new Map<string, Group>();
    for (const v of views) for (const g of v.json().groups as Group[]) all.set(g.key, g);
    const hailuoto = all.get('072')!;
    expect(hailuoto).toMatchObject({ n: null, suppressed: true, suppression: 'small_group' });
    expect(all.get('Lakeus')!.suppressed).toBe(true); // Lakeus has only Hailuoto's 3
    // Everything any view published, as an attacker would collect it, with the respondents outside
    // the county as the unknown remainder of the county.
    const parentOf: Record<string, string | null> = { county: null };
    for (const v of views) for (const g of v.json().groups as Group[]) parentOf[g.key] = g.parent;
    const published: PublishedGroup[] = [...all.values()].map((g) => ({
      key: g.key,
      parent: parentOf[g.key] ?? null,
      n: g.suppressed ? null : g.n,
      cells: Object.fromEntries((g.categories ?? []).map((c) => [c.value, g.suppressed || c.suppressed ? null : c.count])),
    }));
    for (const p of published) if (p.n === null && Object.keys(p.cells).length === 0) for (const a of ages) p.cells[a] = null;
    published.push({ key: 'outside', parent: 'county', n: null, cells: Object.fromEntries(ages.map((a) => [a, null])) });
    expect(subtractionAttacks(published, 'single')).toEqual([]);
    expect(linearlyDetermined(published, 'single')).toEqual([]);
  });

  it('hides a municipality the block around a small one needs, in every view', async () => {
    // Kuusamo's 12 were shown on their own before; the county-level block (Hailuoto's 3 and the 2
    // from outside) needs them, so they are hidden whatever the question, grouping or comparison.
    for (const url of ['/api/results/kaikki/questions/ikaryhma?groupBy=municipality', '/api/results/kaikki/questions/muutos?compare=305', '/api/results/kaikki/questions/elama?groupBy=municipality']) {
      expect(byKey((await get(url)).json().groups, '305')).toMatchObject({ n: null, suppressed: true, suppression: 'complementary' });
    }
    expect(byKey((await get('/api/results/kaikki/questions/ikaryhma?groupBy=area')).json().groups, 'Koillismaa')).toMatchObject({ n: null, suppressed: true, suppression: 'complementary' });
  });

  it('hides small cells in a shown group', async () => {
    const oulu = (await get('/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=564')).json();
    expect(oulu.table.total).toBe(40);
    const hidden = (oulu.table.counts as (number | null)[][]).map((row) => row.filter((c) => c === null).length);
    expect(hidden.some((h) => h > 0)).toBe(true);
    for (const h of hidden) expect(h === 0 || h >= 2).toBe(true); // one is never enough: the row total minus the others would tell it
  });

  it('filters on closed questions with AND, keeping the unfiltered pattern of hidden places', async () => {
    // This filter once shrank Kuusamo to 6 and hid it in that table only, which differencing undid:
    // now the places hidden are the survey's, whatever the filter (an analyst may export the
    // microdata, so the filter rule for small groups is a viewer's; results-disclosure tests it).
    const narrow = await get('/api/results/kaikki/questions/muutos?groupBy=municipality&filter=ikaryhma:18-29,30-64&filter=suostumus:true');
    expect(narrow.statusCode).toBe(200);
    const unfiltered = (await get('/api/results/kaikki/questions/muutos?groupBy=municipality')).json();
    const hiddenKeys = (body: { groups: { key: string; suppressed: boolean }[] }) => body.groups.filter((g) => g.suppressed).map((g) => g.key).sort();
    expect(hiddenKeys(narrow.json())).toEqual(hiddenKeys(unfiltered));
    const res = await get('/api/results/kaikki/questions/muutos?groupBy=municipality&filter=suostumus:true');
    expect(res.statusCode).toBe(200);
    const expected = submitted.filter((d) => d.suostumus === true);
    const body = res.json();
    expect(byKey(body.groups, 'county').n).toBe(expected.length);
    expect(byKey(body.groups, '564').n).toBe(expected.filter((d) => d.kunta === '564').length);
    expect(byKey(body.groups, '305').suppressed).toBe(true);
    expect(body.meta.filters).toEqual([{ key: 'suostumus', values: ['true'] }]);
    const paper = await get('/api/results/kaikki/questions/muutos?channel=paper');
    expect(byKey(paper.json().groups, 'county').n).toBe(0);
  });

  it('refuses the municipality question as a filter or a cross-tabulation variable', async () => {
    const filter = await get('/api/results/kaikki/questions/muutos?filter=kunta:564,072');
    expect(filter.statusCode).toBe(400);
    expect(filter.json().error).toMatchObject({ code: 'place_not_filterable', detail: expect.stringContaining("'kunta'") });
    const crosstab = await get('/api/results/kaikki/crosstab?rows=kunta&columns=muutos');
    expect(crosstab.statusCode).toBe(400);
    expect(crosstab.json().error.code).toBe('place_not_crosstabulable');
  });

  it('names a bad filter or group with a 400', async () => {
    expect((await get('/api/results/kaikki/questions/muutos?filter=avoin:x')).json().error.code).toBe('invalid_filter');
    expect((await get('/api/results/kaikki/questions/muutos?filter=nope')).json().error.code).toBe('invalid_filter');
    expect((await get('/api/results/kaikki/questions/muutos?compare=999')).json().error.code).toBe('invalid_compare');
    expect((await get('/api/results/kaikki/questions/ei-ole')).statusCode).toBe(404);
    expect((await get('/api/results/kaikki/questions/muutos?channel=fax')).statusCode).toBe(400);
  });

  it('compares chosen municipalities and areas side by side with the county', async () => {
    const res = await get('/api/results/kaikki/questions/muutos?compare=305,Oulu');
    expect(res.json().groups.map((g: Group) => g.key)).toEqual(['county', 'Oulu', '305']);
  });

  it('describes ratings with mean, median and top two, and numbers with quartiles', async () => {
    const rating = byKey((await get('/api/results/kaikki/questions/elama')).json().groups, 'county') as Group & { rating: { mean: number; median: number } };
    const values = submitted.map((d) => d.elama as number);
    expect(rating.rating.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
    const numbers = byKey((await get('/api/results/kaikki/questions/oppilaita_per_kuraattori')).json().groups, 'county') as Group & { numbers: { n: number; mean: number } };
    expect(numbers.numbers).toMatchObject({ n: submitted.length, mean: 400 });
  });

  it('weights to the municipalities’ populations on request, reporting unweighted n beside', async () => {
    const res = await get('/api/results/kaikki/questions/muutos?weights=population');
    const body = res.json();
    expect(body.meta.weighting).toMatchObject({ method: 'raking', margins: ['municipality'] });
    expect(body.meta.weighting.unrepresented).toHaveLength(27);
    const county = byKey(body.groups, 'county') as Group & { weightedN: number; categories: { value: string; weighted: { percent: number; ci: { lower: number; upper: number } } }[] };
    expect(county.n).toBe(55); // the two from outside the county are not weighted
    // The same weights made independently: Oulu's 40, Kuusamo's 12 and Hailuoto's 3 sampled so
    // differently that bounds of [0.25, 4] × the mean weight would keep the margins from being met;
    // the survey sets no bounds, so they are met.
    const inCounty = submitted.filter((d) => d.kunta !== 'muu');
    // Raked to the publication units: Oulu, and the county block of Lakeus and Koillismaa (Hailuoto's
    // 3, Kuusamo's 12) with all their municipalities' population, so no weight differs between them.
    const unit = (kunta: string) => (kunta === '564' ? '564' : 'block');
    const lakeus = 927 + 19657 + 10190 + 2008 + 8749 + 6501;
    const koillismaa = 14876 + 3683;
    const raked = rakeWeights(inCounty.map((d) => ({ municipality: unit(d.kunta as string) })), [{ variable: 'municipality', population: { '564': 216152, block: lakeus + koillismaa } }]);
    expect(raked.converged).toBe(true);
    expect(body.meta.weighting).toMatchObject({ converged: true, bounds: null, boundsBind: false });
    const w = raked.weights as number[];
    expect(county.weightedN).toBeCloseTo(w.reduce((a, b) => a + b, 0), 6);
    for (const c of county.categories) {
      const expected = (100 * inCounty.reduce((s, d, i) => s + (d.muutos === c.value ? w[i]! : 0), 0)) / w.reduce((a, b) => a + b, 0);
      expect(c.weighted.percent).toBeCloseTo(expected, 8);
      expect(c.weighted.ci.lower).toBeLessThan(c.weighted.percent);
    }
  });
});

describe('summary, cross-tabulation and open answers', () => {
  it('summarises every question', async () => {
    const res = await get('/api/results/kaikki/summary?groupBy=area');
    expect(res.statusCode).toBe(200);
    const keys = res.json().questions.map((q: { question: { key: string } }) => q.question.key);
    expect(keys).toEqual(expect.arrayContaining(['kunta', 'alueet', 'alueet-Comment', 'tyytyvaisyys.terveys', 'yhteistyo.koulu.taso', 'oppilaita_per_kuraattori', 'tarkeys', 'avoin']));
  });

  it('cross-tabulates two closed questions with the test', async () => {
    const res = await get('/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos');
    const { table } = res.json();
    expect(table.rowValues).toEqual(ages);
    const count = (a: string, m: string) => submitted.filter((d) => d.ikaryhma === a && d.muutos === m).length;
    expect(table.total).toBe(submitted.length);
    for (const [i, a] of ages.entries()) for (const [j, m] of ['ei', 'pieni', 'suuri'].entries()) if (table.counts[i][j] !== null) expect(table.counts[i][j]).toBe(count(a, m));
  });

  it('lists open answers as plain strings, never from a suppressed municipality', async () => {
    const res = await get('/api/results/kaikki/open/avoin?limit=1000');
    const answers: string[] = res.json().answers;
    expect(answers.some((a) => a.includes('<script>alert('))).toBe(true); // text as it was typed
    expect(answers.some((a) => a.startsWith('vastaus 072'))).toBe(false);
    expect(answers.some((a) => a.startsWith('vastaus 305'))).toBe(false); // in the block with Hailuoto
    expect(answers.filter((a) => a.startsWith('vastaus 564'))).toHaveLength(40);
    const searched = await get('/api/results/kaikki/open/avoin?search=564&group=564');
    expect(searched.json().answers).toHaveLength(40);
    expect((await get('/api/results/kaikki/open/avoin?group=305')).json()).toMatchObject({ suppressed: true, answers: [] });
    const hailuoto = await get('/api/results/kaikki/open/avoin?group=072');
    expect(hailuoto.json()).toMatchObject({ suppressed: true, answers: [] });
  });
});

describe('collection progress', () => {
  it('counts responses per municipality, per 1,000 inhabitants, per area, channel and day', async () => {
    const body = (await get('/api/results/kaikki/collection')).json();
    expect(body.total).toBe(57);
    // The 2 from outside are in the county block with Hailuoto and Kuusamo: not told apart.
    expect(body.outsideCounty).toBeNull();
    const oulu = body.municipalities.find((m: { code: string }) => m.code === '564');
    expect(oulu).toMatchObject({ responses: 40, population: 216152 });
    expect(oulu.per1000).toBeCloseTo((1000 * 40) / 216152, 10);
    expect(body.areas.find((a: { area: string }) => a.area === 'Oulu').responses).toBe(40);
    expect(body.areas.find((a: { area: string }) => a.area === 'Koillismaa')).toMatchObject({ responses: null, per1000: null, hidden: 'complementary' });
    expect(body.municipalities.find((m: { code: string }) => m.code === '072')).toMatchObject({ responses: null, hidden: 'small_group' });
    expect(body.municipalities.find((m: { code: string }) => m.code === '305')).toMatchObject({ responses: null, hidden: 'complementary' });
    expect(body.channels).toMatchObject({ web: 57, paper: 0 });
    expect(body.days.reduce((s: number, d: { responses: number }) => s + d.responses, 0)).toBe(57);
    const list = (await get('/api/results/surveys')).json().surveys;
    expect(list).toEqual([expect.objectContaining({ id: 'kaikki', responses: 57 })]);
  });

  it('shows a viewer their own places only, and no count of a place the policy hides', async () => {
    // Kuusamo is in a block it shares with places outside the viewer's scope: no count of it alone.
    const body = (await get('/api/results/kaikki/collection', viewer)).json();
    expect(body.municipalities).toEqual([expect.objectContaining({ code: '305', responses: null, hidden: 'complementary' })]);
    expect(body.total).toBe(0);
    expect(body.areas).toEqual([]);
    expect(body.days.reduce((s: number, d: { responses: number }) => s + d.responses, 0)).toBe(0);
    expect((await get('/api/results/surveys', viewer)).json().surveys[0].responses).toBe(0);
  });
});

describe('a viewer assigned to one municipality', () => {
  it('gets only their own data or 403, whatever the parameters', async () => {
    expect((await get('/api/results/kaikki/questions/muutos', viewer)).statusCode).toBe(403);
    expect((await get('/api/results/kaikki/questions/muutos?groupBy=area', viewer)).statusCode).toBe(403);
    expect((await get('/api/results/kaikki/questions/muutos?compare=564', viewer)).statusCode).toBe(403);
    expect((await get('/api/results/kaikki/questions/muutos?compare=305,564', viewer)).statusCode).toBe(403);
    expect((await get('/api/results/kaikki/questions/muutos?groupBy=municipality&filter=kunta:564', viewer)).json().error.code).toBe('place_not_filterable');
    const own = await get('/api/results/kaikki/questions/muutos?groupBy=municipality', viewer);
    expect(own.json().groups).toEqual([expect.objectContaining({ key: '305', n: null, suppressed: true })]);
    const summary = await get('/api/results/kaikki/summary?groupBy=municipality', viewer);
    for (const q of summary.json().questions) expect(q.groups.map((g: Group) => g.key)).toEqual(['305']);
    expect((await get('/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos', viewer)).statusCode).toBe(403);
    expect((await get('/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=564', viewer)).statusCode).toBe(403);
    expect((await get('/api/results/kaikki/open/avoin', viewer)).statusCode).toBe(403);
    const open = await get('/api/results/kaikki/open/avoin?group=305', viewer);
    expect(open.json()).toMatchObject({ suppressed: true, answers: [] });
  });
});

describe('keeping in step with new answers', () => {
  it('counts a new submission at once, and one stored by another server instance within seconds', async () => {
    const before = byKey((await get('/api/results/kaikki/questions/muutos')).json().groups, 'county').n!;
    await submit(answer(1000, '564'));
    expect(byKey((await get('/api/results/kaikki/questions/muutos')).json().groups, 'county').n).toBe(before + 1);
    const other = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) }, { database: t.database });
    try {
      await submit(answer(1001, '564'), other.app);
    } finally {
      await other.app.close();
    }
    await new Promise((r) => setTimeout(r, 1100));
    expect(byKey((await get('/api/results/kaikki/questions/muutos')).json().groups, 'county').n).toBe(before + 2);
  });
});
