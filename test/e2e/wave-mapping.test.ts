// The editor of wave mappings in real Chromium (issue 15): an author opens the authoring list,
// follows the series' link to the mapping of the resident survey's 2021 → 2025 waves, finds the
// renamed question and the merged choices the demo saved, tries a careless recoding (an earlier
// choice left without a counterpart) and reads the server's 400 in the alert region, is stopped by
// the page when a question marked not comparable has no note, then saves; the trend API then
// leaves that question's 2021 wave out with the note as its reason. When another author saves the
// mapping through the API while the page is open, the page's save is refused (409 mapping_changed):
// the alert region names who saved, and "Lataa uudelleen" brings their mapping. axe-core finds no WCAG 2.1 A/AA
// violation at 1440 and 375 px; screenshots in test/artifacts/wave-mapping-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TrendResult } from '../../server/results/trend-schemas.ts';
import type { WaveMappingView } from '../../server/series/schemas.ts';
import { saveDemoWaveMapping } from '../../tools/demo/waves.ts';
import { signIn } from '../factories/users.ts';
import { eventually, launchBrowser, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, expectAccessibleAtBothWidths, signInThroughPage, watchedPage, WIDE, type WatchedPage } from './support/workspace.ts';

const EXTRA_RULES = ['landmark-unique', 'scrollable-region-focusable'];
const LEAVE = 'perhevapaalla_tai_sairauslomalla';
const NOT_COMPARABLE = 'muutostarve';
const NOTE = 'Kysymyksen sanamuoto muuttui vuonna 2025.';
const OTHER_NOTE = 'Toisen laatijan huomautus: vastausvaihtoehdot muuttuivat.';
const MAPPING_URL = '/api/authoring/series/minun-arkeni/mappings/minun-arkeni/minun-arkeni-2025';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;
let author: { email: string };
let admin: { email: string };
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  const { app } = env.server;
  expect(await saveDemoWaveMapping(app.db.kysely, app.catalog, new Date())).toBe(true);
  author = await account(env, { role: 'author' });
  admin = await account(env, { role: 'admin' });
  watched = await watchedPage(browser, WIDE);
  page = watched.page;
}, 300_000);
afterAll(async () => {
  await watched?.close();
  await browser?.close();
  await env?.close();
});

/** axe and the phone's width, with a screenshot at each width. */
const expectAccessible = (name: string) => expectAccessibleAtBothWidths(page, name, { rules: EXTRA_RULES, screenshotName: `wave-mapping-${name}` });

async function fetchJson<T>(on: Page, url: string): Promise<T> {
  return on.evaluate(async (address) => {
    const response = await fetch(address);
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    return response.json();
  }, url);
}

const question = (name: string) => page.locator(`fieldset[data-question="${name}"]`);
const choiceSelect = (name: string, value: string) => question(name).locator(`[data-choice="${value}"] select`);
const save = () => page.getByRole('button', { name: 'Tallenna', exact: true }).click();

