// Nothing a respondent (or anyone typing into a form) writes can run in a reader's browser.
// Open answers carrying script and markup payloads are submitted through the real API, then every
// page that shows them is opened in Chromium: the workspace's open answers and results, the
// respondent's form with a restored draft, and the admin's audit log (a failed sign-in with a
// marked-up address). No payload may run (each would set `window.__xss` or open a dialog), each is
// shown literally, and the Content-Security-Policy reports no violation on any page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../server/config.ts';
import { eventually, launchBrowser } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, cspViolations, signInThroughPage, watchedPage } from './support/workspace.ts';

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2;alert(2)">',
  '<a href="javascript:window.__xss=3">linkki</a>',
  'javascript:window.__xss=4',
  '<svg onload="window.__xss=5"><circle r="5"/></svg>',
  '<svg><script>window.__xss=6</script></svg>',
  '"><script>window.__xss=7</script>',
  '<img src=x onerror=window.__xss=8//',
  '<iframe src="javascript:window.__xss=9"></iframe>',
  '<b onmouseover="window.__xss=10">lihava</b> & &amp; &lt;b&gt;',
  "'';!--\"<XSS>=&{()}",
  '<details open ontoggle="window.__xss=12">',
];
const AUDIT_PAYLOAD = '<img src=x onerror="window.__xss=13">@example.fi';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;
let adminEmail: string;
const base = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/answers/minun-arkeni.json'), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  const { version } = (await (await fetch(`${env.server.url}/api/surveys/minun-arkeni`)).json()) as { version: number };
  // Twelve from Oulu, so that the group is over the suppression threshold and its answers are listed.
  for (let i = 0; i < PAYLOADS.length; i++) {
    const data = { ...base, kunta: '564', mika_auttaisi: PAYLOADS[i], 'muutos_osa_alueet-Comment': PAYLOADS[(i + 1) % PAYLOADS.length] };
    const res = await fetch(`${env.server.url}/api/surveys/minun-arkeni/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), version, data, locale: 'fi' }),
    });
    expect(res.status, await res.text()).toBe(201);
  }
  adminEmail = (await account(env, { role: 'admin' })).email;
  // A failed sign-in puts the typed address, markup and all, into the audit log.
  const failed = await fetch(`${env.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: AUDIT_PAYLOAD, password: 'väärä' }) });
  expect(failed.status).toBe(401);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** Nothing ran, nothing was parsed into elements, the CSP saw nothing to refuse. */
async function expectInert(page: Page, problems: string[]) {
  // Give event-handler payloads (onerror, onload, ontoggle) their chance to fire.
  await page.waitForTimeout(300);
  await page.locator('main').hover().catch(() => undefined);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('[onerror], [onload], [onmouseover], [ontoggle], a[href^="javascript:"], iframe, img[src="x"]').count()).toBe(0);
  expect(await page.locator('main script, main svg script').count()).toBe(0);
  expect(problems).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
}

describe('answers are text in every page that shows them', () => {
  it('lists the open answers literally in the workspace, and the results views stay inert', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila/minun-arkeni/avoimet?avoin=mika_auttaisi`, adminEmail);
    const answers = page.getByTestId('open-answers').locator('li');
    await eventually(() => answers.count()).toBe(PAYLOADS.length);
    expect(new Set(await answers.allTextContents())).toEqual(new Set(PAYLOADS));
    await expectInert(page, problems);

    await page.goto(`${env.server.url}/tyotila/minun-arkeni/avoimet?avoin=muutos_osa_alueet-Comment&haku=script`);
    await eventually(async () => new Set(await answers.allTextContents())).toEqual(new Set(PAYLOADS.filter((p) => p.includes('script'))));
    await expectInert(page, problems);

    for (const question of ['muutos_osa_alueet', 'mika_auttaisi']) {
      await page.goto(`${env.server.url}/tyotila/minun-arkeni?kysymys=${question}`);
      await page.locator('article.question').waitFor();
      await expectInert(page, problems);
    }
    await close();
  });

  it('shows a marked-up address in the audit log as text', async () => {
    const { page, problems, close } = await watchedPage(browser);
    const response = await page.goto(`${env.server.url}/admin`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await signInThroughPage(page, page.url(), adminEmail);
    await page.getByTestId('audit-log').waitFor();
    await eventually(async () => (await page.getByTestId('audit-log').locator('td').allTextContents()).includes(AUDIT_PAYLOAD)).toBe(true);
    await expectInert(page, problems);
    await close();
  });

  it('restores a draft holding the payloads into the respondent form as text', async () => {
    const { page, problems, close } = await watchedPage(browser);
    const { version } = (await (await fetch(`${env.server.url}/api/surveys/minun-arkeni`)).json()) as { version: number };
    await page.goto(`${env.server.url}/`);
    await page.locator('h1').first().waitFor();
    await expectInert(page, problems);
    const draft = { data: { ...base, mika_auttaisi: PAYLOADS.join('\n'), mita_voin_itse: PAYLOADS[1] }, page: 5, startedAt: new Date().toISOString() };
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`kuulo:draft:minun-arkeni:${version}`, JSON.stringify(draft)]);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    const field = page.locator('[data-name="mika_auttaisi"] textarea');
    await eventually(() => field.inputValue()).toBe(PAYLOADS.join('\n'));
    await expect(page.locator('[data-name="mita_voin_itse"] textarea').inputValue()).resolves.toBe(PAYLOADS[1]);
    await expectInert(page, problems);
    await close();
  });
});
