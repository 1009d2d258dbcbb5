import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupFigures } from '../../server/results/schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The survey's one disclosure policy through the API. Lakeus holds Kempele (30), Liminka (7) and
 * Hailuoto (4): the two small ones form Lakeus's block of 11, published only inside Lakeus's total.
 * A twin data set moves one respondent from Liminka to Hailuoto (6 and 5): everything published
 * must be the same, byte for byte, since no figure may separate two municipalities of one block.
 */

const ages = ['13-17', '18-29', '30-64', '65+'];
const plan: [string, number][] = [['564', 40], ['244', 30], ['425', 7], ['072', 4], ['305', 20]];

function answers(moveOne: boolean): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let i = 0;
  let moved = false;
  for (const [kunta, count] of plan) {
    for (let k = 0; k < count; k++) {
      const muutos = ['ei', 'pieni', 'suuri'][i % 3]!;
      // The same answers in both data sets; only the first of Liminka's is Hailuoto's in the twin.
      const place = moveOne && kunta === '425' && !moved ? ((moved = true), '072') : kunta;
      const data = allTypesAnswer({ kunta: place, ikaryhma: ages[i % 4], muutos, avoin: `vastaus ${i}`, elama: 1 + (i % 5) });
      delete data['alueet-Comment'];
      if (muutos === 'ei') delete data.alueet;
      else data.alueet = ['talous', 'tyo'];
      out.push(data);
      i++;
    }
  }
  return out;
}

/** The shared survey with Kempele and Liminka among the municipality question's choices. */
function definition(): Record<string, unknown> {
  const d = allTypesDefinition() as { pages: { elements: { name: string; choices?: unknown[] }[] }[] };
  const kunta = d.pages.flatMap((p) => p.elements).find((e) => e.name === 'kunta')!;
  kunta.choices = [...kunta.choices!, { value: '244', text: 'Kempele' }, { value: '425', text: 'Liminka' }];
  return d;
}

