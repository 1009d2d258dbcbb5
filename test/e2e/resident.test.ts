// The resident survey answered on a phone in Finnish and in Swedish, as a respondent would, and
// the stored response checked in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, phonePage, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { chooseInDropdown, fillResidentSurvey, nextPage, pick, question, receiptCode } from './support/survey.ts';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function storedResponse(receipt: string) {
  const db = env.server.app.db.kysely;
  const responses = await db.selectFrom('responses').selectAll().where('survey_id', '=', 'minun-arkeni').execute();
  const answers = await db.selectFrom('answers').select(['response_id', 'question', 'value']).execute();
  return { responses, answers, receipt };
}

describe('the resident survey on a phone', () => {
  it('is answered in Finnish, the 1–3 question included, and stored', async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await question(page, 'kunta').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fi');
    await eventually(() => page.locator('.sd-root-modern').getAttribute('lang')).toBe('fi');
    await eventually(() => page.getByText('Missä kunnassa asut?').isVisible()).toBe(true);
    await screenshot(page, 'resident-fi-first-page');

    await fillResidentSurvey(page, 'Oulu', async () => {
      await page.locator('[data-name="muutos_osa_alueet"]').scrollIntoViewIfNeeded();
      await screenshot(page, 'resident-fi-choose-1-3');
    });
    const code = await receiptCode(page);
    expect(code).toMatch(/^[A-Z0-9-]{4,16}$/);
    await eventually(() => page.getByRole('heading', { name: 'Kiitos vastauksestasi!' }).isVisible()).toBe(true);
    await screenshot(page, 'resident-fi-thank-you');

    const { responses, answers } = await storedResponse(code);
    expect(responses).toHaveLength(1);
    const response = responses[0]!;
    expect(response).toMatchObject({ locale: 'fi', channel: 'web', municipality_code: '564', survey_version: 1 });
    const mine = answers.filter((a) => a.response_id === response.id);
    expect(mine.filter((a) => a.question === 'muutos_osa_alueet').map((a) => a.value).sort()).toEqual(['asunto', 'taloudellinen_tilanne']);
    expect(mine.find((a) => a.question === 'tyytyvaisyys.kyky_kayttaa_palveluja')?.value).toBe('en_osaa_sanoa');
    // Stored state is cleared once the answer has arrived.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kuulo:draft') || k.startsWith('kuulo:outbox')))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is answered in Swedish and stored with the Swedish locale', async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await page.getByRole('button', { name: 'Svenska' }).click();
    await eventually(() => page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await eventually(() => page.getByText('I vilken kommun bor du?').isVisible()).toBe(true);
    await fillResidentSurvey(page, 'Uleåborg');
    await eventually(() => page.getByRole('heading', { name: 'Tack för ditt svar!' }).isVisible()).toBe(true);
    await receiptCode(page);
    const responses = await env.server.app.db.kysely.selectFrom('responses').select(['locale']).where('locale', '=', 'sv').execute();
    expect(responses).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the answers and the page across a reload', async () => {
    const { context, page } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await pick(page, 'ikaryhma', '45_64');
    await chooseInDropdown(page, 'kunta', 'Kempele');
    await nextPage(page);
    await question(page, 'elamantilanne').waitFor();
    await page.reload();
    await question(page, 'elamantilanne').waitFor();
    await page.locator('.sd-navigation__prev-btn').click();
    await eventually(() => question(page, 'ikaryhma').locator('input[value="45_64"]').isChecked()).toBe(true);
    await eventually(() => question(page, 'kunta').locator('.sd-dropdown').evaluate((e) => (e as HTMLElement).innerText + e.querySelector('input')!.value)).toContain('Kempele');
    await context.close();
  });
});
