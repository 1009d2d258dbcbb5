// What the workspace says about places it shows and hides, in real Chromium with axe-core: a viewer
// of a survey that allows it sees the county's figure beside their municipality, labelled as the
// county (server/results/disclosure.ts, viewerCountyComparison); and a municipality that a filter
// leaves too small is explained in words a municipal official understands, with the wider views
// that would show it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn } from '../factories/users.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { clientDir } from './support/client.ts';
import { signInThroughPage, watchedPage } from './support/workspace.ts';

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', title: 'Kunta', choices: [{ value: '305', text: 'Kuusamo' }, { value: '832', text: 'Taivalkoski' }, { value: '564', text: 'Oulu' }, { value: '244', text: 'Kempele' }] },
    { type: 'radiogroup', name: 'tyytyvainen', title: 'Oletko tyytyväinen palveluihin?', choices: [{ value: 'kylla', text: 'Kyllä' }, { value: 'ei', text: 'Ei' }, { value: 'eos', text: 'En osaa sanoa' }] },
    { type: 'text', name: 'ika', title: 'Ikä', inputType: 'number' },
  ],
};
const PLAN: [string, number][] = [['305', 20], ['832', 10], ['564', 30], ['244', 20]];

let browser: Browser;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let url: string;
let dir: string;
let viewer: string;
let analyst: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-disclosure-words-'));
  fs.writeFileSync(path.join(dir, 'vertailu.json'), JSON.stringify(envelope('vertailu', definition, { municipalityQuestion: 'kunta', suppression: { minGroupSize: 5, minCellSize: 3 }, disclosure: { viewerCountyComparison: true } })));
  database = await freshDatabase();
  [browser, app] = await Promise.all([
    launchBrowser(),
    (async () => buildApp(testConfig({ databaseUrl: database.url, surveysDir: dir, clientDir: await clientDir(), submitRateLimit: 100_000 }), { logger: false }))(),
  ]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let i = 0;
  for (const [kunta, count] of PLAN) {
    for (let k = 0; k < count; k++, i++) {
      const data = { kunta, tyytyvainen: ['kylla', 'ei', 'eos'][i % 3], ika: 20 + (i % 50) };
      const res = await app.inject({ method: 'POST', url: '/api/surveys/vertailu/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
  }
  viewer = (await addUser(app, { role: 'viewer', municipalities: ['305'] })).email;
  analyst = (await addUser(app, { role: 'analyst' })).email;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe('places in the workspace', () => {
  it("shows a viewer the county's figure beside their municipality, labelled as the county", async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${url}/tyotila/vertailu?kysymys=tyytyvainen&ryhmittely=municipality`, viewer);
    const county = page.locator('article[data-question="tyytyvainen"] section.panel[data-group="county"]');
    await county.locator('table').waitFor();
    expect(spaces(await county.locator('h4').textContent())).toBe('Koko hyvinvointialue (n = 80)');
    const own = page.locator('article[data-question="tyytyvainen"] section.panel[data-group="305"]');
    expect(spaces(await own.locator('h4').textContent())).toBe('Kuusamo (n = 20)');
    // Only the county and their own place: no other municipality's panel.
    const panels = await page.locator('article[data-question="tyytyvainen"] section.panel').evaluateAll((s) => s.map((e) => e.getAttribute('data-group')));
    expect(panels).toEqual(['county', '305']);
    // The county's figures are the API's for an analyst.
    const api = (await app.inject({ method: 'GET', url: '/api/results/vertailu/questions/tyytyvainen', headers: (await signIn(app, analyst)).headers })).json();
    const countyApi = api.groups.find((g: { key: string }) => g.key === 'county');
    const yes = countyApi.categories.find((c: { value: string }) => c.value === 'kylla');
    expect(spaces(await county.locator('tr', { hasText: 'Kyllä' }).locator('td').first().textContent())).toBe(String(yes.count));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'viewer-county-comparison-1440');
    expect(problems).toEqual([]);
    await close();
  }, 120_000);

  it('says why a filter hides a municipality, and which wider view would show it', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${url}/tyotila/vertailu?kysymys=ika&ryhmittely=municipality&rajaus=tyytyvainen:kylla`, analyst);
    // Taivalkoski's 10 respondents, 3 or 4 of them saying yes: too few for an age's statistics.
    const hidden = page.locator('article[data-question="ika"] section.panel[data-group="832"]');
    await hidden.waitFor();
    expect(spaces(await hidden.getByTestId('hidden-by-filter').textContent())).toBe(
      'Rajausten jälkeen Taivalkoski jää alle 5 vastaajan. Niin pienestä joukosta vastaajat voisi tunnistaa, joten sen luvut piilotetaan. Näet sen, kun poistat rajauksen tai väljennät sitä, tai kun katsot koko aluetta (ryhmittely alueittain) tai koko hyvinvointialuetta.',
    );
    // A place big enough after the filter has its statistics and no such words.
    const oulu = page.locator('article[data-question="ika"] section.panel[data-group="564"]');
    expect(await oulu.getByTestId('hidden-by-filter').count()).toBe(0);
    expect(await oulu.locator('table').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    // Without the filter Taivalkoski is shown, and nothing is explained.
    await page.goto(`${url}/tyotila/vertailu?kysymys=ika&ryhmittely=municipality`);
    await page.locator('article[data-question="ika"] section.panel[data-group="832"] table').waitFor();
    expect(await page.getByTestId('hidden-by-filter').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  }, 120_000);
});