describe('the wave mapping editor', () => {
  it('lists the series on the authoring page with a link to the mapping of its consecutive waves', async () => {
    await signInThroughPage(page, `${env.server.url}/laadinta`, author.email);
    await page.getByRole('heading', { name: 'Kyselysarjat', level: 2 }).waitFor();
    const series = page.getByTestId('series').locator('[data-series="minun-arkeni"]');
    await expect.poll(() => series.textContent()).toContain('minun-arkeni-2025');
    expect(await series.textContent()).toContain('2021');
    await expectAccessible('list');
    const link = page.getByRole('link', { name: 'Kierrosten 2021 → 2025 vastaavuudet' });
    expect(await link.getAttribute('href')).toBe('/laadinta/sarjat/minun-arkeni/minun-arkeni/minun-arkeni-2025');
    await link.click();
    await page.getByRole('heading', { level: 1, name: /kierrosten 2021 → 2025 vastaavuudet/ }).waitFor();
  });

  it('shows every question of the later wave with the renamed question and the merged choices the demo saved', async () => {
    await question('elamanlaatu').waitFor();
    const api = await fetchJson<WaveMappingView>(page, '/api/authoring/series/minun-arkeni/mappings/minun-arkeni/minun-arkeni-2025');
    expect(await page.locator('fieldset[data-question]').count()).toBe(api.questions.length);
    // The renamed question: its title, the 2021 question it continues, comparable, saved.
    const renamed = question('elamanlaatu');
    expect(await renamed.locator('legend').first().textContent()).toMatch(/^Kuinka tyytyväinen olet elämääsi kokonaisuutena\? \(elamanlaatu\)/);
    expect(await renamed.getByLabel('Kierroksen 2021 kysymys').inputValue()).toBe('elama_kokonaisuutena');
    expect(await renamed.getByLabel('vertailukelpoinen').isChecked()).toBe(true);
    expect(await renamed.getAttribute('data-source')).toBe('saved');
    expect(await renamed.getByTestId('source').textContent()).toContain('tallennettu');
    // The merged choices: both 2021 choices counted as the one 2025 choice, shown by its label.
    for (const old of ['perhevapaalla', 'sairauslomalla']) {
      const select = choiceSelect('elamantilanne', old);
      expect(await select.inputValue(), old).toBe(LEAVE);
      expect(await select.locator('option:checked').textContent()).not.toBe(LEAVE);
    }
    // A question the demo did not map keeps its default: the same name.
    expect(await question(NOT_COMPARABLE).getByLabel('Kierroksen 2021 kysymys').inputValue()).toBe(NOT_COMPARABLE);
    expect(await question(NOT_COMPARABLE).getAttribute('data-source')).toBe('default');
    // The page offers no unknown choice: every option of a recoding select is a 2025 choice (or "no counterpart").
    const later = await fetchJson<{ survey: { pages: { elements: { name: string; choices?: unknown[] }[] }[] } }>(page, '/api/authoring/surveys/minun-arkeni-2025/file');
    const laterChoices = later.survey.pages.flatMap((p) => p.elements).find((e) => e.name === 'elamantilanne')!.choices!.map((c) => String(typeof c === 'object' && c ? (c as { value: unknown }).value : c));
    const offered = await question('elamantilanne').locator('[data-choice] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(new Set(offered.filter((v) => v !== ''))).toEqual(new Set(laterChoices));
    await expectAccessible('page');
  });

  it('shows the server’s words when an earlier choice of a comparable question is left without a counterpart', async () => {
    await choiceSelect('elamantilanne', 'perhevapaalla').selectOption('');
    await save();
    const alert = page.getByTestId('mapping-problems');
    await eventually(() => alert.textContent()).toContain('Vastaavuuksia ei tallennettu');
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain("question 'elamantilanne' is comparable but choice(s) 'perhevapaalla'");
    expect(text).toContain('have no counterpart');
    expect(await alert.getAttribute('role')).toBe('alert');
    await screenshot(page, 'wave-mapping-rejected');
    // Nothing was saved: the API still has the demo's recoding.
    const api = await fetchJson<WaveMappingView>(page, '/api/authoring/series/minun-arkeni/mappings/minun-arkeni/minun-arkeni-2025');
    expect(api.questions.find((q) => q.question === 'elamantilanne')!.choices).toEqual({ perhevapaalla: LEAVE, sairauslomalla: LEAVE });
    await choiceSelect('elamantilanne', 'perhevapaalla').selectOption(LEAVE);
  });

  it('requires a note for a question marked not comparable, then saves by keyboard and says when', async () => {
    const target = question(NOT_COMPARABLE);
    await target.getByLabel('vertailukelpoinen').focus();
    await page.keyboard.press('Space');
    expect(await target.getByLabel('vertailukelpoinen').isChecked()).toBe(false);
    await save();
    await eventually(() => page.getByTestId('mapping-problems').textContent()).toContain('Kerro, miksi kysymystä ei voi verrata.');
    const note = target.getByLabel('Huomautus');
    expect(await note.getAttribute('aria-invalid')).toBe('true');
    await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type(NOTE);
    await page.getByRole('button', { name: 'Tallenna', exact: true }).focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId('mapping-status').textContent()).toMatch(/^Vastaavuudet tallennettu \d/);
    expect((await page.getByTestId('mapping-problems').textContent()) ?? '').toBe('');
    expect(await target.getAttribute('data-source')).toBe('saved');
    const api = await fetchJson<WaveMappingView>(page, '/api/authoring/series/minun-arkeni/mappings/minun-arkeni/minun-arkeni-2025');
    expect(api.questions.find((q) => q.question === NOT_COMPARABLE)).toMatchObject({ from: NOT_COMPARABLE, comparable: false, note: NOTE, source: 'saved' });
    expect(api.questions.find((q) => q.question === 'elamanlaatu')).toMatchObject({ from: 'elama_kokonaisuutena', comparable: true });
    expect(api.questions.find((q) => q.question === 'elamantilanne')!.choices).toEqual({ perhevapaalla: LEAVE, sairauslomalla: LEAVE });
    await expectAccessible('saved');
    expect(watched.problems).toEqual([]);
  });

  it('the trend API then says the question is not comparable, with the note', async () => {
    const other = await watchedPage(browser, WIDE);
    try {
      await signInThroughPage(other.page, `${env.server.url}/tyotila`, admin.email);
      const trend = await fetchJson<TrendResult>(other.page, `/api/results/minun-arkeni-2025/trend?question=${NOT_COMPARABLE}`);
      expect(trend.comparable).toBe(false);
      const earlier = trend.waves.find((w) => w.wave === '2021')!;
      expect(earlier.included).toBe(false);
      expect(earlier.reason).toContain(NOTE);
      // The renamed question is still a trend over both waves.
      const renamed = await fetchJson<TrendResult>(other.page, '/api/results/minun-arkeni-2025/trend?question=elamanlaatu');
      expect(renamed.waves.every((w) => w.included)).toBe(true);
    } finally {
      await other.close();
    }
  });
  it('refuses a save over another author’s save made meanwhile, names them, and reloads their mapping', async () => {
    const { app } = env.server;
    const other = await signIn(app, admin.email);
    // Another author saves through the API on what the page loaded (its own save above).
    const current = (await app.inject({ method: 'GET', url: MAPPING_URL, headers: other.headers })).json<WaveMappingView>();
    const questions = current.questions.map(({ source: _, ...q }) => (q.question === NOT_COMPARABLE ? { ...q, note: OTHER_NOTE } : q));
    const theirs = await app.inject({ method: 'PUT', url: MAPPING_URL, headers: other.headers, payload: { questions, updatedAt: current.updatedAt } });
    expect(theirs.statusCode, theirs.body).toBe(200);
    // The page still holds the earlier copy: its save is refused and nothing of it is stored.
    const note = question(NOT_COMPARABLE).getByLabel('Huomautus');
    await note.fill('Tämä muutos ei tallennu.');
    await save();
    const alert = page.getByTestId('mapping-problems');
    await eventually(() => alert.textContent()).toContain(`Vastaavuuksia ei tallennettu: ${admin.email} tallensi ne sillä välin`);
    expect(await alert.textContent()).toContain('tallentamattomat muutokset menetetään');
    expect(await page.getByTestId('mapping-status').textContent()).toBe('');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('mapping-problems');
    const stored = (await app.inject({ method: 'GET', url: MAPPING_URL, headers: other.headers })).json<WaveMappingView>();
    expect(stored.questions.find((q) => q.question === NOT_COMPARABLE)!.note).toBe(OTHER_NOTE);
    expect(stored.updatedByEmail).toBe(admin.email);
    await expectAccessible('conflict');
    // "Lataa uudelleen" brings the other author's save; the page's unsaved edit is gone.
    await alert.getByRole('button', { name: 'Lataa uudelleen' }).click();
    await eventually(() => note.inputValue()).toBe(OTHER_NOTE);
    expect((await alert.textContent()) ?? '').toBe('');
    expect(await page.getByTestId('mapping-status').textContent()).toBe('Tallennetut vastaavuudet ladattu uudelleen.');
    // A save now starts from their save and goes through.
    await note.fill(NOTE);
    await save();
    await eventually(() => page.getByTestId('mapping-status').textContent()).toMatch(/^Vastaavuudet tallennettu \d/);
    const after = (await app.inject({ method: 'GET', url: MAPPING_URL, headers: other.headers })).json<WaveMappingView>();
    expect(after.questions.find((q) => q.question === NOT_COMPARABLE)!.note).toBe(NOTE);
    expect(after.updatedByEmail).toBe(author.email);
    expect(watched.problems).toEqual([]);
  });
});
