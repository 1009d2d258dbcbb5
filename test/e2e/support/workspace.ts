// The analyst workspace in a browser: a server on a fresh database filled with the demo data set,
// accounts, and signing in through the page as a person does.
import type { Browser, Page } from 'playwright-core';
import { replaceDemoData } from '../../../tools/demo/store.ts';
import { addUser, TEST_PASSWORD } from '../../factories/users.ts';
import type { User } from '../../../server/auth/users.ts';
import { startFreshServer } from './server.ts';
import { expect } from 'vitest';
import { axeViolations, screenshot } from './browser.ts';

export type Environment = Awaited<ReturnType<typeof startFreshServer>>;

/** A server on a fresh database holding the synthetic demo data set (seed 2021: 4,693 residents). */
export async function startDemoServer(): Promise<Environment> {
  const env = await startFreshServer();
  const { app } = env.server;
  await replaceDemoData(app.db.kysely, app.catalog, app.geography, { seed: 2021 });
  return env;
}

export function account(env: Environment, overrides: Parameters<typeof addUser>[1]): Promise<User> {
  return addUser(env.server.app, overrides);
}

export const WIDE = { width: 1440, height: 900 };
export const NARROW = { width: 390, height: 844 };
export const PHONE = { width: 375, height: 812 };

/**
 * axe-core (WCAG 2.1 A/AA and the given extra rules) at 1440 and at 375 px, nothing wider than the
 * phone's screen, and a screenshot at each width when `screenshotName` is given (`<name>.png` and
 * `<name>-375.png`); the page is left at 1440 px.
 */
export async function expectAccessibleAtBothWidths(page: Page, name: string, options: { rules?: string[]; screenshotName?: string } = {}): Promise<void> {
  for (const [width, viewport] of [
    ['1440', WIDE],
    ['375', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    const violations = await axeViolations(page, { rules: options.rules });
    expect(violations, `${name} (${width} px): ${JSON.stringify(violations, null, 2)}`).toEqual([]);
    if (viewport === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at 375 px`).toBeLessThanOrEqual(PHONE.width);
    if (options.screenshotName) await screenshot(page, viewport === PHONE ? `${options.screenshotName}-375` : options.screenshotName);
  }
  await page.setViewportSize(WIDE);
}

export interface WatchedPage {
  readonly page: Page;
  /** Uncaught errors, CSP refusals (console and `securitypolicyviolation` events) and dialogs seen so far. */
  readonly problems: string[];
  close(): Promise<void>;
}

/** A fresh context at the given viewport, watching for script errors, CSP violations and dialogs. */
export async function watchedPage(browser: Browser, viewport = WIDE): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'fi-FI' });
  const problems: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const list = ((window as unknown as { __cspViolations?: string[] }).__cspViolations ??= []);
      list.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, problems, close: () => context.close() };
}

/** CSP violations the page itself saw (`securitypolicyviolation` events). */
export const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

/** Opens `url` (the sign-in page comes first when signed out) and signs in through the form. */
export async function signInThroughPage(page: Page, url: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Sähköposti').fill(email);
  await page.getByLabel('Salasana').fill(password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await page.getByTestId('signed-in-user').waitFor();
}
