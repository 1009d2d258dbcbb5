// Issue 7's results exports in real Chromium on the demo data set: an analyst downloads the chart
// of the view on screen as SVG and PNG, then makes a deck per area with the progress shown and
// gets one zip holding a deck per area and the note on groups left out. The "Diat ja raportit"
// panel passes axe-core (WCAG 2.1 A/AA) open and finished.
import fs from 'node:fs';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import type { Download } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, signInThroughPage, startDemoServer, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let analystEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  analystEmail = (await account(env, { role: 'analyst' })).email;
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

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Kuva SVG' }).click()]);
  expect(svgDownload.suggestedFilename()).toBe('minun-arkeni-muutos_osa_alueet.svg');
  const svg = (await read(svgDownload)).toString('utf8');
  expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg /);
  expect(svg).toContain('Koillismaa (n = ');
  expect(svg).toContain('Oulunkaari');

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Kuva PNG' }).click()]);
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
