// The workspace's menus and the admin page in real Chromium, as the permission table decides them:
// an admin is offered distribution, entry and administration, an analyst none of them (and the
// admin address shows no admin page), and on the admin page the municipality and area fields appear
// only for a role whose results are limited to places; a viewer made there is stored with its
// municipality and the audit log shows the creation. The page passes axe-core (WCAG 2.1 A/AA).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { findUserByEmail } from '../../db/users.ts';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, signInThroughPage, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let adminEmail: string;
let analystEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  adminEmail = (await account(env, { role: 'admin' })).email;
  analystEmail = (await account(env, { role: 'analyst' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** The main menu's entries, in order. */
const menu = (page: Page) => page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('listitem').allTextContents();

describe('menus and the admin page follow the permission table', () => {
  it('offers an admin distribution, entry and administration, and the admin page makes a viewer with a municipality', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila`, adminEmail);
    // An admin also writes surveys (surveys.author): the editor's entry comes after the results'.
    expect(await menu(page)).toEqual(['Kyselyt', 'Laadinta', 'Jakelu', 'Tallennus', 'Ylläpito']);
    await page.getByRole('link', { name: 'Ylläpito' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ylläpito' }).waitFor();

    await page.getByText('Lisää käyttäjä').click();
    const form = page.locator('form.admin-form').first();
    // An analyst sees every place: no place fields; a viewer's results are limited to places: asked for.
    await form.getByLabel('Rooli').selectOption('analyst');
    expect(await form.getByLabel('Kuntakoodit').count()).toBe(0);
    await form.getByLabel('Rooli').selectOption('viewer');
    await form.getByLabel('Kuntakoodit').fill('305');
    await form.getByLabel('Sähköposti').fill('kuusamo-katselija@example.fi');
    await form.getByLabel('Salasana').fill('pitkä-salasana-123');
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await screenshot(page, 'admin-create-viewer');
    await form.getByRole('button', { name: 'Lisää', exact: true }).click();
    await page.getByText('Käyttäjä kuusamo-katselija@example.fi lisätty.').waitFor();

    const stored = await findUserByEmail(env.server.app.db.kysely, 'kuusamo-katselija@example.fi');
    expect(stored?.role).toBe('viewer');
    expect(JSON.parse(stored!.municipalities)).toEqual(['305']);
    const row = page.getByRole('row', { name: /kuusamo-katselija@example\.fi/ });
    await expect.poll(() => row.getByRole('cell').first().textContent()).toBe('katselija');
    await eventually(() => page.getByTestId('audit-log').getByRole('row', { name: /user\.create.*kuusamo-katselija@example\.fi/ }).count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('offers an analyst none of them, and the admin address shows no admin page', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila`, analystEmail);
    expect(await menu(page)).toEqual(['Kyselyt']);
    await page.goto(`${env.server.url}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Sivua ei löytynyt.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Käyttäjät' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
