// The resident survey completed with the keyboard alone (Tab, Space, Enter, arrow keys and typing
// into the municipality search): no mouse, no clicks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, phonePage } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { receiptCode } from './support/survey.ts';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** Presses Tab until the focused element matches `selector` (fails after `limit` presses). */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
}

const checked = (page: Page, question: string, value: string) =>
  page.evaluate(([q, v]) => (document.querySelector(`[data-name="${q}"] input[value="${v}"]`) as HTMLInputElement | null)?.checked ?? false, [question, value]);

/** The texts of the options shown in the list that the focused combobox controls. */
const shownOptions = (page: Page) =>
  page.evaluate(() => {
    const id = document.activeElement?.getAttribute('aria-controls');
    const list = id ? document.getElementById(id) : null;
    return [...(list?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])].filter((o) => o.checkVisibility()).map((o) => o.innerText.trim());
  });

/** Tab to "Next", Enter, and wait for the next page (its number in the progress text changes). */
async function next(page: Page) {
  const progress = page.locator('.survey-progress');
  const before = await progress.innerText();
  await tabTo(page, '.sd-navigation__next-btn');
  await page.keyboard.press('Enter');
  await eventually(() => progress.innerText()).not.toBe(before);
}

describe('keyboard only', () => {
  it('completes the resident survey', async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await page.locator('[data-name="kunta"]').waitFor();

    // Municipality: open the list, search, pick.
    await tabTo(page, '[data-name="kunta"] [role="combobox"]');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Oulu');
    // The search filters the list a moment after typing (slower under load): wait until the list the
    // combobox controls shows only Oulu, or the arrow would move in the unfiltered list.
    await eventually(() => shownOptions(page)).toEqual(['Oulu']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('[data-name="kunta"]').innerText()).toContain('Oulu');

    // Age group: into the group, then arrows.
    await tabTo(page, '[data-name="ikaryhma"] input[type="radio"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await eventually(() => checked(page, 'ikaryhma', '18_29')).toBe(true);
    await next(page);

    // Life situation: a checkbox with Space.
    await tabTo(page, '[data-name="elamantilanne"] input[type="checkbox"]');
    await page.keyboard.press('Space');
    await next(page);

    // The matrix is optional: one row answered with the arrows, the rest left.
    await tabTo(page, '[data-name="tyytyvaisyys"] input[type="radio"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await next(page);

    // Want change: a small one, which shows the 1–3 question.
    await tabTo(page, '[data-name="muutostarve"] input[type="radio"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await eventually(() => checked(page, 'muutostarve', 'pieni_muutos')).toBe(true);
    await next(page);

    await tabTo(page, '[data-name="muutos_osa_alueet"] input[type="checkbox"]');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await next(page);
    await next(page);
    await tabTo(page, '.sd-navigation__complete-btn');
    await page.keyboard.press('Enter');

    expect(await receiptCode(page)).not.toBe('');
    const stored = await env.server.app.db.kysely.selectFrom('answers').select(['question', 'value']).where('question', 'like', 'muutos%').execute();
    expect(stored.filter((a) => a.question === 'muutos_osa_alueet')).toHaveLength(2);
    expect(stored.find((a) => a.question === 'muutostarve')?.value).toBe('pieni_muutos');
    expect(problems).toEqual([]);
    await context.close();
  });
});
