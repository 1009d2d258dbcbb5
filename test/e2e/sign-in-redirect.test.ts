// The sign-in page's `next` in real Chromium: a value that a browser would read as another site
// (a backslash for a slash, a tab it drops, two slashes, a scheme) ends on the workspace's start
// page on this server, and no request ever leaves for the other site; a path of the workspace is
// still where the sign-in lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, watchedPage } from './support/workspace.ts';
import { TEST_PASSWORD } from '../factories/users.ts';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;
let analystEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  analystEmail = (await account(env, { role: 'analyst' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** Signs in on `/kirjaudu?next=<query>` (the query as typed) and says where the browser ended and what it asked other sites for. */
async function signInWithNext(query: string) {
  const { page, problems, close } = await watchedPage(browser);
  const origin = new URL(env.server.url).origin;
  const foreign: string[] = [];
  // Anything for another origin is recorded and never leaves the machine.
  await page.context().route(
    (url) => url.origin !== origin,
    (route) => {
      foreign.push(route.request().url());
      return route.abort();
    },
  );
  try {
    await page.goto(`${env.server.url}/kirjaudu?next=${query}`);
    await page.getByLabel('Sähköposti').fill(analystEmail);
    await page.getByLabel('Salasana').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
    // A navigation to another site fails here (it is aborted above): the assertions say where it went.
    await page.waitForURL((url) => url.pathname !== '/kirjaudu', { waitUntil: 'commit' }).catch(() => undefined);
    const landed = new URL(page.url());
    const signedIn = landed.origin === origin && landed.pathname !== '/kirjaudu' ? await page.getByTestId('signed-in-user').textContent() : null;
    return { origin, landed, signedIn, foreign, problems };
  } finally {
    await close();
  }
}

describe('open redirect after sign-in', () => {
  it('ends on the workspace on this site for next=/%5Cevil.example/x, //evil.example, https://evil.example and /\\t/evil.example', async () => {
    for (const query of ['/%5Cevil.example/x', '//evil.example', 'https://evil.example', '/%09/evil.example']) {
      const { origin, landed, signedIn, foreign, problems } = await signInWithNext(query);
      expect(foreign, `next=${query}`).toEqual([]);
      expect(landed.origin, `next=${query}`).toBe(origin);
      expect(landed.pathname, `next=${query}`).toBe('/tyotila');
      expect(signedIn).toBe(analystEmail);
      expect(problems).toEqual([]);
    }
  });

  it('still lands on a path of the workspace: next=/tyotila/minun-arkeni', async () => {
    const { origin, landed, signedIn, foreign } = await signInWithNext('/tyotila/minun-arkeni');
    expect(landed.origin).toBe(origin);
    expect(landed.pathname).toBe('/tyotila/minun-arkeni');
    expect(signedIn).toBe(analystEmail);
    expect(foreign).toEqual([]);
  });
});
