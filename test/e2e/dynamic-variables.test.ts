// A dynamic matrix's column in the workspace, in real Chromium: chosen in the question picker by its
// whole name ("Lapset — Ikäryhmä"), drawn as bars of respondents with the unit said, and read per
// row in a table that states the rows and respondents. The view passes axe-core.
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
import { addUser } from '../factories/users.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { clientDir } from './support/client.ts';
import { signInThroughPage, watchedPage } from './support/workspace.ts';

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: [{ value: '564', text: 'Oulu' }] },
    {
      type: 'matrixdynamic',
      name: 'lapset',
      title: 'Lapset',
      rowCount: 0,
      columns: [
        { name: 'ika', title: 'Ikäryhmä', cellType: 'dropdown', choices: [{ value: 'small', text: 'Alle kouluikäinen' }, { value: 'school', text: 'Kouluikäinen' }] },
        { name: 'tunnit', title: 'Hoitotunnit viikossa', cellType: 'text', inputType: 'number' },
      ],
    },
  ],
};

let browser: Browser;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let url: string;
let email: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-dynamic-'));
  fs.writeFileSync(path.join(dir, 'lapset.json'), JSON.stringify(envelope('lapset', definition, { municipalityQuestion: 'kunta' })));
  database = await freshDatabase();
  [browser, app] = await Promise.all([
    launchBrowser(),
    (async () => buildApp(testConfig({ databaseUrl: database.url, surveysDir: dir, clientDir: await clientDir(), submitRateLimit: 100_000 }), { logger: false }))(),
  ]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Twelve families: every one has a child at school, every other one also a child under school age.
  for (let i = 0; i < 12; i++) {
    const lapset = [{ ika: 'school', tunnit: 5 }, ...(i % 2 ? [{ ika: 'small', tunnit: 30 }, { ika: 'small', tunnit: 35 }] : [])];
    const res = await app.inject({ method: 'POST', url: '/api/surveys/lapset/responses', payload: { id: crypto.randomUUID(), version: 1, data: { kunta: '564', lapset }, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  email = (await addUser(app, { role: 'analyst' })).email;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ');

describe('a dynamic matrix column in the workspace', () => {
  it('is chosen by its whole name, charted per respondent and tabulated per row with the unit and n', async () => {
    const { page, close } = await watchedPage(browser);
    await signInThroughPage(page, `${url}/tyotila/lapset`, email);
    const picker = page.getByLabel('Kysymys', { exact: true });
    await picker.waitFor();
    const options = await picker.locator('option').allTextContents();
    expect(options.map(spaces)).toEqual(expect.arrayContaining([expect.stringMatching(/Lapset — Ikäryhmä$/), expect.stringMatching(/Lapset — Hoitotunnit viikossa$/)]));
    await picker.selectOption('lapset.ika');

    const article = page.locator('article[data-question="lapset.ika"]');
    const county = article.locator('section.panel[data-group="county"]');
    await county.locator('svg').first().waitFor();
    expect(spaces(await article.getByTestId('entry-unit').textContent())).toMatch(/^Yksikkö: vastaajat\. Osuus vastaajista, joilla vaihtoehto on vähintään yhdellä rivillä/);
    expect(spaces(await county.locator('h4').first().textContent())).toContain('n = 12');
    // The bars are respondents: all twelve have a child at school, six one under school age.
    const respondentRow = county.locator('table').first().locator('tr', { hasText: 'Alle kouluikäinen' });
    expect(spaces(await respondentRow.locator('td').first().textContent())).toBe('6');
    // Per row: 24 rows of 12 respondents, 12 of them under school age (50 %).
    const perRow = county.getByTestId('entry-figures');
    expect(spaces(await perRow.locator('h5').textContent())).toBe('Riveittäin (yksikkö: rivit) (24 riviä, 12 vastaajaa)');
    const rowCells = await perRow.locator('tr', { hasText: 'Alle kouluikäinen' }).locator('td').allTextContents();
    expect(rowCells.map(spaces).slice(0, 2)).toEqual(['12', '50,0 %']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'dynamic-matrix-column');

    // A number column: the total per respondent, and the mean per row.
    await picker.selectOption('lapset.tunnit');
    const hours = page.locator('article[data-question="lapset.tunnit"] section.panel[data-group="county"]');
    await hours.getByTestId('entry-figures').waitFor();
    expect(spaces(await hours.getByTestId('entry-figures').locator('tr', { hasText: 'Keskiarvo riviä kohden' }).locator('td').textContent())).toBe('18,75');
    expect(await axeViolations(page)).toEqual([]);
    await close();
  }, 180_000);
});
