// Steps of the distribution browser test: answering the resident survey when the municipality is already
// set (a municipality link, or entry mode), and admin requests made through the API.
import type { Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { signIn } from '../../factories/users.ts';
import { complete, nextPage, pick, question, rate, write } from './survey.ts';

/** The resident survey (minun-arkeni) from its first page to the end, leaving the municipality as it is. */
export async function fillResidentSurveyAfterMunicipality(page: Page, openAnswer = 'Enemmän iltavuoroja bussiin.'): Promise<void> {
  await pick(page, 'ikaryhma', '30_44');
  await pick(page, 'sukupuoli', 'mies');
  await nextPage(page);
  await pick(page, 'elamantilanne', 'tyossa');
  await nextPage(page);
  for (const [row, value] of [['ihmissuhteet', 4], ['taloudellinen_tilanne', 3], ['asunto', 5], ['toimintakyky', 4], ['kyky_kayttaa_palveluja', 3]] as const) {
    await pick(page, 'tyytyvaisyys', value, row);
  }
  await nextPage(page);
  await rate(page, 'elama_kokonaisuutena', 4);
  await pick(page, 'muutostarve', 'ei');
  await nextPage(page);
  // "Choose 1–3 areas" shows only when a change is wanted; without it the open questions follow.
  if ((await question(page, 'muutos_osa_alueet').count()) > 0 && (await question(page, 'muutos_osa_alueet').isVisible())) await nextPage(page);
  await question(page, 'mika_auttaisi').waitFor();
  await write(page, 'mika_auttaisi', openAnswer);
  await nextPage(page);
  await write(page, 'kunnan_panostukset', 'Kirjastoon.');
  await complete(page);
}

/**
 * The organisation survey (jarjestoyhteistyo, no municipality question) with its two required
 * answers, the optional pages passed by.
 */
export async function fillOrganisationSurvey(page: Page): Promise<void> {
  await question(page, 'jarjestotyyppi').waitFor();
  await pick(page, 'jarjestotyyppi', 'paikallisyhdistys');
  await nextPage(page);
  await pick(page, 'toiminta_alue', 'koko_maakunta');
  await nextPage(page);
  await question(page, 'yhteistyomuodot').waitFor();
  await nextPage(page);
  await question(page, 'kiinnostus').waitFor();
  await nextPage(page);
  await question(page, 'yhteistyo_muuta').waitFor();
  await complete(page);
}

/** An admin's signed-in requests through `inject` (the CSRF header included). */
export async function adminApi(app: FastifyInstance, email: string) {
  const { headers } = await signIn(app, email);
  return async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown): Promise<{ status: number; body: T }> => {
    const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: (res.headers['content-type']?.toString().includes('json') ? res.json() : res.body) as T };
  };
}
