// Five plain SurveyJS forms that use more of the library, answered in Chromium on a phone through
// their tricky paths: column totals of a dynamic matrix, a complete trigger that ends the survey
// on its first page, the row and panel limits (the add button goes at the limit), per-panel logic,
// calculated values. Each answer is stored as survey-core's form sent it, with what the form
// computes recomputed by the server; every page passes axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { surveysFolder, testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { envelope } from '../factories/surveys.ts';
import { featureForms } from '../validation/corpus.ts';
import { axeViolations, eventually, launchBrowser, phonePage, screenshot } from './support/browser.ts';
import { clientDir } from './support/client.ts';
import { complete, nextPage, pick, question, rate, receiptCode } from './support/survey.ts';

let browser: Browser;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let url: string;

beforeAll(async () => {
  const files = Object.fromEntries(featureForms().map(({ file, definition }) => [file, envelope(file.replace(/\.json$/, ''), definition)]));
  database = await freshDatabase();
  const config = testConfig({ databaseUrl: database.url, surveysDir: surveysFolder(files), clientDir: await clientDir() });
  [browser, app] = await Promise.all([launchBrowser(), buildApp(config, { logger: false })]);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

async function storedData(survey: string): Promise<Record<string, unknown>[]> {
  const rows = await app.db.kysely.selectFrom('responses').select('data').where('survey_id', '=', survey).execute();
  return rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
}

async function open(page: Page, survey: string, first: string): Promise<void> {
  await page.goto(`${url}/s/${survey}`);
  await question(page, first).waitFor();
  expect(await axeViolations(page)).toEqual([]);
}

/** The value of a text or number input inside a dynamic matrix's row or a dynamic panel. */
async function typeIn(page: Page, container: string, nth: number, text: string): Promise<void> {
  const input = page.locator(container).nth(nth).locator('input[type="number"], input[type="text"], input:not([type])').first();
  await input.fill(text);
  await input.blur();
}

describe('forms that use more of SurveyJS, answered in Chromium', () => {
  it('a complete trigger ends the survey on its first page, and the answer is stored', async () => {
    const { context, page, problems } = await phonePage(browser);
    await open(page, 'screening', 'asukas');
    await pick(page, 'asukas', 'ei');
    // survey-core offers "complete" at once: the later pages' required questions are never shown.
    await eventually(() => page.locator('.sd-navigation__complete-btn').isVisible()).toBe(true);
    await screenshot(page, 'surveyjs-features-trigger');
    await complete(page);
    await receiptCode(page);
    expect(await storedData('screening')).toEqual([{ asukas: 'ei' }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a completedHtmlOnCondition path: the page its answer shows, then stored', async () => {
    const { context, page, problems } = await phonePage(browser);
    await open(page, 'event-feedback', 'kavijat');
    await pick(page, 'kavijat', 'en');
    await nextPage(page);
    await question(page, 'syyt').waitFor();
    await pick(page, 'syyt', 'aika');
    expect(await axeViolations(page)).toEqual([]);
    await complete(page);
    await receiptCode(page);
    expect(await storedData('event-feedback')).toEqual([{ kavijat: 'en', syyt: ['aika'] }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('a dynamic panel stops adding at maxPanelCount, and its panels are stored with the count recomputed', async () => {
    const { context, page, problems } = await phonePage(browser);
    await open(page, 'family-members', 'jasenet');
    const add = question(page, 'jasenet').locator('.sd-paneldynamic__add-btn');
    await typeIn(page, '[data-name="jasenet"] [data-name="ika"]', 0, '41');
    await add.click();
    await add.click();
    await eventually(() => page.locator('[data-name="jasenet"] [data-name="ika"]').count()).toBe(3);
    // At the limit survey-core takes the add button away: a fourth panel cannot be made.
    await eventually(() => add.isVisible()).toBe(false);
    await typeIn(page, '[data-name="jasenet"] [data-name="ika"]', 1, '12');
    await typeIn(page, '[data-name="jasenet"] [data-name="ika"]', 2, '9');
    await question(page, 'jasenet').locator('[data-name="koulu"]').first().locator('label:has(input[value="yla"])').click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'surveyjs-features-panels');
    await complete(page);
    await receiptCode(page);
    expect(await storedData('family-members')).toEqual([{ jasenet: [{ ika: 41 }, { ika: 12, koulu: 'yla' }, { ika: 9 }], jasenia: 3 }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('a dynamic matrix with column totals stops at maxRowCount and is stored without the totals', async () => {
    const { context, page, problems } = await phonePage(browser);
    await open(page, 'household-costs', 'menot');
    const matrix = question(page, 'menot');
    const add = matrix.locator('.sd-matrixdynamic__add-btn, button:has-text("Lisää meno")').first();
    await add.click();
    await add.click();
    await eventually(() => add.isVisible()).toBe(false);
    // Each row: the kind from the cell's list, and the euros.
    const rows = matrix.locator('tbody tr.sd-table__row');
    await eventually(() => rows.count()).toBe(3);
    for (const [i, kind, euros] of [[0, 'Asuminen', '650'], [1, 'Ruoka', '320'], [2, 'Liikenne', '45']] as const) {
      await rows.nth(i).locator('.sd-dropdown').first().click();
      const option = page.getByRole('option', { name: kind, exact: false }).first();
      await option.click();
      await option.waitFor({ state: 'hidden' });
      const euro = rows.nth(i).locator('input[type="number"]').first();
      await euro.fill(euros);
      await euro.blur();
    }
    // The footer shows survey-core's totals as the respondent types: the count and the euros.
    await eventually(() => matrix.innerText()).toMatch(/3 kpl[\s\S]*1\s?015,00\s?€/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'surveyjs-features-totals');
    await complete(page);
    await receiptCode(page);
    const [stored] = await storedData('household-costs');
    expect(stored).toMatchObject({ menot: [{ laji: 'asuminen', euroa: 650 }, { laji: 'ruoka', euroa: 320 }, { laji: 'liikenne', euroa: 45 }], yhteensa: 1015 });
    expect(Object.keys(stored!).filter((k) => k.endsWith('-total'))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('calculated values are stored as the server computes them', async () => {
    const { context, page, problems } = await phonePage(browser);
    await open(page, 'wellbeing-score', 'uni');
    await rate(page, 'uni', 4);
    await rate(page, 'liikunta', 2);
    await rate(page, 'ravinto', 3);
    await question(page, 'tuki').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await complete(page);
    await receiptCode(page);
    expect(await storedData('wellbeing-score')).toEqual([{ uni: 4, liikunta: 2, ravinto: 3, pisteet: 9, ryhma: 'tuki', keskiarvo: 3, taso: 'tuen tarve' }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
