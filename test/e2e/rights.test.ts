// A respondent's rights in the browser, at a phone's width: they answer the resident survey, copy the
// rights code from the thank-you page, open their answer with it on /oikeudet (in Finnish, Swedish,
// plain Finnish and English), and erase it after the explicit second step; the analyst's county figure
// drops by one, and the code then opens nothing. The privacy notice links the rights page in every
// language, and reads in plain Finnish where the survey offers it. axe on every view, screenshots in
// test/artifacts/.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, eventually, launchBrowser, phonePage, PHONE, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { fillResidentSurvey, receiptCode } from './support/survey.ts';
import { signInThroughPage, watchedPage, type WatchedPage } from './support/workspace.ts';
import { addUser } from '../factories/users.ts';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function axeClean(page: Page, name: string) {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits a phone`).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, name);
}

const spaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

/** The county's n on the resident survey's first chart, as the analyst's workspace shows it. */
async function countyN(analyst: WatchedPage): Promise<number> {
  await analyst.page.goto(`${env.server.url}/tyotila`);
  await analyst.page.getByRole('link', { name: 'Minun arkeni ja elämäni', exact: true }).click();
  const heading = analyst.page.locator('section.panel[data-group="county"] h4');
  await heading.waitFor();
  const match = /n = ([\d\s]+)/.exec(spaces(await heading.textContent()));
  return Number((match?.[1] ?? '').replace(/\s/g, ''));
}

describe('a respondent’s rights', () => {
  it('answers, copies the code, sees and erases the answer; the analyst’s figure drops by one', async () => {
    const { context, page, problems } = await phonePage(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await fillResidentSurvey(page, 'Oulu');
    await receiptCode(page);
    const shown = (await page.getByTestId('rights-code').textContent())?.trim() ?? '';
    expect(shown).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    // On one line at a phone's width, to be read off or written down in one go.
    const lines = await page.getByTestId('rights-code').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    await page.getByRole('button', { name: 'Kopioi koodi' }).click();
    await eventually(() => page.getByText('Koodi kopioitu.').count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    await axeClean(page, 'rights-thank-you-code-375');

    // Eleven more answers like this one, so that the county's group is large enough to be shown.
    const { app } = env.server;
    const stored = await app.db.kysely.selectFrom('responses').select(['data', 'survey_version']).where('survey_id', '=', 'minun-arkeni').executeTakeFirstOrThrow();
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/surveys/minun-arkeni/responses', payload: { id: crypto.randomUUID(), version: stored.survey_version, data: JSON.parse(stored.data), locale: 'fi' } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const analystUser = await addUser(app, { role: 'analyst' });
    const analyst = await watchedPage(browser);
    await signInThroughPage(analyst.page, `${env.server.url}/tyotila`, analystUser.email);
    expect(await countyN(analyst)).toBe(12);

    // The rights page, from the footer, with the code pasted from the clipboard.
    await page.getByRole('link', { name: 'Omat vastaukseni' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Katso tai poista vastauksesi' }).waitFor();
    await axeClean(page, 'rights-enter-code-375');
    await page.getByLabel('Oikeuskoodi tai kutsulinkki').fill(copied.toLowerCase());
    await page.getByRole('button', { name: 'Näytä vastaukseni' }).click();
    const answers = page.getByTestId('own-answers');
    await answers.waitFor();
    const text = async () => spaces(await answers.textContent());
    expect(await text()).toContain('Missä kunnassa asut?');
    expect(await text()).toContain('Oulu');
    expect(await text()).toContain('Enemmän iltavuoroja bussiin.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vastauksesi kyselyyn Minun arkeni ja elämäni');
    await axeClean(page, 'rights-own-answer-fi-375');

    for (const [button, question, name] of [
      ['Svenska', 'I vilken kommun bor du?', 'sv'],
      ['Selkosuomi', 'Kuinka vanha olet?', 'fi-selko'],
      ['English', 'Which municipality do you live in?', 'en'],
    ] as const) {
      await page.getByRole('button', { name: button, exact: true }).click();
      await eventually(text).toContain(question);
      await axeClean(page, `rights-own-answer-${name}-375`);
    }
    await page.getByRole('button', { name: 'Suomi', exact: true }).click();
    await eventually(text).toContain('Missä kunnassa asut?');

    // Erasure needs the second step; cancelling it erases nothing.
    await page.getByRole('button', { name: 'Pyydä vastauksen poistamista' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByRole('button', { name: 'Peruuta' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(await countyN(analyst)).toBe(12);

    await page.getByRole('button', { name: 'Pyydä vastauksen poistamista' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await page.getByRole('alertdialog').textContent()).toContain('Poistoa ei voi perua');
    await axeClean(page, 'rights-confirm-375');
    await page.getByRole('button', { name: 'Kyllä, poista vastaukseni' }).click();
    await page.getByTestId('rights-erased').waitFor();
    expect(spaces(await page.getByTestId('rights-erased').textContent())).toContain('Vastauksesi on poistettu.');
    await axeClean(page, 'rights-erased-375');

    expect(await countyN(analyst)).toBe(11);

    // The code opens nothing any more, and says so as it would for any wrong code.
    await page.goto(`${env.server.url}/oikeudet`);
    await page.getByLabel('Oikeuskoodi tai kutsulinkki').fill(copied);
    await page.getByRole('button', { name: 'Näytä vastaukseni' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('Koodilla ei löytynyt vastausta');
    await axeClean(page, 'rights-not-found-375');

    expect(problems).toEqual([]);
    expect(analyst.problems).toEqual([]);
    await analyst.close();
    await context.close();
  }, 300_000);

  it('is linked from the privacy notice in Finnish, Swedish and English, which reads in plain Finnish too', async () => {
    const { context, page, problems } = await phonePage(browser);
    const cases = [
      { lang: 'fi', link: 'Katso tai poista vastauksesi', heading: 'Oikeutesi ja niiden käyttäminen', rights: 'Omat vastaukseni (/oikeudet)' },
      { lang: 'sv', link: 'Se eller radera ditt svar', heading: 'Dina rättigheter och hur du använder dem', rights: 'Mina svar (/oikeudet)' },
      { lang: 'en', link: 'See or erase your answer', heading: 'Your rights and how to use them', rights: 'My answers (/oikeudet)' },
      { lang: 'fi-selko', link: 'Katso tai poista vastauksesi', heading: 'Sinun oikeutesi', rights: 'Kirjoita koodi sivulle Omat vastaukseni (/oikeudet).' },
    ] as const;
    for (const { lang, link, heading, rights } of cases) {
      await page.goto(`${env.server.url}/tietosuoja/minun-arkeni?lang=${lang}`);
      await page.locator('article h2').first().waitFor();
      const headings = await page.locator('article h2').allTextContents();
      expect(headings, lang).toContain(heading);
      const section = page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });
      expect(spaces(await section.textContent()), lang).toContain(rights);
      expect(await page.getByTestId('rights-link').textContent(), lang).toBe(link);
      await axeClean(page, `rights-privacy-notice-${lang}-375`);
    }
    // Plain Finnish: its own headings and texts, not the standard Finnish ones.
    expect(await page.locator('article h2').allTextContents()).toEqual([
      'Kuka vastaa tiedoista',
      'Yhteystiedot',
      'Tietosuojavastaava',
      'Miksi keräämme tietoja',
      'Miksi saamme kerätä tietoja',
      'Mitä tietoja keräämme',
      'Kuka näkee tiedot',
      'Kuinka kauan säilytämme tietoja',
      'Sinun oikeutesi',
      'Voit valittaa',
    ]);
    const body = spaces(await page.locator('article').textContent());
    expect(body).not.toContain('tietosuoja-asetuksen 15, 16, 18 ja 21 artikla');
    await page.getByTestId('rights-link').click();
    await page.getByRole('heading', { level: 1, name: 'Katso tai poista vastauksesi' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fi');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
