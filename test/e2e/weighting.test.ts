// The weighting's diagnostics in real Chromium on the demo data: an analyst turns weighting on and
// sees, beside the weighted figures, which intervals are shown (the calibrated design's), the
// weights' smallest, largest and mean value, effective n, Kish's design effect, the bounds and
// convergence, and a plain-language explanation of hidden figures, in Finnish, Swedish and English;
// a hidden municipality's panel says why it is hidden. The analyst then chooses the fixed weights'
// intervals: the figures change, the panel says so, and the choice is kept in the address like the
// other controls. axe-core finds no WCAG 2.1 A/AA violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, signInThroughPage, startDemoServer, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let analystEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  analystEmail = (await account(env, { role: 'analyst' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ');

describe('weighted figures in the workspace', () => {
  it('show the weighting diagnostics, which intervals, and why a figure is hidden, in three languages', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila`, analystEmail);
    await page.getByRole('link', { name: 'Minun arkeni ja elämäni', exact: true }).click();
    const county = page.locator('section.panel[data-group="county"]');
    await county.waitFor();
    await expect(page.getByTestId('weighting-diagnostics').count()).resolves.toBe(0);

    await page.getByLabel('Painota väestön mukaan').check();
    const diagnostics = page.getByTestId('weighting-diagnostics');
    await diagnostics.waitFor();
    await eventually(async () => spaces(await county.locator('h4').textContent())).toMatch(/painotettu n/);
    const text = spaces(await diagnostics.textContent());
    expect(text).toMatch(/kalibroitu asetelma/);
    await expect(page.getByTestId('weighting-intervals').getAttribute('data-intervals')).resolves.toBe('calibrated');
    for (const label of ['Pienin paino', 'Suurin paino', 'Keskimääräinen paino', 'Efektiivinen otoskoko', 'Asetelmakerroin (Kish)', 'Painojen rajat', 'Reunajakaumat saavutettu']) {
      expect(text, label).toContain(label);
    }
    const cell = async (label: string) => spaces(await diagnostics.locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td').textContent());
    const value = async (label: string) => Number((await cell(label)).replace(/ /g, '').replace(',', '.'));
    // The demo survey sets no bounds, so every margin is met.
    expect(await cell('Painojen rajat')).toBe('ei rajoja');
    expect(await cell('Reunajakaumat saavutettu')).toBe('kyllä');
    const [min, max, mean] = [await value('Pienin paino'), await value('Suurin paino'), await value('Keskimääräinen paino')];
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThanOrEqual(mean);
    expect(mean).toBeLessThanOrEqual(max);
    expect(await value('Asetelmakerroin (Kish)')).toBeGreaterThanOrEqual(1);
    expect(spaces(await page.getByTestId('withheld-explanation').textContent())).toMatch(/paljastaa yksittäisten vastaajien/);
    // The weighted columns are there beside the unweighted ones.
    await expect(county.locator('th', { hasText: 'Painotetun 95 %:n luottamusväli' }).count()).resolves.toBe(1);
    let violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await screenshot(page, 'weighting-diagnostics-1440');

    // Which intervals: the calibrated design's unless the fixed weights' are chosen, kept in the address.
    const choice = page.getByRole('group', { name: 'Painotettujen lukujen luottamusvälit' });
    await expect(choice.getByLabel('Kalibroitu asetelma (oletus)').isChecked()).resolves.toBe(true);
    const table = county.locator('table').first();
    const calibratedFigures = spaces(await table.textContent());
    await choice.getByLabel('Kiinteät painot').check();
    await eventually(() => page.getByTestId('weighting-intervals').getAttribute('data-intervals')).toBe('fixed-weights');
    expect(spaces(await page.getByTestId('weighting-intervals').textContent())).toMatch(/painoja kiinteinä pitäen/);
    expect(new URL(page.url()).searchParams.get('valit')).toBe('kiintea');
    // The intervals shown are the other variant's (the percentages stay, the intervals move).
    await eventually(async () => spaces(await table.textContent())).not.toBe(calibratedFigures);
    await page.reload();
    await page.getByTestId('weighting-diagnostics').waitFor();
    await expect(page.getByTestId('weighting-intervals').getAttribute('data-intervals')).resolves.toBe('fixed-weights');
    await expect(choice.getByLabel('Kiinteät painot').isChecked()).resolves.toBe(true);
    violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await choice.getByLabel('Kalibroitu asetelma (oletus)').check();
    await eventually(() => page.getByTestId('weighting-intervals').getAttribute('data-intervals')).toBe('calibrated');
    expect(new URL(page.url()).searchParams.get('valit')).toBeNull();

    // Municipality by municipality: a hidden one says why, in plain words.
    await page.getByRole('group', { name: 'Ryhmittely' }).getByLabel('Kunnittain', { exact: true }).check();
    const hidden = page.locator('section.panel--suppressed').first();
    await hidden.waitFor();
    expect(spaces(await hidden.textContent())).toMatch(/alle \d+ vastaajaa/);
    violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    for (const [language, intervals, explanation, legend, fixedLabel, fixedText, calibratedLabel] of [
      ['Svenska', /kalibrerad design/, /avslöja enskilda personers svar/, 'Konfidensintervall för viktade tal', 'Fasta vikter', /vikterna som fasta/, 'Kalibrerad design (standard)'],
      ['English', /calibrated design/, /reveal individual people's answers/, 'Intervals of weighted figures', 'Fixed weights', /take the weights as fixed/, 'Calibrated design (default)'],
    ] as const) {
      await page.getByRole('button', { name: language }).click();
      await eventually(async () => spaces(await page.getByTestId('weighting-intervals').first().textContent())).toMatch(intervals);
      expect(spaces(await page.getByTestId('withheld-explanation').first().textContent())).toMatch(explanation);
      const chooser = page.getByRole('group', { name: legend });
      await chooser.getByLabel(fixedLabel).check();
      await eventually(async () => spaces(await page.getByTestId('weighting-intervals').first().textContent())).toMatch(fixedText);
      await chooser.getByLabel(calibratedLabel).check();
      await eventually(async () => spaces(await page.getByTestId('weighting-intervals').first().textContent())).toMatch(intervals);
    }
    violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  }, 180_000);

  it('a rating question\'s weighted mean, with its interval, is shown beside the unweighted one only when weighting is on', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila`, analystEmail);
    await page.getByRole('link', { name: 'Minun arkeni ja elämäni', exact: true }).click();
    await page.locator('section.panel[data-group="county"]').waitFor();
    const address = new URL(page.url());
    address.searchParams.set('kysymys', 'elama_kokonaisuutena');
    await page.goto(address.toString());
    const summary = page.locator('section.panel[data-group="county"] .rating-summary');
    await eventually(async () => spaces(await summary.textContent())).toMatch(/^Keskiarvo \d,\d\d/);
    expect(spaces(await summary.textContent())).not.toMatch(/painotettu/);
    await page.getByLabel('Painota väestön mukaan').check();
    await eventually(async () => spaces(await summary.textContent())).toMatch(/painotettu keskiarvo \d,\d\d \(95 %:n luottamusväli \d,\d\d–\d,\d\d\)/);
    const [, mean, lower, upper] = spaces(await summary.textContent())
      .match(/painotettu keskiarvo (\d,\d\d) \(95 %:n luottamusväli (\d,\d\d)–(\d,\d\d)\)/)!
      .map((x) => Number(x.replace(',', '.'))) as [number, number, number, number];
    expect(mean).toBeGreaterThanOrEqual(1);
    expect(mean).toBeLessThanOrEqual(5);
    expect(lower).toBeLessThan(mean);
    expect(mean).toBeLessThan(upper);
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  }, 120_000);
});
