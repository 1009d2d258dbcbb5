// The texts of the respondent's pages in languages other than Finnish are chunks of their own
// (LAZY_LANGUAGES in client/respond/i18n.tsx): a Finnish page never requests the Arabic ones, an
// Arabic page requests them and shows no Finnish interface text before its Arabic, and a page whose
// language chunk cannot be fetched (offline) is shown in Finnish and can still be answered.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { STRINGS } from '../../client/respond/i18n.tsx';
import { SURVEY_STRING_OVERRIDES } from '../../client/respond/survey/strings.ts';
import { eventually, launchBrowser, phonePage } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { fillResidentSurvey, question, receiptCode } from './support/survey.ts';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

/** The build's Arabic chunks, found by what they hold: the page's Arabic texts and survey-core's Arabic locale. */
function arabicChunks(): string[] {
  const assets = path.join(inject('kuuloClientDir'), 'assets');
  const scripts = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  const holding = (test: (text: string) => boolean) => scripts.filter((f) => test(fs.readFileSync(path.join(assets, f), 'utf8')));
  const texts = holding((text) => text.includes(STRINGS.ar.waitingBody));
  const locale = holding((text) => /localeCode:\s*["'`]ar["'`]/.test(text));
  expect(texts, 'one chunk holds the Arabic interface texts').toHaveLength(1);
  expect(locale, "one chunk holds survey-core's Arabic").toHaveLength(1);
  // Neither is the survey-core chunk or an entry: the chunks hold nothing but the language.
  for (const f of [...texts, ...locale]) expect(fs.statSync(path.join(assets, f)).size).toBeLessThan(20_000);
  return [...texts, ...locale].map((f) => `/assets/${f}`);
}

/** Collects the paths of the scripts the page requests. */
function requestedScripts(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('.js')) seen.push(url.pathname);
  });
  return seen;
}

/**
 * Runs in the page before its scripts: notes, as the page is built, the first button outside the
 * language switch (whose buttons name each language in itself), the language switch's label and
 * every Finnish interface text that ever appears.
 */
const watchFirstTexts = (finnish: string[]) => `
  (() => {
    const finnish = ${JSON.stringify(finnish)};
    const seen = (window.__seen = { firstButton: null, languageNav: null, finnish: [] });
    const label = (b) => (b.value || b.textContent || '').trim();
    new MutationObserver(() => {
      const button = [...document.querySelectorAll('button, input[type="button"], input[type="submit"]')].find(
        (b) => !b.closest('.language-switch') && label(b) !== '',
      );
      if (button && seen.firstButton === null) seen.firstButton = label(button);
      const nav = document.querySelector('.language-switch');
      if (nav && seen.languageNav === null) seen.languageNav = nav.getAttribute('aria-label');
      const text = document.body ? document.body.innerText : '';
      for (const f of finnish) if (text.includes(f) && !seen.finnish.includes(f)) seen.finnish.push(f);
    }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  })();
`;

// Finnish interface texts a survey page shows on its way to the form (the loading state, the frame).
const FINNISH_FRAME = [STRINGS.fi.loading, STRINGS.fi.skipToContent, STRINGS.fi.siteTagline, STRINGS.fi.saveForLater, STRINGS.fi.answersKept];

describe('the language chunks', () => {
  it('a Finnish page requests no Arabic chunk', async () => {
    const chunks = arabicChunks();
    const { context, page, problems } = await phonePage(browser);
    const scripts = requestedScripts(page);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await question(page, 'kunta').waitFor();
    await page.goto(`${env.server.url}/tietosuoja/minun-arkeni`);
    await page.getByTestId('privacy-intro').waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => chunks.includes(s))).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an Arabic page requests them and shows Arabic, no Finnish, from its first button', async () => {
    const chunks = arabicChunks();
    const { context, page, problems } = await phonePage(browser);
    const scripts = requestedScripts(page);
    await page.addInitScript(watchFirstTexts(FINNISH_FRAME));
    await page.goto(`${env.server.url}/s/minun-arkeni?lang=ar`);
    await question(page, 'kunta').waitFor();
    expect(chunks.every((c) => scripts.includes(c)), `${chunks.join(', ')} requested`).toBe(true);
    const seen = await page.evaluate(() => (window as unknown as { __seen: { firstButton: string | null; languageNav: string | null; finnish: string[] } }).__seen);
    expect(seen.finnish).toEqual([]);
    expect(seen.languageNav).toBe(STRINGS.ar.languageNav);
    // The form's first button is the municipality dropdown's, with the Arabic chunk's override of survey-core's
    // shipped caption: survey-core's locale and the overrides were both in place before the form was drawn.
    expect(seen.firstButton).toBe(SURVEY_STRING_OVERRIDES.ar.selectCaption);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switching to Arabic fetches its chunks then, and the page turns Arabic', async () => {
    const chunks = arabicChunks();
    const { context, page, problems } = await phonePage(browser);
    const scripts = requestedScripts(page);
    await page.goto(`${env.server.url}/s/minun-arkeni`);
    await question(page, 'kunta').waitFor();
    expect(scripts.filter((s) => chunks.includes(s))).toEqual([]);
    await page.locator('.language-switch button[lang="ar"]').click();
    await eventually(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(chunks.every((c) => scripts.includes(c))).toBe(true);
    await eventually(() => page.locator('.language-switch').getAttribute('aria-label')).toBe(STRINGS.ar.languageNav);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('offline, an Arabic page whose chunk cannot be fetched is shown in Finnish and can be answered', async () => {
    const chunks = arabicChunks();
    const { context, page, problems } = await phonePage(browser);
    await page.route(
      (url) => chunks.includes(url.pathname),
      (route) => route.abort('internetdisconnected'),
    );
    await page.goto(`${env.server.url}/s/minun-arkeni?lang=ar`);
    await question(page, 'kunta').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fi', 'ltr']);
    expect(await page.locator('.language-switch').getAttribute('aria-label')).toBe(STRINGS.fi.languageNav);
    // Usable: answered to the end and received.
    await fillResidentSurvey(page, 'Oulu');
    expect(await receiptCode(page)).toBeTruthy();
    expect(problems).toEqual([]);
    await context.close();
  });
});
