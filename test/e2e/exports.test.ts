// The results exports in real Chromium on the demo data set: an analyst downloads the chart
// of the view on screen as SVG and PNG, then makes a deck per area with the progress shown and
// gets one zip holding a deck per area and the note on groups left out. The "Diat ja raportit"
// panel passes axe-core (WCAG 2.1 A/AA) open and finished. The "Lataa aineisto" panel downloads
// the responses with the view's filter (an analyst's Excel with codes), and a viewer never sees it;
// the cross-tabulation links to its workbook.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import type { Download } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactsDir, axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, signInThroughPage, startDemoServer, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let analystEmail: string;
let viewerEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  analystEmail = (await account(env, { role: 'analyst' })).email;
  viewerEmail = (await account(env, { role: 'viewer', municipalities: ['564'] })).email;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const read = async (download: Download) => fs.readFileSync((await download.path())!);

it('downloads the chart of the view as SVG and PNG, and a deck per area zipped in the browser with progress', async () => {
  const { page, problems, close } = await watchedPage(browser);
  await signInThroughPage(page, `${env.server.url}/tyotila/minun-arkeni?ryhmittely=area`, analystEmail);
  await page.locator('section.panel[data-group="county"]').waitFor();
  await eventually(async () => page.locator('section.panel').count()).toBe(7);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Kuva SVG', exact: true }).click()]);
  expect(svgDownload.suggestedFilename()).toBe('minun-arkeni-muutos_osa_alueet.svg');
  const svg = (await read(svgDownload)).toString('utf8');
  expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg /);
  expect(svg).toContain('Koillismaa (n = ');
  expect(svg).toContain('Oulunkaari');

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Kuva PNG', exact: true }).click()]);
  const png = PNG.sync.read(await read(pngDownload));
  expect(png.width).toBe(1920);
  expect(png.height).toBeGreaterThan(1000);

  // The batch: one deck per area of the chosen question, fetched in turn, zipped in the browser.
  await page.getByText('Diat ja raportit').click();
  await page.getByRole('button', { name: 'Tee kaikki ja lataa zip' }).waitFor();
  expect(await axeViolations(page), 'the open panel passes axe (WCAG 2.1 A/AA)').toEqual([]);
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __progress: string[] }).__progress = []);
    new MutationObserver(() => {
      const text = document.querySelector('[data-progress]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Oma tiedosto jokaiselle').selectOption('area');
  const [zipDownload] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Tee kaikki ja lataa zip' }).click()]);
  expect(zipDownload.suggestedFilename()).toBe('minun-arkeni-diat-area.zip');
  const zip = await JSZip.loadAsync(await read(zipDownload));
  const names = Object.keys(zip.files).sort();
  expect(names).toHaveLength(7);
  expect(names).toContain('jatetty-pois.txt');
  expect(names.filter((n) => n.endsWith('.pptx'))).toHaveLength(6);
  expect(names).toContain('minun-arkeni-koillismaa.pptx');
  const deck = await JSZip.loadAsync(await zip.file('minun-arkeni-koillismaa.pptx')!.async('uint8array'));
  expect(Object.keys(deck.files).some((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
  const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  // k of N while the files come in (the last step shows as the finished note).
  expect(progress[0]).toBe('0 / 6 tiedostoa');
  expect(progress.length).toBeGreaterThanOrEqual(3);
  expect(progress.every((p) => /^[0-5] \/ 6 tiedostoa$/.test(p))).toBe(true);
  await eventually(async () => page.getByRole('status').filter({ hasText: 'Valmis' }).textContent()).toMatch(/Valmis: 6 tiedostoa/);
  // Finished: the progress and the status note pass axe as well.
  expect(await axeViolations(page), 'the finished panel passes axe (WCAG 2.1 A/AA)').toEqual([]);
  await screenshot(page, 'workspace-exports-1440');
  expect(problems).toEqual([]);
  await close();
}, 240_000);

it("downloads the responses with the view's filter as Excel with codes; the SPSS pair names the same CSV; a viewer has no such panel", async () => {
  const { page, problems, close } = await watchedPage(browser);
  await signInThroughPage(page, `${env.server.url}/tyotila/minun-arkeni?rajaus=ikaryhma:13_17`, analystEmail);
  await page.locator('section.panel[data-group="county"]').waitFor();
  const filtered = (await (await page.request.get(`${env.server.url}/api/results/minun-arkeni/questions/ikaryhma?filter=ikaryhma:13_17`)).json()).groups[0];
  expect(filtered.key).toBe('county');

  const panel = page.getByTestId('data-export');
  await panel.getByText('Lataa aineisto').click();
  await expect.poll(() => panel.textContent()).toContain('Pienten kuntien kunta ja alue jätetään tyhjiksi');
  expect(await panel.textContent()).toContain('Rajaukset: Mihin ikäryhmään kuulut?: 13–17 vuotta');
  // In Finnish the CSV is for Finnish Excel by default: semicolons and decimal commas, and the panel says so.
  const delimiter = panel.getByRole('group', { name: 'CSV:n erotin' });
  await expect(delimiter.getByRole('radio', { name: /^puolipiste/ }).isChecked()).resolves.toBe(true);
  expect(await delimiter.textContent()).toContain('Oletuksena puolipiste ja desimaalipilkku, koska käytät palvelua suomeksi');
  expect(await panel.getByRole('link', { name: 'Lataa CSV' }).getAttribute('href')).toContain('delimiter=semicolon');
  await panel.getByRole('radio', { name: /^Excel/ }).check();
  await panel.getByRole('radio', { name: 'koodeina' }).check();
  expect(await panel.getByRole('group', { name: 'CSV:n erotin' }).count(), 'the delimiter is a CSV choice').toBe(0);
  expect(await axeViolations(page), 'the data panel passes axe (WCAG 2.1 A/AA)').toEqual([]);
  fs.mkdirSync(artifactsDir, { recursive: true });
  await panel.screenshot({ path: path.join(artifactsDir, 'exports-data-panel.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: 'Lataa Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^minun-arkeni-vastaukset-\d{4}-\d{2}-\d{2}-koodit\.xlsx$/);
  const script = `import json,sys,openpyxl\nws=openpyxl.load_workbook(sys.argv[1],read_only=True)['Vastaukset']\nrows=list(ws.iter_rows(values_only=True))\nat=rows[0].index('ikaryhma')\nprint(json.dumps({'rows':len(rows)-1,'ages':sorted(set(r[at] for r in rows[1:]))}))`;
  // openpyxl goes by the extension; Playwright keeps downloads under random names.
  const xlsx = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-data-')), download.suggestedFilename());
  await download.saveAs(xlsx);
  const sheet = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, xlsx], { encoding: 'utf8' }));
  expect(sheet).toEqual({ rows: filtered.n, ages: ['13_17'] });

  // SPSS: the syntax and its CSV, the CSV saved under the very name the syntax reads.
  await panel.getByRole('radio', { name: /^SPSS/ }).check();
  const href = async (name: string) => `${env.server.url}${await panel.getByRole('link', { name }).getAttribute('href')}`;
  const syntax = await (await page.request.get(await href('Lataa SPSS-syntaksi (.sps)'))).text();
  const csv = await page.request.get(await href('Lataa SPSS:n CSV-tiedosto'));
  const name = /filename="([^"]+)"/.exec(csv.headers()['content-disposition'] ?? '')![1]!;
  expect(syntax).toContain(`/FILE='${name}'`);
  expect((await csv.text()).trim().split('\n')).toHaveLength(filtered.n + 1);

  // The cross-tabulation on screen links to its workbook with the same view.
  await page.goto(`${env.server.url}/tyotila/minun-arkeni/ristiintaulukointi?rajaus=ikaryhma:13_17&rivit=muutostarve&sarakkeet=sukupuoli&ryhma=Koillismaa`);
  const table = page.locator('[data-exports="crosstab"]').getByRole('link', { name: 'Taulukko Excel' });
  expect(await table.getAttribute('href')).toBe('/api/exports/minun-arkeni/crosstab.xlsx?filter=ikaryhma%3A13_17&lang=fi&rows=muutostarve&columns=sukupuoli&group=Koillismaa');
  const workbook = await page.request.get(`${env.server.url}${await table.getAttribute('href')}`);
  expect(workbook.status()).toBe(200);
  expect(workbook.headers()['content-disposition']).toContain('minun-arkeni-muutostarve-x-sukupuoli.xlsx');
  expect(problems).toEqual([]);
  await close();

  const viewer = await watchedPage(browser);
  await signInThroughPage(viewer.page, `${env.server.url}/tyotila/minun-arkeni`, viewerEmail);
  await viewer.page.locator('section.panel[data-group="564"]').waitFor();
  await viewer.page.getByText('Diat ja raportit').waitFor();
  expect(await viewer.page.getByTestId('data-export').count()).toBe(0);
  expect(await viewer.page.getByText('Lataa aineisto').count()).toBe(0);
  expect(viewer.problems).toEqual([]);
  await viewer.close();
}, 180_000);
