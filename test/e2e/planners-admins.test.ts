// Planners and admins in real Chromium on the demo data: a planner enters an answer, corrects it
// from the list of today's entries, voids another with the keyboard and signs out; an admin reads
// the audit log in Finnish, filters it by event and person and downloads the filtered CSV; the
// distribution page and the workspace say which counts hold the synthetic demo answers; and axe
// (WCAG 2.1 A/AA plus landmark-unique and scrollable-region-focusable) finds nothing on the admin,
// distribution, overview, collection and entry pages at 375 and 1440 px.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { fillOrganisationSurvey } from './support/distribution.ts';
import { complete, nextPage, pick, question } from './support/survey.ts';
import { account, signInThroughPage, startDemoServer, watchedPage, WIDE, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let adminEmail: string;
let plannerEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  adminEmail = (await account(env, { role: 'admin' })).email;
  plannerEmail = (await account(env, { role: 'planner' })).email;
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const EXTRA_RULES = ['landmark-unique', 'scrollable-region-focusable'];
async function expectAccessible(page: Page, name: string) {
  const violations = await axeViolations(page, { rules: EXTRA_RULES });
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}
const PHONE = { width: 375, height: 812 };

const organisationResponses = () =>
  // The planner's: the demo data set holds synthetic web answers of the same survey.
  env.server.app.db.kysely.selectFrom('responses').select(['id', 'channel', 'municipality_code', 'data']).where('survey_id', '=', 'jarjestoyhteistyo').where('synthetic', '=', 0).execute();

describe('planners and admins', () => {
  it('a planner enters, corrects and voids entries from today’s list and signs out', async () => {
    const { page, problems, close } = await watchedPage(browser, PHONE);
    await signInThroughPage(page, `${env.server.url}/tallennus`, plannerEmail).catch(async () => {
      // The entry page is the respondent site's: its sign-in link leads to the workspace's form.
      await page.goto(`${env.server.url}/tallennus`);
      await page.getByRole('link', { name: 'Kirjaudu sisään' }).click();
      await page.getByLabel('Sähköposti').fill(plannerEmail);
      await page.getByLabel('Salasana').fill('oikein-hyvä-salasana');
      await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
      await page.waitForURL(/\/tallennus$/);
    });
    await page.getByText(`Kirjautuneena: ${plannerEmail}`).waitFor();
    await page.getByText('Et ole tallentanut tänään vastauksia.').waitFor();
    await page.getByLabel('Kysely').selectOption('jarjestoyhteistyo');
    await page.getByLabel('Kunta').selectOption('139');
    await page.getByLabel('Paperilomake').check();
    await page.getByRole('button', { name: 'Aloita tallennus' }).click();
    for (const n of [1, 2]) {
      await fillOrganisationSurvey(page);
      await eventually(() => page.getByTestId('entry-saved').textContent()).toMatch(new RegExp(`Vastaus ${n} tallennettu`));
    }
    const today = page.getByTestId('entry-today');
    await eventually(() => today.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page, 'entry with today’s list (375 px)');
    const stored = await organisationResponses();
    expect(stored).toHaveLength(2);

    // Correct the older one: the form opens with its answers; change the organisation's kind.
    const [newer, older] = await today.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-receipt')!));
    await page.getByRole('button', { name: `Korjaa vastaus ${older}` }).click();
    await page.getByTestId('entry-correcting').waitFor();
    await question(page, 'jarjestotyyppi').waitFor();
    expect(await question(page, 'jarjestotyyppi').locator('input[value="paikallisyhdistys"]').isChecked()).toBe(true);
    await pick(page, 'jarjestotyyppi', 'saatio');
    for (let i = 0; i < 4; i++) await nextPage(page);
    await complete(page);
    await eventually(() => page.getByTestId('entry-notice').textContent()).toMatch(new RegExp(`Vastaus ${older} korjattu`));
    await eventually(() => today.locator('tbody tr').count()).toBe(3);
    await expect(today.locator(`tr[data-receipt="${older}"]`).textContent()).resolves.toMatch(/Korvattu korjauksella/);
    const afterCorrection = await organisationResponses();
    expect(afterCorrection).toHaveLength(2);
    expect(afterCorrection.map((r) => JSON.parse(r.data).jarjestotyyppi).sort()).toEqual(['paikallisyhdistys', 'saatio']);

    // Void the newer one with the keyboard: the confirmation takes the focus, Enter confirms.
    await page.getByRole('button', { name: `Mitätöi vastaus ${newer}` }).focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Kyllä, mitätöi');
    await expectAccessible(page, 'void confirmation');
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('entry-notice').textContent()).toMatch(new RegExp(`Vastaus ${newer} mitätöity`));
    await eventually(() => today.locator(`tr[data-receipt="${newer}"]`).textContent()).toMatch(/Mitätöity/);
    const afterVoid = await organisationResponses();
    expect(afterVoid).toHaveLength(1);
    expect(JSON.parse(afterVoid[0]!.data).jarjestotyyppi).toBe('saatio');
    await screenshot(page, 'entry-today-list');

    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByText('Olet kirjautunut ulos.').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    expect(problems).toEqual([]);
    await close();
  }, 240_000);

  it('an admin reads the audit log in Finnish, filters it by event and person and downloads the CSV', async () => {
    const { page, problems, close } = await watchedPage(browser, WIDE);
    await signInThroughPage(page, `${env.server.url}/admin`, adminEmail);
    await page.getByRole('heading', { level: 2, name: 'Tapahtumaloki' }).waitFor();
    const log = page.getByTestId('audit-log');
    await log.locator('tbody tr').first().waitFor();
    await page.getByRole('combobox', { name: 'Tapahtuma' }).selectOption({ label: 'Tallennettu vastaus mitätöity' });
    await page.getByRole('combobox', { name: 'Henkilö' }).selectOption(plannerEmail);
    await page.getByRole('button', { name: 'Rajaa', exact: true }).click();
    await eventually(() => page.getByTestId('audit-count').textContent()).toBe('Rivit 1–1 / 1');
    const row = log.locator('tbody tr').first();
    await expect(row.textContent()).resolves.toMatch(/Tallennettu vastaus mitätöity/);
    await expect(row.textContent()).resolves.toMatch(/poistettu tuloksista; paperilomake, kunta 139/);
    // No raw JSON in the details.
    expect(await log.textContent()).not.toMatch(/\{"/);
    await expectAccessible(page, 'admin audit log (1440 px)');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    const file = await download.path();
    const rows: string[][] = parse(fs.readFileSync(file!, 'utf8').replace(/^\uFEFF/, ''), { delimiter: ';' });
    expect(rows[0]).toEqual(['aika', 'henkilö', 'tapahtuma', 'tiedot', 'kohde', 'koodi']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[5]])).toEqual([[plannerEmail, 'Tallennettu vastaus mitätöity', 'response.entry.void']]);
    expect(problems).toEqual([]);
    await close();
  }, 120_000);

  it('the distribution page and the workspace say which counts hold the synthetic demo answers', async () => {
    const { page, problems, close } = await watchedPage(browser, WIDE);
    await signInThroughPage(page, `${env.server.url}/admin/kyselyt`, adminEmail);
    const note = page.getByTestId('synthetic-note');
    await eventually(() => note.textContent()).toMatch(/Jakelu laskee vain oikeat vastaukset/);
    const residents = page.locator('tr', { has: page.locator('a[href="/admin/kyselyt/minun-arkeni"]') });
    await expect(residents.textContent()).resolves.toMatch(/4\s?693/);
    await page.goto(`${env.server.url}/tyotila`);
    await eventually(() => page.getByTestId('survey-counts-note').textContent()).toMatch(/synteettisiä esimerkkivastauksia/);
    expect(problems).toEqual([]);
    await close();
  }, 120_000);

  for (const viewport of [PHONE, WIDE]) {
    it(`axe finds nothing on the admin, distribution, overview, collection and entry pages at ${viewport.width} px`, async () => {
      const { page, problems, close } = await watchedPage(browser, viewport);
      await signInThroughPage(page, `${env.server.url}/admin`, adminEmail);
      await page.getByTestId('audit-log').waitFor();
      await expectAccessible(page, `admin ${viewport.width}`);
      await page.goto(`${env.server.url}/admin/kyselyt`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('table').first().waitFor();
      await expectAccessible(page, `distribution ${viewport.width}`);
      await page.goto(`${env.server.url}/admin/kyselyt/minun-arkeni/seuranta`);
      await page.locator('table').first().waitFor();
      await expectAccessible(page, `monitoring ${viewport.width}`);
      await page.goto(`${env.server.url}/tyotila/minun-arkeni/yhteenveto`);
      await page.locator('main h2:visible').first().waitFor({ timeout: 60_000 });
      await expectAccessible(page, `overview ${viewport.width}`);
      await page.goto(`${env.server.url}/tyotila/minun-arkeni/keruu`);
      await page.locator('main table').first().waitFor({ timeout: 60_000 });
      await expectAccessible(page, `collection ${viewport.width}`);
      await page.goto(`${env.server.url}/tallennus`);
      await page.getByLabel('Kysely').waitFor();
      await expectAccessible(page, `entry ${viewport.width}`);
      expect(problems).toEqual([]);
      await close();
    }, 240_000);
  }
});
