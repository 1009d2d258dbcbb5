// The privacy notice page, made from the survey file's notice parts: reached from the survey's first
// page, in Finnish, Swedish and English at a phone's width, with axe-core (WCAG 2.1 A and AA) and a
// screenshot of each language in test/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, eventually, launchBrowser, phonePage, PHONE, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const LANGUAGES = [
  {
    language: 'fi',
    button: 'Suomi',
    title: 'Tietosuojaseloste: Minun arkeni',
    headings: ['Rekisterinpitäjä', 'Rekisterinpitäjän yhteystiedot', 'Tietosuojavastaava', 'Käsittelyn tarkoitus', 'Käsittelyn oikeusperuste', 'Käsiteltävät tiedot', 'Tietojen vastaanottajat', 'Säilytysaika', 'Oikeutesi ja niiden käyttäminen', 'Oikeus valittaa tietosuojavaltuutetulle'],
    texts: ['Pohjois-Pohjanmaan hyvinvointialue', 'tietosuojavaltuutetun toimisto', 'paikkamerkkejä'],
  },
  {
    language: 'sv',
    button: 'Svenska',
    title: 'Dataskyddsbeskrivning:',
    headings: ['Personuppgiftsansvarig', 'Den personuppgiftsansvariges kontaktuppgifter', 'Dataskyddsombud', 'Ändamålet med behandlingen', 'Rättslig grund för behandlingen', 'Uppgifter som behandlas', 'Mottagare av uppgifterna', 'Lagringstid', 'Dina rättigheter och hur du använder dem', 'Rätt att klaga hos dataombudsmannen'],
    texts: ['Norra Österbottens välfärdsområde', 'dataombudsmannens byrå', 'platshållare'],
  },
  {
    language: 'en',
    button: 'English',
    title: 'Privacy notice:',
    headings: ['Controller', "Controller's contact details", 'Data protection officer', 'Purpose of the processing', 'Legal basis of the processing', 'Data processed', 'Recipients of the data', 'How long the data are kept', 'Your rights and how to use them', 'Right to complain to the Data Protection Ombudsman'],
    texts: ['North Ostrobothnia Wellbeing Services County', 'Data Protection Ombudsman (tietosuojavaltuutettu)', 'placeholders the county must confirm'],
  },
] as const;

describe('the privacy notice page', () => {
  it('is linked from the first page, and reads complete in Finnish, Swedish and English at 375 px without axe violations', async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await page.locator('.sd-question').first().waitFor();
    const link = page.locator('.survey-intro a[href="/tietosuoja/minun-arkeni"]');
    expect(await link.count()).toBe(1);
    await link.click();
    await eventually(() => page.url()).toBe(`${env.server.url}/tietosuoja/minun-arkeni`);

    for (const { language, button, title, headings, texts } of LANGUAGES) {
      await page.getByRole('button', { name: button, exact: true }).click();
      await eventually(() => page.locator('h1').first().textContent()).toContain(title);
      expect(await page.locator('html').getAttribute('lang'), language).toBe(language);
      expect(await page.locator('article h2').allTextContents()).toEqual(headings);
      // Every part has its text, none empty, and the page says nothing is missing.
      const sections = await page.locator('article section p').allTextContents();
      expect(sections).toHaveLength(headings.length);
      for (const text of sections) expect(text.trim().length, language).toBeGreaterThan(20);
      const body = (await page.locator('article').textContent()) ?? '';
      for (const text of texts) expect(body, language).toContain(text);
      // Nothing runs off the side of a phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
      await screenshot(page, `privacy-notice-${language}-375`);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
