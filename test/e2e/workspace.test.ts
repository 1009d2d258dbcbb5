// The workspace in real Chromium on the demo data set: an analyst signs in, opens the
// resident survey, sees the seed's 1–3 chart with n=2,677 and the collection's tables, groups by
// area, compares Kuusamo and Oulu with the county, filters by age group, cross-tabulates, searches
// open answers and opens the copied address in a new page to the same view; a viewer of one
// municipality sees only theirs.
// Every view passes axe-core (WCAG 2.1 A/AA) and is saved as a screenshot at 1440 and 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, cspViolations, NARROW, signInThroughPage, startDemoServer, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let analystEmail: string;
let viewerEmail: string;
/** Each view's address and name, screenshotted at the phone's width at the end. */
const views: { name: string; url: string }[] = [];

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  analystEmail = (await account(env, { role: 'analyst' })).email;
  viewerEmail = (await account(env, { role: 'viewer', municipalities: ['305'] })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ');
const panels = (page: Page) => page.locator('section.panel').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));

async function checkView(page: Page, name: string) {
  await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' }).catch(() => undefined);
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  await screenshot(page, `workspace-${name}-1440`);
  views.push({ name, url: page.url() });
}

describe('the analyst workspace on the demo data', () => {
  it('walks from sign-in through the seed chart, grouping, comparison, a filter, a cross-tabulation and open answers to a shared link', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila`, analystEmail);
    await page.getByRole('heading', { level: 1, name: 'Kyselyt' }).waitFor();
    await checkView(page, 'surveys');

    // The resident survey opens on the seed's chart: the county, n = 2,677, sorted by share.
    await page.getByRole('link', { name: 'Minun arkeni ja elämäni', exact: true }).click();
    const county = page.locator('section.panel[data-group="county"]');
    await eventually(async () => spaces(await county.locator('h4').textContent())).toMatch(/n = 2 677/);
    await expect(page.getByTestId('synthetic-notice').textContent()).resolves.toMatch(/Synteettinen aineisto/);
    const shares = await county.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number.parseFloat((r.children[2]?.textContent ?? '').replace(',', '.').replace(/[^\d.]/g, ''))));
    expect(shares.length).toBeGreaterThan(10);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(await county.locator('svg[role="img"] rect.chart__bar, svg[role="img"] rect').count()).toBeGreaterThan(10);
    await checkView(page, 'seed-chart');

    // The overview: every question one after another, each heading a link to its own view.
    await page.getByRole('link', { name: 'Yhteenveto' }).click();
    const seed = page.locator('article[data-question="muutos_osa_alueet"] section.panel[data-group="county"]');
    await eventually(async () => spaces(await seed.locator('h4').textContent())).toMatch(/n = 2 677/);
    expect(await seed.locator('svg[role="img"]').count()).toBe(1);
    expect(await page.locator('article.question h3 a').count()).toBeGreaterThanOrEqual(20);
    // Contents first, each question a section that opens on demand (a matrix's rows in one): the page stays short.
    const contents = page.getByRole('navigation', { name: 'Sisällys' }).locator('li');
    const sections = page.locator('details.overview__section');
    expect(await contents.count()).toBe(await sections.count());
    expect(await sections.count()).toBeLessThan(await page.locator('article.question').count());
    await expect(page.locator('details[data-section="tyytyvaisyys"] summary').textContent()).resolves.toMatch(/Kuinka tyytyväinen olet tällä hetkellä.*\(18 kysymystä\)/);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(6000);
    await page.getByRole('navigation', { name: 'Sisällys' }).getByRole('link', { name: /Valitse 1–3 elämäsi osa-aluetta/ }).click();
    await expect(page.locator('details[data-section="muutos_osa_alueet"]').getAttribute('open')).resolves.toBe('');
    await checkView(page, 'overview');

    // The collection: per channel, area, day and municipality, each a table with a row header per line.
    await page.getByRole('link', { name: 'Vastausten kertymä' }).click();
    await page.getByRole('heading', { level: 2, name: 'Vastausten kertymä' }).waitFor();
    const byArea = page.locator('section', { has: page.getByRole('heading', { level: 3, name: 'Alueittain' }) }).locator('table');
    await expect(byArea.locator('thead th').allTextContents()).resolves.toEqual(['Alue', 'Vastauksia', 'Asukkaita', 'Vastauksia / 1 000 asukasta']);
    expect(await byArea.locator('tbody th[scope="row"]').count()).toBe(6);
    expect(await byArea.locator('tbody td.num').count()).toBe(18);
    const byMunicipality = page.getByRole('region', { name: 'Kunnittain' }).locator('table');
    await expect(byMunicipality.locator('thead th').allTextContents()).resolves.toEqual(['Kunta', 'Alue', 'Vastauksia', 'Asukkaita', 'Vastauksia / 1 000 asukasta']);
    const kuusamo = byMunicipality.locator('tbody tr', { has: page.locator('th', { hasText: 'Kuusamo' }) });
    expect(spaces(await kuusamo.locator('th[scope="row"]').textContent())).toBe('Kuusamo (305)');
    await expect(kuusamo.locator('td').evaluateAll((cells) => cells.map((c) => c.className))).resolves.toEqual(['', 'num', 'num', 'num']);
    const responses = async (table: typeof byArea) =>
      (await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td.num')?.textContent ?? ''))).reduce((sum, n) => sum + Number(n.replace(/\D/g, '')), 0);
    const total = Number(spaces(await page.locator('p', { hasText: 'Yhteensä:' }).locator('strong').textContent()).replace(/\D/g, ''));
    expect(await responses(byArea)).toBeGreaterThan(0);
    // Small municipalities are hidden, as one block of at least ten respondents per area (the
    // disclosure policy), so the visible municipalities fall short of the areas by at least that.
    const hiddenRows = await byMunicipality.locator('tbody tr').evaluateAll((rows) => rows.filter((r) => r.querySelector('td.num')?.textContent === 'piilotettu').length);
    expect(hiddenRows).toBeGreaterThan(0);
    expect(await responses(byArea) - (await responses(byMunicipality))).toBeGreaterThanOrEqual(10);
    expect(await responses(byArea)).toBeLessThanOrEqual(total);
    await checkView(page, 'collection');

    await page.getByRole('link', { name: 'Tulokset', exact: true }).click();
    await eventually(async () => spaces(await county.locator('h4').textContent())).toMatch(/n = 2 677/);

    // Grouped by area: the county and its six areas, each with its own chart and table.
    await page.getByLabel('Alueittain').check();
    await eventually(async () => (await panels(page)).length).toBe(7);
    expect(page.url()).toContain('ryhmittely=area');
    await checkView(page, 'by-area');

    // Kuusamo and Oulu beside the county.
    await page.getByText('Vertaa koko alueeseen').click();
    await page.getByRole('group', { name: 'Kunnat' }).getByLabel('Kuusamo').check();
    await eventually(async () => panels(page)).toEqual(['county', '305']);
    await page.getByRole('group', { name: 'Kunnat' }).getByLabel('Oulu', { exact: true }).check();
    await eventually(async () => panels(page)).toEqual(['county', '305', '564']);
    expect(decodeURIComponent(page.url())).toContain('vertaa=305,564');
    // One order of the answers in every panel (the county's), and the groups side by side in one chart.
    const order = (group: string) => page.locator(`section.panel[data-group="${group}"] tbody th[scope="row"]`).allTextContents();
    const countyOrder = await order('county');
    expect(countyOrder.length).toBeGreaterThan(10);
    await expect(order('305')).resolves.toEqual(countyOrder);
    await expect(order('564')).resolves.toEqual(countyOrder);
    const grouped = page.getByTestId('grouped-chart');
    await grouped.locator('svg[role="img"]').waitFor();
    expect(await grouped.locator('rect.chart__bar--grouped[data-series="564"]').count()).toBe(countyOrder.length);
    expect(await grouped.locator('text.chart__label').allTextContents()).toEqual(countyOrder);
    // No panel's table is cut off at 1440 px.
    const clipped = await page.locator('section.panel .table-wrap').evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
    expect(clipped).toBe(0);
    await checkView(page, 'compare-one-order');

    // Only the 18–29-year-olds: every chart at once.
    await page.getByLabel('Rajaava kysymys').selectOption('ikaryhma');
    await page.getByLabel('18–29 vuotta').check();
    await page.getByRole('button', { name: 'Lisää rajaus' }).click();
    await eventually(async () => decodeURIComponent(page.url())).toContain('rajaus=ikaryhma:18_29');
    await eventually(async () => {
      const n = /n = ([\d ]+)/.exec(spaces(await county.locator('h4').textContent()))?.[1];
      return Number((n ?? '0').replace(/ /g, ''));
    }).toBeLessThan(2677);
    await checkView(page, 'compare-filtered');

    // Weighting shows weighted and unweighted n.
    await page.getByLabel('Painota väestön mukaan').check();
    await page.getByTestId('weighting-info').waitFor();
    await expect(county.locator('h4').textContent()).resolves.toMatch(/painotettu n/);
    await page.getByLabel('Painota väestön mukaan').uncheck();
    await page.getByTestId('weighting-info').waitFor({ state: 'detached' });

    // A cross-tabulation with the filters kept, and its test in plain words.
    // It follows the sidebar: a table for the county and each compared municipality.
    await page.getByRole('link', { name: 'Ristiintaulukointi' }).click();
    const test = page.getByTestId('test-result').first();
    await test.waitFor();
    await eventually(async () => spaces(await test.textContent())).toMatch(/tilastollisesti|withheld|näyttämättä/);
    expect(decodeURIComponent(page.url())).toContain('rajaus=ikaryhma:18_29');
    await expect(page.locator('.crosstab-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).resolves.toEqual(['county', '305', '564']);
    await page.getByLabel('Rivit').selectOption('muutostarve');
    await page.getByLabel('Sarakkeet').selectOption('sukupuoli');
    const countyTable = page.locator('.crosstab-group[data-group="county"]');
    // The outcome is in the rows: percentages within the columns' groups unless asked, and a chart of them.
    await eventually(async () => countyTable.locator('table.crosstab caption').textContent()).toMatch(/Kaipaatko muutosta.*×.*sarake-%/);
    await countyTable.getByTestId('crosstab-chart').locator('svg[role="img"]').waitFor();
    expect(await countyTable.getByTestId('crosstab-chart').locator('rect.chart__bar--grouped').count()).toBeGreaterThan(2);
    // One group of the picker's instead of the sidebar's.
    await page.getByLabel('Ryhmä', { exact: true }).selectOption('county');
    await eventually(() => page.locator('.crosstab-group').count()).toBe(1);
    await checkView(page, 'crosstab');
    await page.getByLabel('Ryhmä', { exact: true }).selectOption('');
    await eventually(() => page.locator('.crosstab-group').count()).toBe(3);

    // Open answers: searched, shown as text.
    await page.getByRole('link', { name: 'Avoimet vastaukset' }).click();
    await page.getByLabel('Hae vastauksista').fill('bussi');
    await page.getByRole('button', { name: 'Hae', exact: true }).click();
    await eventually(async () => decodeURIComponent(page.url())).toContain('haku=bussi');
    const answers = page.getByTestId('open-answers').locator('li');
    await eventually(() => answers.count()).toBeGreaterThan(0);
    await eventually(async () => (await answers.allTextContents()).every((a) => /bussi/i.test(a))).toBe(true);
    await checkView(page, 'open-answers');
    const shown = await answers.allTextContents();

    // The copied address, in a new page, is the same view.
    const address = page.url();
    const copy = await page.context().newPage();
    await copy.goto(address);
    const copied = copy.getByTestId('open-answers').locator('li');
    await eventually(() => copied.allTextContents()).toEqual(shown);
    await expect(copy.getByLabel('Hae vastauksista').inputValue()).resolves.toBe('bussi');
    await expect(copy.locator('.active-filters li').first().textContent()).resolves.toMatch(/18–29/);
    await copy.close();

    expect(problems).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await close();
  }, 120_000);

  it('shows a viewer of Kuusamo only Kuusamo', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila/minun-arkeni`, viewerEmail);
    await eventually(async () => panels(page)).toEqual(['305']);
    expect(await page.getByLabel('Koko hyvinvointialue').count()).toBe(0);
    await checkView(page, 'viewer');
    await page.getByRole('link', { name: 'Ristiintaulukointi' }).click();
    await page.getByTestId('test-result').waitFor();
    // The group list fills when its own request answers, which may be after the result's.
    await eventually(() => page.getByLabel('Ryhmä').locator('option').allTextContents()).toEqual(['Kuusamo']);
    expect(problems).toEqual([]);
    await close();
  });

  it('keeps every view readable at a phone’s width', async () => {
    const { page, close } = await watchedPage(browser, NARROW);
    await signInThroughPage(page, `${env.server.url}/tyotila`, analystEmail);
    for (const view of views.filter((v) => v.name !== 'viewer')) {
      await page.goto(view.url);
      await page.locator('main h1').first().waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
      await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' }).catch(() => undefined);
      // Charts size themselves to their box once measured: wait for the layout to settle.
      await eventually(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width + 1);
      await screenshot(page, `workspace-${view.name}-390`);
    }
    const toggle = page.getByRole('button', { name: 'Rajaukset ja vertailu' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await close();
  }, 90_000);
});
