// The data set the results-export tests share: Oulu 40 respondents, Kuusamo 14, Hailuoto 3
// (under the group threshold of 10, so hidden everywhere) and 7 from outside the county (Hailuoto
// is alone in its area, so the disclosure policy merges it with those 7 into a county-level block
// of 10; with fewer, Kuusamo's area would have to join the block and be hidden too); in
// Kuusamo some cells fall under 5 and others are hidden with them (complementary suppression). Every open answer names
// its municipality, so a test can see that none from Hailuoto got out. A second survey, `pari`, holds
// 40 answers to two yes/no-like questions whose cross-tabulation hides nothing, so its test is given.
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { CategoryFigure, GroupFigures } from '../../server/results/schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

const areas = ['ihmissuhteet', 'talous', 'tyo', 'harrastukset', 'asunto'];
const ages = ['13-17', '18-29', '30-64', '65+'];

function answer(i: number, kunta: string): Record<string, unknown> {
  const muutos = ['ei', 'pieni', 'suuri'][i % 3]!;
  const data = allTypesAnswer({ kunta, ikaryhma: ages[i % 4], muutos, avoin: `vastaus ${kunta} ${i} ä ö 😀 =SUM(A1)`, elama: 1 + (i % 5) });
  delete data['alueet-Comment'];
  if (muutos === 'ei') delete data.alueet;
  else data.alueet = i % 2 ? [areas[i % 5]!, areas[(i + 1) % 5]!] : [areas[i % 5]!, areas[(i + 2) % 5]!, areas[(i + 3) % 5]!];
  return data;
}

export interface ExportFixture {
  t: TestApp;
  analyst: SignedIn;
  /** A viewer of Kuusamo (305) only. */
  viewer: SignedIn;
  get(url: string, as?: SignedIn): Promise<LightMyRequestResponse>;
}

export async function exportFixture(): Promise<ExportFixture> {
  const pari = { pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'liikkuu', choices: ['kylla', 'ei'] }, { type: 'radiogroup', name: 'harrastaa', choices: ['kylla', 'ei'] }] }] };
  const t = await buildTestApp(
    { 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }), 'pari.json': envelope('pari', pari) },
    { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } },
  );
  const plan: [string, number][] = [['564', 40], ['305', 14], ['072', 3], ['muu', 7]];
  let i = 0;
  for (const [kunta, count] of plan) {
    for (let k = 0; k < count; k++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id: crypto.randomUUID(), version: 1, data: answer(i++, kunta), locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
  }
  const pairs: [string, string, number][] = [['kylla', 'kylla', 12], ['kylla', 'ei', 8], ['ei', 'kylla', 6], ['ei', 'ei', 14]];
  for (const [liikkuu, harrastaa, count] of pairs) {
    for (let k = 0; k < count; k++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/pari/responses', payload: { id: crypto.randomUUID(), version: 1, data: { liikkuu, harrastaa }, locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
  }
  const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', municipalities: ['305'] })).email);
  return { t, analyst, viewer, get: (url, as = analyst) => t.app.inject({ method: 'GET', url, headers: as.headers }) };
}

/** A category and a group of a question's results as the server's contract has them (every question here has categories). */
export type ApiCategory = CategoryFigure;
export type ApiGroup = GroupFigures & { categories: ApiCategory[] };
