// A dynamic panel and a file upload in the workspace, in real Chromium: neither is drawn as a chart
// (their kinds say why, server/questions/result-kinds.ts), and the page says so with the count of
// those who answered, in the question view and in the overview. The views pass axe-core.
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
import { axeViolations, launchBrowser } from './support/browser.ts';
import { clientDir } from './support/client.ts';
import { signInThroughPage, watchedPage } from './support/workspace.ts';

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: [{ value: '564', text: 'Oulu' }] },
    { type: 'paneldynamic', name: 'harrastukset', title: 'Harrastukset', templateElements: [{ type: 'text', name: 'laji', title: 'Laji' }] },
    { type: 'file', name: 'liite', title: 'Liite', storeDataAsText: true },
    { type: 'slider', name: 'arvio', title: 'Arvio', min: 0, max: 10 },
  ],
};

let browser: Browser;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let url: string;
let email: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-not-charted-'));
  fs.writeFileSync(path.join(dir, 'lajit.json'), JSON.stringify(envelope('lajit', definition, { municipalityQuestion: 'kunta' })));
  database = await freshDatabase();
  [browser, app] = await Promise.all([
    launchBrowser(),
    (async () => buildApp(testConfig({ databaseUrl: database.url, surveysDir: dir, clientDir: await clientDir(), submitRateLimit: 100_000 }), { logger: false }))(),
  ]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (let i = 0; i < 12; i++) {
    const data = { kunta: '564', harrastukset: [{ laji: 'uinti' }, { laji: 'hiihto' }].slice(0, 1 + (i % 2)), liite: [{ name: `liite${i}.txt`, type: 'text/plain', content: 'data:text/plain;base64,YQ==' }], arvio: i % 11 };
    const res = await app.inject({ method: 'POST', url: '/api/surveys/lajit/responses', payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
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

describe('questions the workspace does not chart', () => {
  it('say why, with how many answered, in the question view and the overview', async () => {
    const { page, close } = await watchedPage(browser);
    await signInThroughPage(page, `${url}/tyotila/lajit?kysymys=harrastukset`, email);
    const panel = page.locator('article[data-question="harrastukset"]');
    const reason = panel.locator('p.not-charted');
    await reason.waitFor();
    expect(spaces(await reason.textContent())).toBe('Vastaus toistuu riveittäin tai paneeleittain, joten sitä ei näytetä kaaviona eikä taulukkona: aineistoviennissä kukin rivi on omina sarakkeinaan. Vastanneita 12.');
    expect(await panel.locator('svg').count()).toBe(0);
    expect(await panel.locator('table').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // The deck and report picker offers the slider (a table of statistics), not the panel or the upload.
    const offered = await page.locator('input[name="export-question"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(offered).toContain('arvio');
    expect(offered).not.toContain('harrastukset');
    expect(offered).not.toContain('liite');

    await page.goto(`${url}/tyotila/lajit?kysymys=liite`);
    const files = page.locator('article[data-question="liite"] p.not-charted');
    await files.waitFor();
    expect(spaces(await files.textContent())).toMatch(/^Liitetiedostoja ei näytetä kaaviona: .* ei koskaan niiden sisältöä\. Liitteen lisänneitä 12\.$/);

    // A slider is a number: its statistics, as a typed number has.
    await page.goto(`${url}/tyotila/lajit?kysymys=arvio`);
    const slider = page.locator('article[data-question="arvio"] section.panel[data-group="county"]');
    await slider.locator('table').waitFor();
    expect(spaces(await slider.locator('tr', { hasText: 'Suurin' }).locator('td').textContent())).toMatch(/^10/);

    await page.goto(`${url}/tyotila/lajit/yhteenveto`);
    // The overview folds each question; open them all, as a reader going through it would.
    await page.getByRole('button', { name: 'Avaa kaikki' }).click();
    const overview = page.locator('article[data-question="harrastukset"] p.not-charted');
    await overview.waitFor();
    expect(spaces(await overview.textContent())).toMatch(/Vastanneita 12\.$/);
    expect(await page.locator('article[data-question="liite"] p.not-charted').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await close();
  }, 120_000);
});
