// Answering a SurveyJS form the way a respondent does: clicking the visible labels and buttons.
// Choices are found by their stored values, so the same steps work in every language.
import type { Locator, Page } from 'playwright-core';

export const question = (page: Page, name: string): Locator => page.locator(`[data-name="${name}"]`);

/** Clicks the label of a radio or checkbox choice (for a matrix, of the choice on one row). */
export async function pick(page: Page, name: string, value: string | number, row?: string): Promise<void> {
  const input = row ? `input[name$="_${row}"][value="${value}"]` : `input[value="${value}"]`;
  await question(page, name).locator(`label:has(${input})`).click();
}

/** A rating: its buttons, or the list survey-core shows instead when the buttons do not fit the width. */
export async function rate(page: Page, name: string, value: number): Promise<void> {
  if ((await question(page, name).locator(`input[value="${value}"]`).count()) > 0) return pick(page, name, value);
  await question(page, name).locator('.sd-dropdown').click();
  const option = page.getByRole('option', { name: String(value), exact: true });
  await option.click();
  await option.waitFor({ state: 'hidden' });
}

/** Opens a dropdown, types to filter its list and takes the match. */
export async function chooseInDropdown(page: Page, name: string, text: string): Promise<void> {
  await question(page, name).locator('.sd-dropdown').click();
  await page.keyboard.type(text);
  const option = page.getByRole('option', { name: text, exact: true });
  await option.click();
  await option.waitFor({ state: 'hidden' });
}

export async function write(page: Page, name: string, text: string): Promise<void> {
  await question(page, name).locator('textarea, input[type="text"], input:not([type])').first().fill(text);
}

export async function nextPage(page: Page): Promise<void> {
  await page.locator('.sd-navigation__next-btn').click();
}

export async function complete(page: Page): Promise<void> {
  await page.locator('.sd-navigation__complete-btn').click();
}

/** The thank-you page's receipt code, once it is shown. */
export async function receiptCode(page: Page, timeout = 15_000): Promise<string> {
  const code = page.getByTestId('receipt-code');
  try {
    await code.waitFor({ timeout });
  } catch (error) {
    const shown = await page.locator('main').innerText().catch(() => '(no page)');
    throw new Error(`no receipt within ${timeout} ms; the page shows:\n${shown.slice(0, 1500)}`, { cause: error });
  }
  return (await code.textContent())?.trim() ?? '';
}

export interface ResidentAnswers {
  readonly municipalityText: string;
}

/**
 * Fills the resident survey (minun-arkeni) through every page, wanting a small change and so
 * answering the conditional "choose 1–3 areas" question; `onChangeQuestion` runs when it shows.
 */
export async function fillResidentSurvey(page: Page, municipalityText: string, onChangeQuestion?: () => Promise<void>): Promise<void> {
  await chooseInDropdown(page, 'kunta', municipalityText);
  await pick(page, 'ikaryhma', '18_29');
  await pick(page, 'sukupuoli', 'nainen');
  await nextPage(page);
  await pick(page, 'elamantilanne', 'opiskelija');
  await pick(page, 'elamantilanne', 'tyossa');
  await nextPage(page);
  for (const [row, value] of [['ihmissuhteet', 4], ['taloudellinen_tilanne', 2], ['asunto', 5], ['toimintakyky', 3], ['kyky_kayttaa_palveluja', 'en_osaa_sanoa']] as const) {
    await pick(page, 'tyytyvaisyys', value, row);
  }
  await nextPage(page);
  await rate(page, 'elama_kokonaisuutena', 4);
  await pick(page, 'muutostarve', 'pieni_muutos');
  await nextPage(page);
  await question(page, 'muutos_osa_alueet').waitFor();
  await pick(page, 'muutos_osa_alueet', 'taloudellinen_tilanne');
  await pick(page, 'muutos_osa_alueet', 'asunto');
  await onChangeQuestion?.();
  await nextPage(page);
  await write(page, 'mika_auttaisi', 'Enemmän iltavuoroja bussiin.');
  await nextPage(page);
  await write(page, 'kunnan_panostukset', 'Nuorten harrastuksiin.');
  await complete(page);
}
