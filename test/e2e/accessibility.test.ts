// axe-core (WCAG 2.0/2.1, A and AA) on every survey's first page and on the other page kinds, at a
// phone's width and under the server's Content-Security-Policy. Each survey's complete valid
// answer (test/fixtures/answers) also goes through the browser's delivery path to a receipt.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../server/config.ts';
import { axeViolations, eventually, launchBrowser, phonePage, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { receiptCode } from './support/survey.ts';

const surveyIds = fs
  .readdirSync(path.join(projectRoot, 'surveys'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function expectNoViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** Leaves a submission in the page's outbox, as a tab closed offline would. */
async function leavePendingSubmission(page: Page, surveyId: string, data: object) {
  const { version, title } = (await (await fetch(`${env.server.url}/api/surveys/${surveyId}`)).json()) as { version: number; title: unknown };
  const id = crypto.randomUUID();
  const pending = { surveyId, title, body: { id, version, data, locale: 'fi', startedAt: new Date().toISOString() }, draftKey: `draft:${surveyId}:${version}`, queuedAt: new Date().toISOString() };
  await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`kuulo:outbox:${id}`, JSON.stringify(pending)]);
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it.each(['/', '/saavutettavuus', '/tietosuoja/minun-arkeni'])('%s has no violations', async (url) => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(env.server.url + url);
    await page.locator('h1').first().waitFor();
    await expectNoViolations(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the accessibility statement is there in Swedish and English too, with the feedback address and Traficom', async () => {
    const { context, page } = await phonePage(browser);
    await page.goto(`${env.server.url}/saavutettavuus`);
    await eventually(() => page.getByRole('heading', { level: 1, name: 'Saavutettavuusseloste' }).isVisible()).toBe(true);
    expect(await page.locator('a[href^="mailto:"]').count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Svenska' }).click();
    await eventually(() => page.getByRole('heading', { level: 1, name: 'Tillgänglighetsutlåtande' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await eventually(() => page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).isVisible()).toBe(true);
    expect(await page.getByText('Traficom').count()).toBeGreaterThan(0);
    // Every page links it.
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    // The page draws its footer once its texts are in (a language may be a chunk of its own).
    await eventually(() => page.locator('footer a[href="/saavutettavuus"]').count()).toBe(1);
    await context.close();
  });

  it.each(surveyIds)('%s: the first page has no violations, and its complete answer is delivered', async (surveyId) => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/${surveyId}`);
    await page.locator('.sd-question').first().waitFor();
    await expectNoViolations(page);

    const answer = JSON.parse(fs.readFileSync(path.join(projectRoot, `test/fixtures/answers/${surveyId}.json`), 'utf8')) as object;
    await leavePendingSubmission(page, surveyId, answer);
    await page.reload();
    expect(await receiptCode(page)).not.toBe('');
    if (surveyId === 'minun-arkeni') await expectNoViolations(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the resident survey in plain Finnish has no violations', async () => {
    const { context, page } = await phonePage(browser);
    await page.goto(`${env.server.url}/s/minun-arkeni?lang=fi-selko`);
    await page.locator('.sd-question').first().waitFor();
    await eventually(() => page.getByRole('button', { name: 'Selkosuomi' }).getAttribute('aria-pressed')).toBe('true');
    await expectNoViolations(page);
    await context.close();
  });
});
