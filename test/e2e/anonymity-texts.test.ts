// The respondent's pages promise anonymity only for a form that asks nobody's name: the survey list's
// opening line and the privacy notice's follow what the server finds in the form
// (server/questions/identifying.ts), in Finnish, Swedish and English, in Chromium at a phone's width,
// with axe-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { STRINGS } from '../../client/respond/i18n.tsx';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { envelope } from '../factories/surveys.ts';
import { axeViolations, eventually, launchBrowser, phonePage } from './support/browser.ts';
import { clientDir } from './support/client.ts';

const anonymous = { elements: [{ type: 'radiogroup', name: 'tyytyvainen', title: 'Oletko tyytyväinen?', choices: ['kylla', 'ei'] }] };
// A contact form as SurveyJS's documentation writes one: a name and an e-mail address.
const contact = {
  elements: [
    { type: 'text', name: 'nimi', title: 'Nimi' },
    { type: 'text', name: 'yhteys', title: 'Sähköposti', inputType: 'email' },
    { type: 'comment', name: 'palaute', title: 'Palaute' },
  ],
};

let browser: Browser;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let url: string;
let dir: string;

async function start(files: Record<string, object>) {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  app = await buildApp(testConfig({ databaseUrl: database.url, surveysDir: dir, clientDir: await clientDir() }), { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-anonymity-'));
  database = await freshDatabase();
  browser = await launchBrowser();
  await start({ 'nimeton.json': envelope('nimeton', anonymous), 'yhteys.json': envelope('yhteys', contact) });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const LANGUAGES = [
  ['fi', 'Suomi'],
  ['sv', 'Svenska'],
  ['en', 'English'],
] as const;

describe('what the respondent is told about anonymity', () => {
  it('says so on the server: the list flags the form that asks who you are, the form names its questions', async () => {
    const list = (await app.inject({ method: 'GET', url: '/api/surveys' })).json().surveys as { id: string; identifying: boolean }[];
    expect(Object.fromEntries(list.map((s) => [s.id, s.identifying]))).toEqual({ nimeton: false, yhteys: true });
    expect((await app.inject({ method: 'GET', url: '/api/surveys/yhteys' })).json().identifyingQuestions.sort()).toEqual(['nimi', 'yhteys']);
    expect((await app.inject({ method: 'GET', url: '/api/surveys/nimeton' })).json().identifyingQuestions).toEqual([]);
  });

  it('follows the survey in the list and the privacy notice, in every language, at 375 px without axe violations', async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${url}/`);
    for (const [language, button] of LANGUAGES) {
      const t = STRINGS[language];
      await page.getByRole('button', { name: button, exact: true }).click();
      await eventually(() => page.locator('html').getAttribute('lang')).toBe(language);
      // A list with a contact form promises nothing, and marks that form.
      await eventually(() => page.getByTestId('list-intro').textContent()).toBe(t.listIntroIdentifying);
      expect(t.listIntroIdentifying).not.toMatch(/nimettöm|anonym/i);
      const items = page.locator('.survey-list li');
      expect(await items.count()).toBe(2);
      expect(await page.locator('.survey-list li', { hasText: 'yhteys' }).getByTestId('asks-identity').textContent()).toBe(` (${t.listAsksIdentity})`);
      expect(await page.locator('.survey-list li', { hasText: 'nimeton' }).getByTestId('asks-identity').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    }
    for (const [language, button] of LANGUAGES) {
      const t = STRINGS[language];
      for (const [survey, intro] of [['yhteys', t.privacyIntroIdentifying], ['nimeton', t.privacyIntro]] as const) {
        await page.goto(`${url}/tietosuoja/${survey}`);
        await page.getByRole('button', { name: button, exact: true }).click();
        await eventually(() => page.getByTestId('privacy-intro').textContent()).toBe(intro);
      }
      expect(await axeViolations(page)).toEqual([]);
    }
    expect(t('fi').privacyIntroIdentifying).toContain('Kysely kysyy nimeäsi tai yhteystietojasi');
    expect(t('fi').privacyIntro).toContain('Vastaat nimettömänä');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('promises anonymity in the list when no open form asks who you are', async () => {
    await start({ 'nimeton.json': envelope('nimeton', anonymous) });
    const { context, page } = await phonePage(browser);
    await page.goto(`${url}/`);
    await eventually(() => page.getByTestId('list-intro').textContent()).toBe(STRINGS.fi.listIntro);
    expect(STRINGS.fi.listIntro).toContain('Vastaat nimettömänä');
    expect(await page.getByTestId('asks-identity').count()).toBe(0);
    await context.close();
  }, 120_000);
});

const t = (language: keyof typeof STRINGS) => STRINGS[language];