async function app(moveOne: boolean): Promise<{ t: TestApp; analyst: SignedIn; viewer: SignedIn }> {
  const t = await buildTestApp({ 'kaikki.json': envelope('kaikki', definition(), { municipalityQuestion: 'kunta' }) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  for (const data of answers(moveOne)) {
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', areas: ['Lakeus'] })).email);
  return { t, analyst, viewer };
}

let one: Awaited<ReturnType<typeof app>>;
let twin: Awaited<ReturnType<typeof app>>;
beforeAll(async () => {
  one = await app(false);
  twin = await app(true);
}, 120_000);
afterAll(async () => {
  await one?.t.close();
  await twin?.t.close();
});

const get = (a: typeof one, url: string, as: 'analyst' | 'viewer' = 'analyst') => a.t.app.inject({ method: 'GET', url, headers: a[as].headers });
/** A group of a question's results as the server's contract has it. */
type Group = GroupFigures;

// What differs between two servers whatever the data: the time of the latest answer. Numbers are
// compared to 12 significant digits: a weighting diagnostic summed in another order differs in its
// last bit or two, which is rounding, not information about the block's members.
const published = (body: unknown) =>
  JSON.stringify(body, (key, value) => (key === 'dataAsOf' || key === 'days' ? undefined : typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(12)) : value));

/** The two answers are the same; on a difference, the text around its first character. */
function same(a: unknown, b: unknown, what: string) {
  const [x, y] = [published(a), published(b)];
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  expect(x.slice(Math.max(0, i - 300), i + 80), what).toBe(y.slice(Math.max(0, i - 300), i + 80));
}

describe('one disclosure policy for every view', () => {
  it('hides the small municipalities of an area as one block, in every grouping', async () => {
    const groups: Group[] = (await get(one, '/api/results/kaikki/questions/muutos?groupBy=municipality')).json().groups;
    const by = (k: string) => groups.find((g) => g.key === k)!;
    expect(by('425')).toMatchObject({ n: null, suppressed: true, suppression: 'small_group' });
    expect(by('072')).toMatchObject({ n: null, suppressed: true, suppression: 'small_group' });
    expect(by('244')).toMatchObject({ n: 30, suppressed: false });
    const area = (await get(one, '/api/results/kaikki/questions/muutos?groupBy=area')).json().groups.find((g: Group) => g.key === 'Lakeus');
    // Lakeus minus Kempele is the block (11), never one of its members.
    expect(area.n - by('244').n!).toBe(11);
  });

  it('attack 1: a filter on the municipality question is refused', async () => {
    const res = await get(one, '/api/results/kaikki/questions/muutos?filter=kunta:244,072');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('place_not_filterable');
  });

  it('attack 2: a cross-tab of a visible municipality, subtracted from its area, leaves the block', async () => {
    const kempele = (await get(one, '/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=244')).json().table;
    const lakeus = (await get(one, '/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=Lakeus')).json().table;
    expect(lakeus.total - kempele.total).toBe(11);
    expect((await get(one, '/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=072')).json()).toMatchObject({ suppressed: true, table: null });
  });

  it('attack 3: collection counts of the hidden municipalities are not given, to analysts or to a viewer of their area', async () => {
    for (const as of ['analyst', 'viewer'] as const) {
      const body = (await get(one, '/api/results/kaikki/collection', as)).json();
      for (const code of ['425', '072']) expect(body.municipalities.find((m: { code: string }) => m.code === code)).toMatchObject({ responses: null, hidden: 'small_group' });
      expect(body.municipalities.find((m: { code: string }) => m.code === '244').responses).toBe(30);
    }
  });

  it('refuses a viewer a filter that would leave a place with a small group, and allows one that does not', async () => {
    const narrow = await get(one, '/api/results/kaikki/questions/muutos?groupBy=municipality&filter=ikaryhma:13-17', 'viewer');
    expect(narrow.statusCode).toBe(400);
    expect(narrow.json().error.code).toBe('filter_too_fine');
    expect(narrow.json().error.message).not.toMatch(/Hailuoto|Liminka|072|425/);
    expect(narrow.json().error.detail).not.toMatch(/Hailuoto|Liminka|072|425/);
    expect((await get(one, '/api/results/kaikki/questions/muutos?groupBy=municipality&filter=suostumus:true', 'viewer')).statusCode).toBe(200);
  });

  it('gives an analyst (who may export the microdata) the filtered table, with the same places hidden as unfiltered', async () => {
    const plain = (await get(one, '/api/results/kaikki/questions/muutos?groupBy=municipality')).json();
    const narrow = await get(one, '/api/results/kaikki/questions/muutos?groupBy=municipality&filter=ikaryhma:13-17');
    expect(narrow.statusCode).toBe(200);
    const hidden = (body: { groups: { key: string; suppressed: boolean }[] }) => body.groups.filter((g) => g.suppressed).map((g) => g.key).sort();
    expect(hidden(narrow.json())).toEqual(hidden(plain));
    expect(hidden(plain).length).toBeGreaterThan(0);
  });

  it('attacks 4 and 5: weighted figures and diagnostics are the same when a respondent moves inside the block', async () => {
    for (const url of [
      '/api/results/kaikki/questions/muutos?groupBy=area&weights=population',
      '/api/results/kaikki/questions/muutos?groupBy=municipality&weights=population',
      '/api/results/kaikki/questions/alueet?compare=244,Lakeus&weights=population',
      '/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=Lakeus&weights=population',
    ]) {
      const [a, b] = [await get(one, url), await get(twin, url)];
      expect(a.statusCode, url).toBe(200);
      same(a.json(), b.json(), url);
    }
    // The weights of the block's members are equal: Lakeus's weighted total is its population, and
    // Kempele's is its own, so the block's is theirs together.
    const body = (await get(one, '/api/results/kaikki/questions/muutos?groupBy=area&weights=population')).json();
    expect(body.meta.weighting.converged).toBe(true);
  });

  it('publishes the same unweighted figures, collection and viewer counts for the twin', async () => {
    for (const [url, as] of [
      ['/api/results/kaikki/summary?groupBy=municipality', 'analyst'],
      ['/api/results/kaikki/summary?groupBy=area', 'analyst'],
      ['/api/results/kaikki/questions/muutos?compare=244,425,072,Lakeus', 'analyst'],
      ['/api/results/kaikki/crosstab?rows=ikaryhma&columns=muutos&group=Lakeus', 'analyst'],
      ['/api/results/kaikki/collection', 'analyst'],
      ['/api/results/kaikki/collection', 'viewer'],
      ['/api/results/kaikki/questions/muutos?groupBy=municipality', 'viewer'],
    ] as const) {
      const [a, b] = [await get(one, url, as), await get(twin, url, as)];
      expect(a.statusCode, url).toBe(200);
      same(a.json(), b.json(), `${url} as ${as}`);
    }
  });
});
