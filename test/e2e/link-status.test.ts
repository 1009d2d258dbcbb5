// The links and invitations pages show a link as the server judges it, in real Chromium: a link past
// its closing time and one at its response limit read closed (with why), not open. The pages once
// worked the state out from `closedAt` alone (set only when an admin closes a link by hand), so both
// of these showed "auki" while the server refused their answers.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { adminApi } from './support/distribution.ts';
import { startFreshServer } from './support/server.ts';
import { account, signInThroughPage, watchedPage, type Environment } from './support/workspace.ts';
import type { Links } from '../../server/distribution/schemas.ts';

const SURVEY = 'jarjestoyhteistyo';
const PAST = '2020-01-01T00:00:00.000Z';
const FUTURE = '2099-12-31T00:00:00.000Z';

let browser: Browser;
let env: Environment;
let adminEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  adminEmail = (await account(env, { role: 'admin' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** The tag's class and text: what a person sees, which is also what the old page got wrong. */
async function tagOf(scope: Locator) {
  const tag = scope.locator('.status-tag');
  return { className: await tag.getAttribute('class'), text: (await tag.innerText()).trim() };
}

describe('link status on the admin pages', () => {
  it('shows links past their closing time or at their response limit as closed, and why', async () => {
    const { app } = env.server;
    const api = await adminApi(app, adminEmail);
    const make = async (body: Record<string, unknown>) => {
      const res = await api<Links>('POST', `/api/admin/surveys/${SURVEY}/links`, { kind: 'public', ...body });
      expect(res.status).toBe(201);
      return res.body.links[0]!;
    };
    const expired = await make({ label: 'Vanha juliste', closesAt: PAST });
    const full = await make({ label: 'Täysi juliste', maxResponses: 1, closesAt: FUTURE });
    const open = await make({ label: 'Avoin juliste', maxResponses: 5, closesAt: FUTURE });
    // What the old page read: none of them has been closed by hand.
    expect([expired.closedAt, full.closedAt, open.closedAt]).toEqual([null, null, null]);

    // One answer through the limited link fills it.
    const answer = await app.inject({
      method: 'POST',
      url: `/api/surveys/${SURVEY}/responses`,
      payload: {
        id: crypto.randomUUID(),
        version: app.catalog.get(SURVEY)!.version,
        data: { jarjestotyyppi: 'paikallisyhdistys', toiminta_alue: 'koko_maakunta' },
        locale: 'fi',
        link: full.token,
      },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    // The server refuses both: the page must not call them open.
    expect((await app.inject({ method: 'GET', url: `/api/links/${expired.token}` })).json().status).toBe('closed');
    expect((await app.inject({ method: 'GET', url: `/api/links/${full.token}` })).json().status).toBe('closed');

    const invitations = await api<Links>('POST', `/api/admin/surveys/${SURVEY}/invitations`, { labels: ['Myöhästynyt kutsu'], closesAt: PAST });
    expect(invitations.status).toBe(201);
    const current = await api<Links>('POST', `/api/admin/surveys/${SURVEY}/invitations`, { labels: ['Voimassa oleva kutsu'], closesAt: FUTURE });
    expect(current.status).toBe(201);

    const admin = await watchedPage(browser);
    await signInThroughPage(admin.page, `${env.server.url}/admin/kyselyt/${SURVEY}/linkit`, adminEmail);
    const card = (token: string) => admin.page.locator(`li.link-card[data-token="${token}"]`);
    await card(open.token).waitFor();

    expect(await tagOf(card(expired.token))).toEqual({ className: 'status-tag status-tag--closed', text: 'suljettu, sulkeutumisaika ohi' });
    expect(await tagOf(card(full.token))).toEqual({ className: 'status-tag status-tag--closed', text: 'täynnä, vastausraja saavutettu' });
    expect(await tagOf(card(open.token))).toEqual({ className: 'status-tag status-tag--open', text: 'auki' });
    expect(await card(expired.token).getAttribute('class')).toContain('link-card--closed');
    expect(await card(full.token).getAttribute('class')).toContain('link-card--closed');
    expect(await card(open.token).getAttribute('class')).not.toContain('link-card--closed');

    await admin.page.getByRole('link', { name: 'Kutsut' }).click();
    const row = (token: string) => admin.page.locator(`tr[data-token="${token}"]`);
    await row(current.body.links[0]!.token).waitFor();
    expect(await tagOf(row(invitations.body.links[0]!.token))).toEqual({ className: 'status-tag status-tag--closed', text: 'suljettu, sulkeutumisaika ohi' });
    expect(await tagOf(row(current.body.links[0]!.token))).toEqual({ className: 'status-tag status-tag--open', text: 'käyttämättä' });

    expect(admin.problems).toEqual([]);
    await admin.close();
  }, 150_000);
});
